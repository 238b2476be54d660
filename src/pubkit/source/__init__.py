"""The source stage: a Markdown file with YAML front matter read into a Document
(``reader``), the frozen model with source locations (``model``), its translatable
segments (``segments``) and the inline Markdown subset of prose (``inline``).
A new block type starts here: read in ``reader``, modelled in ``model``."""
