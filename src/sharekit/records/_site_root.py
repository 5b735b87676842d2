"""What a site reader hands back (SPEC 8.3): the generator's configuration as sharekit tables,
what was read from where, what could not be read, and the generator's own URL rules.

Shared by ``_site_jekyll``, ``_site_hugo`` and ``_site_eleventy``; ``_site``
picks the reader and binds the result to a :class:`~sharekit.config.Site`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharekit.config import SITE_KEYS, TABLES
from sharekit.errors import InputError
from sharekit.text import _validate as v
from sharekit.text._limits import MAX_CONFIG_BYTES, check_depth, parse_guard, read_input

__all__ = ["Reading", "SiteRoot", "read_config_file", "site_image"]

log = logging.getLogger("sharekit")


@dataclass(frozen=True, slots=True)
class SiteRoot:
    """A generator's site as sharekit reads it.

    ``tables`` are sharekit configuration tables (``{"site": {...}, "feed":
    {...}}``), validated; ``read`` lists ``(key, value, where)`` for ``sharekit
    site``; ``notes`` what could not be read; ``rules`` the generator's URL
    rules (a frozen object of the reader's module); ``content`` the folders a
    walk of the root reads.
    """

    kind: str
    root: Path
    tables: Mapping[str, Mapping[str, Any]]
    read: tuple[tuple[str, str, str], ...]
    notes: tuple[str, ...]
    rules: Any
    content: tuple[Path, ...]


@dataclass
class Reading:
    """Collects what a reader finds; a value sharekit refuses becomes a note, not an error."""

    kind: str
    root: Path
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    read: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def put(self, key: str, value: Any, where: str) -> None:
        """Set sharekit's ``key`` (``name``, ``feed.description``) from ``where``, if valid."""
        if value is None or value == "" or value == []:
            return
        table, _, name = key.rpartition(".")
        table = table or "site"
        if name in self.tables.get(table, {}):
            return  # the first place that gives a key wins (a language before the site)
        checkers = SITE_KEYS if table == "site" else TABLES[table][1]
        try:
            checked = checkers[name](value, where, f"{table}.{name}", self.root)
        except InputError as error:
            self.notes.append(f"{where}: not used: {error.expected}")
            return
        self.tables.setdefault(table, {})[name] = checked
        text = isinstance(checked, str)
        shown = json.dumps(checked, ensure_ascii=False) if text else str(checked)
        self.read.append((key if table != "site" else f"site.{name}", shown, where))

    def done(self, rules: Any, content: tuple[Path, ...]) -> SiteRoot:
        # the site's own files (a logo, a default image under img/) may reach the output
        self.tables.setdefault("publish", {}).setdefault("assets_root", str(self.root.resolve()))
        return SiteRoot(
            self.kind,
            self.root,
            {name: dict(values) for name, values in self.tables.items()},
            tuple(self.read),
            tuple(dict.fromkeys(self.notes)),
            rules,
            content,
        )


def read_config_file(path: Path, name: str) -> Any:
    """A YAML, TOML or JSON configuration file, parsed with the limits of every input."""
    data = read_input(path, name, "config file", MAX_CONFIG_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(name, None, "not UTF-8 text") from None
    suffix = path.suffix.lower()
    if suffix == ".toml":
        import tomllib

        try:
            with parse_guard(name, "TOML"):
                value: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise InputError(name, None, f"not valid TOML: {error}") from None
    elif suffix == ".json":
        try:
            with parse_guard(name, "JSON"):
                value = json.loads(text)
        except ValueError as error:
            raise InputError(name, None, f"not valid JSON: {error}") from None
    else:
        import yaml

        try:
            with parse_guard(name, "YAML"):
                value = yaml.safe_load(text)
        except yaml.YAMLError as error:
            problem = getattr(error, "problem", None) or "syntax error"
            raise InputError(name, None, f"not valid YAML: {problem}") from None
    check_depth(value, name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(name, None, f"expected key: value pairs, got {v.kind(value)}")
    return value


def site_image(value: Any, root: Path, site_url: str) -> str | None:
    """A site-wide image named as the generator names it: a URL, or a path from the site root.

    The file itself when it is under the root (sharekit reads its size), else
    its URL on the site.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.startswith(("http://", "https://", "//")):
        return text
    for base in (root, root / "static", root / "assets", root / "public"):
        candidate = (base / text.lstrip("/")).resolve()
        if candidate.is_relative_to(root.resolve()) and candidate.is_file():
            return str(candidate)
    if site_url:
        return site_url.rstrip("/") + "/" + text.lstrip("/")
    return None


def lowered(mapping: Any) -> dict[str, Any]:
    """A mapping with lower-cased keys (Hugo's keys are case-insensitive); {} for anything else."""
    if not isinstance(mapping, Mapping):
        return {}
    return {str(key).lower(): value for key, value in mapping.items()}


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``base``, mappings merged key by key (Jekyll's ``deep_merge_hashes``)."""
    result = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = deep_merge(result[key], value)
        else:
            result[key] = value
    return result
