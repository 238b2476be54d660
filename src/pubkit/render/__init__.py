"""The render stage: an Edition (source + catalogs + fallback chain, ``edition``)
typeset to HTML (``typography``, ``html``) and to PDF (``pdf``, the only WeasyPrint
user; ``fonts``, the only fontTools user). A new output format is a module here."""
