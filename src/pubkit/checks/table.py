"""The ordered rule tables: a new check is a function in its family's module and a line here."""

from __future__ import annotations

from pubkit.checks import completeness, content, glyphs, lint, markup, typography, validity
from pubkit.checks.findings import CatalogCheck, EntryCheck, Rule, SourceCheck

# Names and severities are those of the README's table of checks: change them together.
SOURCE_RULES: tuple[Rule[SourceCheck], ...] = (
    Rule("source-lint", "warning", lint.check_missing_links),
    Rule("source-lint", "warning", lint.check_name_spellings),
    Rule("source-lint", "warning", lint.check_literal_markdown),
    Rule("figures", "error", lint.check_figure_images),
)
"""Run once per publication, on its source."""

CATALOG_RULES: tuple[Rule[CatalogCheck], ...] = (
    Rule("po-validity", "error", validity.check_header),
    Rule("plural-forms", "warning", validity.check_plural_convention),
    Rule("outdated", "warning", completeness.check_outdated),
    Rule("control-characters", "error", markup.check_credit_characters),
)
"""Run once per catalog, before its entries."""

ENTRY_RULES: tuple[Rule[EntryCheck], ...] = (
    Rule("po-validity", "error", validity.check_entry_validity),
    Rule("fuzzy", "warning", completeness.check_fuzzy),
    Rule("untranslated", "warning", completeness.check_untranslated),
    Rule("identical", "warning", completeness.check_identical),
    Rule("markdown", "error", markup.check_markdown),
    Rule("control-characters", "error", markup.check_control_characters),
    Rule("control-characters", "warning", markup.check_soft_hyphens),
    Rule("html", "warning", markup.check_html),
    Rule("urls", "warning", markup.check_urls),
    Rule("length", "warning", markup.check_length),
    Rule("numbers", "error", content.check_numbers),
    Rule("glossary", "error", content.check_glossary),
    Rule("pullquote", "warning", content.check_pullquote),
    Rule("typography", "warning", typography.check_typography),
    Rule("glyphs", "error", glyphs.check_glyphs),
)
"""Run on every active entry of every catalog, in this order (the findings' order)."""
