"""The catalog stage: gettext catalogs made from segments and kept in step with
the source. PO reading and the catalog operations (``catalog``), the msgcat-identical
writer (``poformat``), fuzzy matching for merges (``matching``) and the project-level
commands extract, init, update, status and review (``workflow``)."""
