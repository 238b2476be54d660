"""Configuration checked against a schema, in the spirit of mkdocs's config options: a
schema is a table of :class:`Key` (name → :class:`Option`, default, description); each
option checks a value's type and range and gives the value pubkit uses. Every error is
raised through :class:`At`, which knows the path of keys to the value and so the line of
the configuration file that writes it (pubkit.config finds it).

A new configuration key is one :class:`Key` in pubkit.config's tables; a new kind of
value, an :class:`Option` here."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pubkit.errors import PubkitError

KeyPath = tuple[str | int, ...]
"""Where a value is in the configuration: table keys, and the index in an array."""

NAME_MAX = 255
"""The bytes a file name may hold on the file systems pubkit runs on (NAME_MAX)."""
PATH_MAX = 4095
"""The bytes a path may hold (PATH_MAX, without its final NUL)."""


@dataclass(frozen=True)
class At:
    """Where a value being checked sits: its keys, what its table is called in messages
    (``owner``: "language 'fr'", "publication 2"), the project folder its paths are
    relative to, the values of its table checked so far, and how an error at a path of
    keys becomes a PubkitError at that key's line."""

    keys: KeyPath
    root: Path
    locate: Callable[[str, KeyPath], PubkitError]
    owner: str | None = None
    checked: Mapping[str, Any] = field(default_factory=dict)
    label: str | None = None

    @property
    def name(self) -> str:
        """The value as messages name it: ``locale-dir``, ``threshold of language 'fr'``
        (or its ``label``)."""
        if self.label is not None:
            return self.label
        key = next((k for k in reversed(self.keys) if isinstance(k, str)), "configuration")
        return f"{key} of {self.owner}" if self.owner else key

    def child(self, key: str | int, owner: str | None = None) -> At:
        return At((*self.keys, key), self.root, self.locate, owner or self.owner)

    def error(self, message: str, *more: str | int) -> PubkitError:
        """An error at the line of this value (or of ``more`` keys below it)."""
        return self.locate(message, (*self.keys, *more))


_KINDS: dict[type, str] = {int: "a number", float: "a number", str: "text", list: "an array"}
_KINDS[dict] = "a table"


def shown(value: object) -> str:
    """A configuration value as a message shows it: its TOML type, and short."""
    if isinstance(value, bool):
        return str(value).lower()
    kind = _KINDS.get(type(value), type(value).__name__)  # or a date, a time
    if isinstance(value, list | dict):
        return kind
    text = repr(value) if isinstance(value, str | int | float) else str(value)
    return f"{kind} {text[:60]}…" if len(text) > 60 else f"{kind} {text}"


class Option:
    """A kind of value: :meth:`check` returns what pubkit uses or raises at ``at``."""

    kind = "a value"
    """What the value must be, as the message after "must be" says it."""

    def check(self, value: object, at: At) -> Any:
        raise NotImplementedError

    def wrong(self, value: object, at: At) -> PubkitError:
        return at.error(f"{at.name} must be {self.kind} (got {shown(value)})")


@dataclass(frozen=True)
class Flag(Option):
    kind = "true or false"

    def check(self, value: object, at: At) -> bool:
        if not isinstance(value, bool):
            raise self.wrong(value, at)
        return value


@dataclass(frozen=True)
class Number(Option):
    """An integer or a decimal number between ``low`` and ``high``, as a float."""

    low: float
    high: float

    @property
    def kind(self) -> str:  # type: ignore[override]
        return f"a number between {self.low:g} and {self.high:g}"

    def check(self, value: object, at: At) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.wrong(value, at)
        if math.isnan(value) or not self.low <= value <= self.high:
            raise at.error(
                f"{at.name} must be between {self.low:g} and {self.high:g} (got {value})"
            )
        return float(value)


@dataclass(frozen=True)
class Text(Option):
    """One line of text; with ``pattern``, text it matches in full (``kind`` says what
    that is), and with ``problem``, text that function finds no problem with."""

    kind: str = "text"
    pattern: re.Pattern[str] | None = None
    max_bytes: int | None = None
    problem: Callable[[str], str | None] | None = None

    def check(self, value: object, at: At) -> str:
        value = _one_line(self, value, at)
        if self.pattern is not None and not self.pattern.fullmatch(value):
            raise self.wrong(value, at)
        if self.max_bytes is not None and len(value.encode("utf-8", "replace")) > self.max_bytes:
            raise at.error(f"{at.name} must be at most {self.max_bytes} bytes long")
        found = self.problem(value) if self.problem is not None else None
        if found:
            raise at.error(found)
        return value


@dataclass(frozen=True)
class ProjectPath(Option):
    """A path relative to the project folder that stays inside it once every link in it
    is followed; a ``folder`` or a file, and when it exists, that. With ``outside_if``,
    the sibling flag that lets it be anywhere (absolute, or out by '..')."""

    folder: bool
    outside_if: str | None = None

    @property
    def kind(self) -> str:  # type: ignore[override]
        return f"the path of a {'folder' if self.folder else 'file'}, relative to the project"

    def check(self, value: object, at: At) -> Path:
        value = _one_line(self, value, at)
        encoded = os.fsencode(value)
        if len(encoded) > PATH_MAX or any(len(part) > NAME_MAX for part in encoded.split(b"/")):
            raise at.error(
                f"{at.name} is too long for a path (at most {NAME_MAX} bytes a name, "
                f"{PATH_MAX} in all)"
            )
        path = at.root / value
        root = os.path.realpath(at.root)
        resolved = os.path.realpath(path)
        if not (self.outside_if and at.checked.get(self.outside_if)):
            hint = f" ({self.outside_if} = true allows it)" if self.outside_if else ""
            if os.path.isabs(value):
                raise at.error(
                    f"{at.name} must be relative to the project folder, not {value!r}{hint}"
                )
            if os.path.commonpath([root, resolved]) != root:
                raise at.error(
                    f"{at.name} must stay inside the project folder: {value!r} is {resolved}{hint}"
                )
        _check_kind(resolved, self.folder, value, at)
        return path


