"""Cache entries are believed only when this user's pubkit wrote them (pubkit.usercache):
a render or a font record committed into .pubkit-cache/ is made again, never published
or used by the glyph check."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from pubkit import usercache
from pubkit.checks.theme import design_fonts
from pubkit.config import Project
from pubkit.publish.cache import RenderCache
from pubkit.publish.release import release
from pubkit.publish.renderer import PdfResult
from pubkit.render.fonts import _CMAPS, Fonts, font_version
from pubkit.render.pdf import Rendered
from pubkit.theme.files import PACKAGED
from pubkit.theme.preflight import load_design

from ..conftest import THEME_FONTS
from ..helpers import rendered_cache, small_project

PLANTED = b"%PDF-1.7\n% planted: not what the release renders\n"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return small_project(tmp_path / "project")


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The render cache of the small project, every edition rendered once for the module."""
    return rendered_cache(tmp_path_factory.mktemp("warm"))


def store(cache: RenderCache, key: str, data: bytes = b"%PDF-1.7 genuine") -> None:
    cache.store(key, PdfResult({k: Rendered(data, 1, ()) for k in ("screen", "print")}, 0))


# -- renders ------------------------------------------------------------------------------------


def test_an_entry_this_user_stored_is_used(project: Project) -> None:
    cache = RenderCache.of(project, load_design(project))
    store(cache, "a" * 32)
    assert cache.has("a" * 32)
    assert (cache.read_pdf("a" * 32, "print"), cache.pages("a" * 32)) == (b"%PDF-1.7 genuine", 1)


