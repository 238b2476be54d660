"""The render stage: an Edition (source + catalogs + fallback chain, ``edition``)
typeset to HTML (``typography``, ``html``) and to PDF bytes (``pdf``: HTML → PDF through
the URL fetcher; ``weasyprint_loader``, the only WeasyPrint importer: fontconfig isolation
and the cffi declarations cache; ``fonts``, the only fontTools user). A new output format
is a module here; how WeasyPrint is loaded changes in ``weasyprint_loader`` alone."""