def _check_kind(resolved: str, folder: bool, value: str, at: At) -> None:
    """Refuse a path that is the wrong kind of thing, or lies under a file."""
    if os.path.isdir(resolved):
        if not folder:
            raise at.error(f"{at.name} names a folder, not a file: {value!r}")
        return
    if os.path.lexists(resolved):
        if folder:
            raise at.error(f"{at.name} names a file, not a folder: {value!r}")
        return
    parent = os.path.dirname(resolved)
    while parent != os.path.dirname(parent) and not os.path.lexists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        raise at.error(f"{at.name} cannot be made: {parent} is not a folder")


def _one_line(option: Option, value: object, at: At) -> str:
    """``value`` as text that is not blank and holds no C0/C1 control character (NUL,
    line breaks, tabs…), else an error."""
    if not isinstance(value, str):
        raise option.wrong(value, at)
    if not value.strip():
        raise at.error(f"{at.name} must not be empty")
    if any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in value):
        raise at.error(f"{at.name} must not contain control characters")
    return value


@dataclass(frozen=True)
class ListOf(Option):
    """A TOML array of ``item`` values (``kind`` says of what), each different; a tuple."""

    item: Option
    kind: str = "an array"

    def check(self, value: object, at: At) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise self.wrong(value, at)
        items = tuple(self.item.check(item, at.child(index)) for index, item in enumerate(value))
        for index, item in enumerate(items):
            if item in items[:index]:
                raise at.child(index).error(f"{at.name} names {item!r} twice")
        return items


@dataclass(frozen=True)
class ByType(Option):
    """A value checked by the option for its TOML type: ``options`` pairs a Python type
    (``str``, ``list``, ``dict``) with the option that checks a value of that type
    ("a file, or a table of files"); any other type is wrong."""

    options: tuple[tuple[type, Option], ...]
    kind: str = "a value"

    def check(self, value: object, at: At) -> Any:
        for kind, option in self.options:
            if isinstance(value, kind) and not isinstance(value, bool):
                if isinstance(option, Table) and option.name is not None and at.keys:
                    at = replace(at, owner=option.name(at.keys[-1]))  # "font family 'serif'"
                return option.check(value, at)
        raise self.wrong(value, at)


@dataclass(frozen=True)
class Key:
    """One key of a :class:`Table`: what its value must be, its default (None: none, the
    key may be left out), whether it must be written, and what it means."""

    name: str
    option: Option
    default: Any = None
    description: str = ""
    required: bool = False


@dataclass(frozen=True)
class Table(Option):
    """A TOML table with the keys of the schema only; a dict of their checked values (the
    checked defaults for those left out, None for optional keys without one). ``name``
    names the table in messages from the key or index it is found under ("language 'fr'",
    "publication 2"); the values of its keys are named after it ("threshold of language
    'fr'")."""

    keys: tuple[Key, ...]
    name: Callable[[str | int], str] | None = None

    kind = "a table"

    def check(self, value: object, at: At) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise at.error(f"{at.owner or at.name} must be a table of options (got {shown(value)})")
        known = {key.name for key in self.keys}
        unknown = [name for name in value if name not in known]
        if unknown:
            where = f"key(s) for {at.owner}" if at.owner else "configuration key(s)"
            raise at.error(
                f"unknown {where}: {', '.join(unknown)} (known: {', '.join(sorted(known))})",
                unknown[0],
            )
        checked: dict[str, Any] = {}
        for key in self.keys:
            if key.name not in value and key.required:
                whose = at.owner or "the configuration"
                raise at.error(f"{whose} needs {key.name!r}: {key.description}")
            given = value.get(key.name, key.default)
            inner = At((*at.keys, key.name), at.root, at.locate, at.owner, dict(checked))
            # Defaults are checked too: the default folder may be a file.
            checked[key.name] = None if given is None else key.option.check(given, inner)
        return checked

    def named(self, at: At, key: str | int) -> At:
        """Where the table found under ``key`` sits, named."""
        return at.child(key, self.name(key) if self.name else None)


@dataclass(frozen=True)
class TableOf(Option):
    """A TOML table whose keys are ``name`` values (``what`` they are: "language code")
    and whose values are ``table``s; a dict, in the file's order."""

    name: Option
    table: Table
    what: str = "key"

    kind = "a table"

    def check(self, value: object, at: At) -> dict[str, dict[str, Any]]:
        if not isinstance(value, dict):
            raise self.wrong(value, at)
        result = {}
        for name, options in value.items():
            self.name.check(name, replace(at.child(name), label=f"{self.what} {name!r}"))
            result[name] = self.table.check(options, self.table.named(at, name))
        return result


@dataclass(frozen=True)
class ArrayOfTables(Option):
    """A TOML array of ``table``s (``[[name]]``); a tuple. With ``empty``, the message
    that refuses an empty one."""

    table: Table
    empty: str | None = None

    kind = "an array of tables"

    def check(self, value: object, at: At) -> tuple[dict[str, Any], ...]:
        if not isinstance(value, list):
            raise self.wrong(value, at)
        if not value and self.empty:
            raise at.error(self.empty)
        return tuple(
            self.table.check(item, self.table.named(at, index)) for index, item in enumerate(value)
        )
