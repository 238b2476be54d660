"""The project's catalogs of the theme's words: their template (the theme's labels and the
office names of the sources), and a new catalog, prefilled from the translation the
theme ships for its language."""

from __future__ import annotations

from collections.abc import Sequence

from pubkit.catalogs.pofile import Catalog, existing_text, read_catalog_shared
from pubkit.catalogs.template import init_catalog, keep_creation_date, now_stamp
from pubkit.config import Project, Publication
from pubkit.source.model import Document
from pubkit.theme.files import ThemeFiles, packaged_translation
from pubkit.theme.labels import (
    OFFICE,
    Office,
    office_of,
    project_template,
    theme_labels,
    usable,
)

TITLE = "the words of the publications' theme"


def theme_template(project: Project, sources: Sequence[tuple[Publication, Document]]) -> Catalog:
    """The template of the theme's words for the project. When only its date would
    change, it keeps the date of the template on disk."""
    files = ThemeFiles(project.styles_dir, project.root)
    offices: list[Office] = []
    for publication, document in sources:
        office = office_of(project, publication.source, document.meta.office)
        if office is not None:
            offices.append(office)
    pot = project_template(theme_labels(files), offices, now_stamp())
    old = existing_text(project.theme_pot_path, project.root)
    if old is not None:
        keep_creation_date(pot, old)
    return pot


def new_theme_catalog(
    project: Project, pot: Catalog, lang: str, translator: str | None
) -> tuple[Catalog, int]:
    """A new catalog of the theme's words in ``lang``, each label the theme ships a
    translation of in ``lang`` filled with it; and how many were. The header says where
    they come from and the catalog stays a draft until a reviewer signs it."""
    catalog = init_catalog(pot, lang, TITLE, translator)
    files = ThemeFiles(project.styles_dir, project.root)
    shipped_file = files.find(packaged_translation(lang))
    if shipped_file is None:
        return catalog, 0
    shipped = read_catalog_shared(shipped_file.path, shipped_file.shown, shipped_file.root)
    found = {(e.msgctxt, e.msgid): e for e in shipped if not e.obsolete}
    filled = 0
    for entry in catalog:
        source = found.get((entry.msgctxt, entry.msgid))
        if source is None or bool(source.msgid_plural) != bool(entry.msgid_plural):
            continue
        forms = usable(source, entry.msgid, entry.msgid_plural or None, entry.msgctxt != OFFICE)
        if forms is None:
            continue
        if entry.msgid_plural:
            if len(forms) != len(entry.msgstr_plural):
                continue
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = forms[0]
        filled += 1
    if filled:
        credit = shipped.metadata.get("X-Translation-Credit") or shipped.metadata.get(
            "Last-Translator", "the theme's translators"
        )
        catalog.header += (
            f"\n{filled} entries were filled from the translation the theme ships,\n"
            f"{shipped_file.shown}: {credit}."
        )
    return catalog, filled
