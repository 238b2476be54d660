"""Facts about languages, one home each: takes a language code (``fr``, ``pt-BR``), gives
what pubkit must know of it. Plural-Forms (``plurals``, from the table in ``data``),
language names (``names``, CLDR via Babel), typographic conventions (``typography``:
quotation marks and apostrophes from CLDR's table in ``data``, punctuation spacing; the
renderer applies them), number separators and spaces (``numbers``, CLDR via Babel; check
parses numbers with them) and hyphenation (``hyphenation``: pyphen's dictionaries, which
WeasyPrint uses). A new fact about languages goes here, as data or a function of the code,
never in the stage that uses it. Babel and pyphen are imported only when a fact that needs
them is asked for."""
