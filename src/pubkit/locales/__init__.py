"""Facts about languages, one home each: takes a language code (``fr``, ``pt-BR``), gives
what pubkit must know of it. Plural-Forms (``plurals``, from the table in ``data``),
language names (``names``, CLDR via Babel), typographic conventions (``typography``:
quotation marks, French spacing, digit grouping; the renderer applies them) and number
separators (``numbers``; check parses numbers with them). A new fact about languages
goes here, as data or a function of the code, never in the stage that uses it. Babel is
imported only when a fact that needs it is asked for.

Hyphenation is decided by the stylesheet alone (``styles/brief.css``: ``hyphens: auto``
for en and fr, ``manual`` for bm), not here."""