def test_an_entry_tagged_under_another_secret_is_missing(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = RenderCache.of(project, load_design(project))
    store(cache, "a" * 32)
    monkeypatch.setattr(usercache, "_secret", [b"\x01" * usercache.SECRET_BYTES])
    assert not cache.has("a" * 32)


def test_an_entry_whose_tag_covers_other_content_is_missing(project: Project) -> None:
    cache = RenderCache.of(project, load_design(project))
    store(cache, "a" * 32)
    cache.pdf("a" * 32, "screen").write_bytes(PLANTED)  # a PDF swapped, the record kept
    assert not cache.has("a" * 32)
    store(cache, "b" * 32)
    genuine = cache._record("b" * 32).read_bytes()
    cache._record("a" * 32).write_bytes(genuine)  # another entry's record: another key
    assert not cache.has("a" * 32)
    for record in ('{"pages": 1}', '{"pages": 1, "tag": 5}', "[1]", '{"pages": "1"}', "{"):
        cache._record("b" * 32).write_text(record, encoding="utf-8")
        assert not cache.has("b" * 32), record


@pytest.mark.slow
def test_a_planted_render_is_not_published(tmp_path: Path, warm: Path) -> None:
    # Entries named by the right keys (anyone can compute them), each planted another way:
    # without a tag, with a made-up one, and with the genuine tag of other PDF bytes.
    project = small_project(tmp_path / "project", cache=warm)
    folder = project.render_cache_dir
    keys = sorted(path.stem for path in folder.glob("*.json"))
    assert len(keys) == 3
    for key, style in zip(keys, ("none", "made-up", "other bytes"), strict=True):
        record = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        for kind in ("screen", "print"):
            (folder / f"{key}-{kind}.pdf").write_bytes(PLANTED)
        if style == "none":
            del record["tag"]
        elif style == "made-up":
            record["tag"] = hashlib.sha256(PLANTED).hexdigest()
        (folder / f"{key}.json").write_text(json.dumps(record), encoding="utf-8")
    [result] = release(project, version="1.0", jobs=2)
    assert (result.rendered, result.cached) == (3, 0)
    for lang in ("en", "fr", "bm"):
        for name in (f"brief-{lang}.pdf", f"brief-{lang}-print.pdf"):
            published = (result.folder / name).read_bytes()
            assert published != PLANTED and published.startswith(b"%PDF-")
    # written over: the next release uses what this one rendered
    assert all((folder / f"{key}-screen.pdf").read_bytes() != PLANTED for key in keys)
    [again] = release(project, version="1.1", jobs=2)
    assert (again.rendered, again.cached) == (0, 3)


@pytest.mark.slow
def test_a_genuine_cache_is_used_in_another_project_of_the_same_user(
    tmp_path: Path, warm: Path
) -> None:
    project = small_project(tmp_path / "project", cache=warm)
    [result] = release(project, version="1.0", jobs=2)
    assert (result.rendered, result.cached) == (0, 3)


# -- fonts --------------------------------------------------------------------------------------

FONT = THEME_FONTS / "NotoSans-Regular.ttf"
HAN = "中"  # no glyph in Noto Sans


def theme_fonts(project: Project) -> Fonts:
    """The fonts the glyph check reads (the default theme's), through the font cache."""
    fonts = design_fonts(project)
    assert fonts is not None
    return fonts


def font_digest() -> str:
    return hashlib.sha256(FONT.read_bytes()).hexdigest()[:32]


def plant(project: Project, name: str, value: object) -> None:
    """``value`` planted as the font record ``name`` each way in turn (as an earlier
    pubkit wrote it, without a tag, with a made-up one); each ignored."""
    folder = project.font_cache_dir
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(value)
    entries: list[object] = [value, {"json": text}, {"json": text, "tag": "0" * 64}]
    for index, entry in enumerate(entries):
        (folder / name).write_text(json.dumps(entry), encoding="utf-8")
        assert_from_the_font(project, index)


def assert_from_the_font(project: Project, index: int) -> None:
    """The glyph check and the version come from the font itself."""
    _CMAPS.clear()
    fonts = theme_fonts(project)
    assert FONT.name in fonts.missing(HAN), index
    version = font_version(FONT, project.font_cache_dir, PACKAGED, project.root)
    assert version.startswith("Version "), (index, version)


def test_planted_font_records_are_ignored(project: Project) -> None:
    everything = list(range(0x20, 0x30000))  # a cmap that claims every glyph there is
    digest = font_digest()
    plant(project, f"cmap-{digest}.json", everything)
    plant(project, f"version-{digest}.json", "Fake 9.9")


def test_font_records_this_user_wrote_are_used(project: Project) -> None:
    _CMAPS.clear()
    theme_fonts(project)
    stored = project.font_cache_dir / f"cmap-{font_digest()}.json"
    entry = json.loads(stored.read_text(encoding="utf-8"))
    entry["json"] = json.dumps([*json.loads(entry["json"]), ord(HAN)])
    entry["tag"] = usercache.tag(f"font:{stored.name}", entry["json"].encode())
    stored.write_text(json.dumps(entry), encoding="utf-8")  # as if this user's pubkit had
    _CMAPS.clear()
    fonts = theme_fonts(project)
    assert FONT.name not in fonts.missing(HAN)  # read from the cache, not the font


# -- the secret ---------------------------------------------------------------------------------


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new user cache, and no secret loaded yet; the pubkit folder in it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(usercache, "_secret", [])
    return tmp_path / "cache" / "pubkit"


def test_the_secret_is_made_once_in_a_private_folder(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = usercache.secret()
    path = fresh / usercache.SECRET_NAME
    assert path.read_bytes() == made and len(made) == usercache.SECRET_BYTES
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in fresh.iterdir()) == [usercache.SECRET_NAME]
    monkeypatch.setattr(usercache, "_secret", [])
    assert usercache.secret() == made  # the next run reads it


def test_a_secret_others_can_read_is_replaced(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = usercache.secret()
    (fresh / usercache.SECRET_NAME).chmod(0o644)
    monkeypatch.setattr(usercache, "_secret", [])
    again = usercache.secret()
    assert again != made and (fresh / usercache.SECRET_NAME).read_bytes() == again


def test_no_secret_is_kept_in_a_folder_others_can_write(fresh: Path) -> None:
    fresh.mkdir(parents=True)
    fresh.chmod(0o777)
    made = usercache.secret()  # this process's own: believed by this run alone
    assert len(made) == usercache.SECRET_BYTES
    assert not (fresh / usercache.SECRET_NAME).exists()


def test_the_secret_is_not_read_through_a_link(
    fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = tmp_path / "known"
    known.write_bytes(b"\x02" * usercache.SECRET_BYTES)
    os.chmod(known, 0o600)
    fresh.mkdir(parents=True, mode=0o700)
    (fresh / usercache.SECRET_NAME).symlink_to(known)
    made = usercache.secret()
    assert made != known.read_bytes()
    assert not (fresh / usercache.SECRET_NAME).is_symlink()
    assert known.read_bytes() == b"\x02" * usercache.SECRET_BYTES  # not written through
