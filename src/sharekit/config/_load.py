"""Loading the configuration: finding and reading the file, and the one precedence function.

``load_site`` lays defaults, the file and flags; ``bind_site`` lays a record's
own ``site`` object over that, once, when the record is loaded (the order is
in the package docstring).
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sharekit.config._checks import SITE_KEYS, TABLES
from sharekit.config._podcast import podcast_tables
from sharekit.config._tables import Site
from sharekit.errors import InputError
from sharekit.text import _validate as v


def site_table(
    values: Mapping[str, Any], source: str | None, base_dir: Path, prefix: str = "site."
) -> dict[str, Any]:
    """Validate a ``[site]`` table (or a record's ``site`` object): cleaned values."""
    if not isinstance(values, Mapping):
        raise InputError(source, prefix.rstrip("."), f"expected an object, got {v.kind(values)}")
    v.check_keys(values, SITE_KEYS, source, prefix)
    return {
        key: SITE_KEYS[key](value, source, prefix + key, base_dir) for key, value in values.items()
    }


def _table(name: str, values: Any, source: str | None, base_dir: Path) -> dict[str, Any]:
    if not isinstance(values, Mapping):
        raise InputError(source, name, f"expected a table, got {v.kind(values)}")
    checkers = TABLES[name][1]
    v.check_keys(values, checkers, source, f"{name}.")
    return {
        key: checkers[key](value, source, f"{name}.{key}", base_dir)
        for key, value in values.items()
    }


def _apply(
    site: Site, data: Mapping[str, Any], source: str | None, base_dir: Path, *, pin: bool = False
) -> Site:
    """Validate a whole config mapping (tables by name) and lay it over ``site``."""
    v.check_keys(data, ("site", *TABLES, "podcast"), source)
    changes: dict[str, Any] = {}
    if "site" in data:
        changes.update(site_table(data["site"], source, base_dir))
    if "podcast" in data:  # SPEC 8.5: [podcast.SHOW] tables
        changes["podcasts"] = podcast_tables(data["podcast"], source, base_dir)
    for name in TABLES:
        if name in data:
            table = _table(name, data[name], source, base_dir)
            changes[name] = dataclasses.replace(getattr(site, name), **table)
    if pin and "site" in data:
        changes["pinned"] = site.pinned | frozenset(data["site"])
    return dataclasses.replace(site, **changes)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``sharekit.toml``, or ``pyproject.toml`` with ``[tool.sharekit]``."""
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        candidate = directory / "sharekit.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "sharekit" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    from sharekit.text._limits import MAX_CONFIG_BYTES, check_depth, parse_guard, read_input

    data = read_input(path, path.name, "config file", MAX_CONFIG_BYTES)
    try:
        with parse_guard(path.name, "TOML"):
            table = tomllib.loads(data.decode("utf-8"))
        check_depth(table, path.name)
        return table
    except tomllib.TOMLDecodeError as error:
        raise InputError(path.name, None, f"not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise InputError(path.name, None, "not valid TOML: not UTF-8 text") from None


def load_site(
    config: str | Path | Mapping[str, Any] | None = None,
    *,
    source: str | None = None,
    base: Site | None = None,
    **overrides: Any,
) -> Site:
    """Load the site configuration.

    ``config`` is a config file (``sharekit.toml``, or a ``pyproject.toml``
    with ``[tool.sharekit]``), a mapping of tables, or None to look for a file
    from the current directory upwards (defaults when there is none).
    ``overrides`` are flags: ``[site]`` keys (``url="https://..."``) or whole
    tables (``card={"template": "photo"}``); they win over every other layer,
    including a record's own ``site`` object. ``source`` names a mapping in
    error messages (``settings.SHAREKIT: card.sizes: unknown key...``). ``base``
    is what the file lies on instead of the defaults (a generator's site, SPEC 8.3).
    """
    site = base if base is not None else Site()
    if isinstance(config, Mapping):
        site = _apply(site, config, source, Path.cwd())
    else:
        path = Path(config) if config is not None else find_config()
        if config is not None and not path.exists():  # type: ignore[union-attr]
            raise InputError(str(config), None, "config file not found")
        if path is not None:
            data = _read_toml(path)
            if path.name == "pyproject.toml":
                data = data.get("tool", {}).get("sharekit", {})
                source = "pyproject.toml [tool.sharekit]"
            else:
                source = path.name
            site = _apply(site, data, source, path.parent.resolve())
            site = dataclasses.replace(site, config_path=path.resolve())
    if overrides:
        tables = {
            k: overrides.pop(k) for k in list(overrides) if k in TABLES and overrides[k] is not None
        }
        flags: dict[str, Any] = dict(tables)
        site_flags = {k: x for k, x in overrides.items() if x is not None}
        if site_flags:
            flags["site"] = site_flags
        site = _apply(site, flags, "option", Path.cwd(), pin=True)
    return site


def bind_site(site: Site, overrides: Mapping[str, Any] | None = None, url: str = "") -> Site:
    """The one precedence function: ``site`` with a record's own ``site`` object over it.

    ``overrides`` were validated when the record was loaded; keys that flags
    pinned stay as the flags set them. With the record's ``url``, an empty
    ``[site] url`` becomes its origin and an empty ``name`` its host. Called
    once per record, when it is loaded (:attr:`Article.site` holds the result).
    """
    if overrides:
        allowed = {k: x for k, x in overrides.items() if k not in site.pinned}
        if allowed:
            site = dataclasses.replace(site, **allowed)
    if url and (not site.url or not site.name):
        parts = urlsplit(url)
        changes: dict[str, Any] = {}
        if not site.url:
            changes["url"] = f"{parts.scheme}://{parts.netloc}"
        if not site.name:
            changes["name"] = parts.hostname or ""
        site = dataclasses.replace(site, **changes)
    return site


def apply_flags(site: Site, **tables: Mapping[str, Any] | None) -> Site:
    """``site`` with flags over whole tables (``card={"template": "photo"}``); None values skip."""
    flags = {
        name: values
        for name, table in tables.items()
        if (values := {k: x for k, x in (table or {}).items() if x is not None})
    }
    return _apply(site, flags, "option", Path.cwd()) if flags else site
