"""pubkit: Markdown briefs, gettext catalogs and print PDFs per language."""

__version__ = "0.1.0"
