"""Regenerate the static fonts of the default theme (src/pubkit/theme/default/fonts/) from
the pinned Noto variable fonts.

Usage, from the project root:

    .venv/bin/pip install -e '.[fonts]'
    .venv/bin/python tools/generate_fonts.py

The fontpkg-noto-* wheels carry Noto Serif and Noto Sans as variable fonts under the
SIL Open Font License 1.1. WeasyPrint cannot select weights from a variable font, so
this script cuts the static instances the styles use, keeping every Latin, IPA and
combining-mark glyph Bambara and French need (with their mark-positioning anchors).
The output is deterministic: no timestamps are recalculated.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import fontpkg_noto_sans
import fontpkg_noto_serif
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

HERE = Path(__file__).resolve().parent.parent / "src" / "pubkit" / "theme" / "default" / "fonts"
UNICODES = [
    *range(0x0020, 0x0250),  # Basic Latin to Latin Extended-B (ŋ Ŋ, ǎ …)
    *range(0x0250, 0x0300),  # IPA extensions and modifiers (ɛ ɔ ɲ Ɛ Ɔ Ɲ)
    *range(0x0300, 0x0370),  # combining marks: tone marks of Bambara
    *range(0x1E00, 0x1F00),  # Latin Extended Additional
    *range(0x2000, 0x2070),  # punctuation, narrow no-break space, dashes, quotes
    *range(0x20A0, 0x20C1),  # currency signs
    0x00A0, 0x2122, 0x2212, 0x25A0, 0xFEFF,
]  # fmt: skip
FACES = {
    # file name: (package, variable font file, axis location)
    "NotoSerif-Regular.ttf": (fontpkg_noto_serif, "NotoSerif[wdth,wght].ttf", 400, 100),
    "NotoSerif-Bold.ttf": (fontpkg_noto_serif, "NotoSerif[wdth,wght].ttf", 700, 100),
    "NotoSerif-Italic.ttf": (fontpkg_noto_serif, "NotoSerif-Italic[wdth,wght].ttf", 400, 100),
    "NotoSerif-BoldItalic.ttf": (fontpkg_noto_serif, "NotoSerif-Italic[wdth,wght].ttf", 700, 100),
    "NotoSans-Regular.ttf": (fontpkg_noto_sans, "NotoSans[wdth,wght].ttf", 400, 100),
    "NotoSans-Bold.ttf": (fontpkg_noto_sans, "NotoSans[wdth,wght].ttf", 700, 100),
    "NotoSans-CondensedBlack.ttf": (fontpkg_noto_sans, "NotoSans[wdth,wght].ttf", 900, 75),
}


def cut(package: object, source: str, weight: int, width: int, target: Path) -> None:
    font = TTFont(Path(package.ROOT) / "files" / source, recalcTimestamp=False)  # type: ignore[attr-defined]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    static = instancer.instantiateVariableFont(
        font, {"wght": weight, "wdth": width}, updateFontNames=True
    )
    static.save(target)


# -- source2: the monospace face of code blocks (issue 14) ------------------------------
# Noto Sans Mono is in no fontpkg wheel: it comes from Debian's fonts-noto-mono package
# (20201225-1, Noto Sans Mono 2.006, SIL Open Font License 1.1, "Copyright 2015 Google
# LLC"), a static font cut to the same characters as the others. Its licence, with its
# own copyright line, is OFL-NotoSansMono.txt.
MONO_SOURCE = Path("/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf")
MONO = "NotoSansMono-Regular.ttf"


def cut_mono(source: Path, target: Path) -> None:
    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    # "Version 2.006; ttfautohint (…)": the hinting is cut above, and the manifest
    # records a font's version as "Version N.NNN", as the other fonts give it.
    for record in font["name"].names:
        if record.nameID == 5:
            record.string = record.toUnicode().split(";")[0]
    font.save(target)


# -- end source2 --


def main() -> None:
    for name, (package, source, weight, width) in FACES.items():
        cut(package, source, weight, width, HERE / name)
        print("wrote", HERE / name)
    shutil.copyfile(Path(fontpkg_noto_serif.ROOT) / "LICENSE", HERE / "OFL.txt")
    if MONO_SOURCE.exists():  # apt-get install fonts-noto-mono
        cut_mono(MONO_SOURCE, HERE / MONO)
        print("wrote", HERE / MONO)
    else:
        print(f"kept {MONO}: {MONO_SOURCE} is missing (apt-get install fonts-noto-mono)")


if __name__ == "__main__":
    main()
