"""Sites as they are (SPEC 8.3): find the generator's site, read its configuration, make
its URLs.

Run inside a Jekyll, Hugo or Eleventy site (or given its root), sharekit reads
the generator's own configuration into the :class:`Site`, under
``sharekit.toml`` when there is one (precedence: defaults < the generator's
configuration < ``sharekit.toml`` < a record's ``site`` < flags), and keeps
the site's root in ``Site.generator``: each post below it gets the URL, the
date and the description the generator gives it (``_site_jekyll``,
``_site_hugo``, ``_site_eleventy``).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharekit.config import Site, _apply, find_config, load_site
from sharekit.records._site_eleventy import eleventy_record, is_eleventy, read_eleventy
from sharekit.records._site_hugo import hugo_record, is_hugo, read_hugo
from sharekit.records._site_jekyll import is_jekyll, jekyll_record, read_jekyll
from sharekit.records._site_root import SiteRoot

__all__ = ["SiteReport", "find_site_root", "generator_meta", "load_site_at", "site_report"]

log = logging.getLogger("sharekit")
_READERS = (("jekyll", is_jekyll, read_jekyll), ("hugo", is_hugo, read_hugo))
_CACHE: dict[tuple[Path, float], SiteRoot] = {}
_BY_ROOT: dict[Path, SiteRoot] = {}
_SAID: set[str] = set()


def find_site_root(start: str | Path | None = None) -> Path | None:
    """The nearest folder (``start`` or a parent) that is a Jekyll, Hugo or Eleventy site."""
    try:
        folder = (Path(start) if start is not None else Path.cwd()).resolve()
        if not folder.is_dir():
            folder = folder.parent
    except (OSError, ValueError, RuntimeError):
        return None  # a path that cannot be a file (NUL, a loop): the command says so itself
    for candidate in (folder, *folder.parents):
        if _kind(candidate) is not None:
            return candidate
    return None


def _kind(folder: Path) -> str | None:
    try:
        for kind, test, _ in _READERS:
            if test(folder):
                return kind
        return "eleventy" if is_eleventy(folder) else None
    except OSError:
        return None


def read_site_root(root: Path) -> SiteRoot:
    """The site's configuration as sharekit reads it (read once per run and config change)."""
    root = root.resolve()
    kind = _kind(root)
    stamp = max((p.stat().st_mtime for p in root.iterdir() if p.is_file()), default=0.0)
    cached = _CACHE.get((root, stamp))
    if cached is not None:
        return cached
    if kind == "jekyll":
        result = read_jekyll(root)
    elif kind == "hugo":
        result = read_hugo(root)
    else:
        result = read_eleventy(root)
    _CACHE[(root, stamp)] = result
    _BY_ROOT[root] = result  # the posts of this run ask by root only
    return result


def load_site_at(
    path: str | Path | None = None, config: str | Path | None = None, **flags: Any
) -> Site:
    """The configuration for a site's root (or a path inside it; None: the current folder).

    Without a generator's site this is :func:`sharekit.load_site`. With one,
    its configuration lies under ``sharekit.toml`` (the nearest to the site,
    or ``config``) and flags, and ``Site.generator`` names the root so its
    posts get the generator's URLs. What could not be read is logged once.
    """
    root = find_site_root(path)
    if root is None:
        return load_site(config, **flags)
    site_root = read_site_root(root)
    for note in site_root.notes:
        if note not in _SAID:
            _SAID.add(note)
            log.warning("%s", note)
    log.debug("%s site at %s", site_root.kind, root)
    for key, value, where in site_root.read:
        log.debug("  %s = %s (from %s)", key, value, where)
    base = _apply(Site(), site_root.tables, f"{site_root.kind} site", root)
    base = dataclasses.replace(base, generator=root)
    if config is None:
        config = find_config(root)
    return load_site(config, base=base, **flags)


@dataclass(frozen=True, slots=True)
class SiteReport:
    """What ``sharekit site`` prints: the generator, the root and each key's source."""

    kind: str
    root: Path
    read: tuple[tuple[str, str, str], ...]
    notes: tuple[str, ...]
    content: tuple[Path, ...]
    config: Path | None

    def lines(self) -> Iterator[str]:
        yield f"{self.kind} site at {self.root}"
        for key, value, where in self.read:
            yield f"  {key} = {value}  (from {where})"
        if self.config is not None:
            yield f"  under {self.config} (its keys win)"
        for folder in self.content:
            yield f"  posts in {folder}"
        for note in self.notes:
            yield f"  note: {note}"


def site_report(path: str | Path | None = None) -> SiteReport | None:
    """What sharekit reads from the site at (or above) ``path``; None when there is none."""
    root = find_site_root(path)
    if root is None:
        return None
    site_root = read_site_root(root)
    return SiteReport(
        site_root.kind,
        site_root.root,
        site_root.read,
        site_root.notes,
        site_root.content,
        find_config(root),
    )


def site_folders(site: Site, folder: Path) -> tuple[Path, ...] | None:
    """The folders to walk when ``folder`` is the site's root (posts, not layouts or output)."""
    root = site.generator
    if root is None or folder.resolve() != root:
        return None
    return read_site_root(root).content


def generator_meta(
    site: Site | None, meta: dict[str, Any], body: str, path: Path, name: str
) -> tuple[dict[str, Any], Mapping[str, Any]] | None:
    """The front matter as the generator sees it and the record fields it decides, for a
    post under ``site.generator``; None for any other file (read as usual)."""
    if site is None or site.generator is None:
        return None
    root = site.generator
    # abspath, not resolve: no system call per post (resolve only when a link is in the way)
    absolute = Path(os.path.abspath(path))  # noqa: PTH100 (on purpose: see above)
    if not absolute.is_relative_to(root):
        absolute = path.resolve()
        if not absolute.is_relative_to(root):
            return None
    path = absolute
    site_root = _BY_ROOT.get(root) or read_site_root(root)
    if site_root.kind == "jekyll":
        found = jekyll_record(site_root, meta, body, path, name)
    elif site_root.kind == "hugo":
        found = hugo_record(site_root, meta, body, path, name)
    else:
        found = eleventy_record(site_root, meta, body, path, name)
    if found is None:
        return None
    meta, overrides = found
    link = overrides.pop("link", None)
    if isinstance(link, str):
        # the effective site's url: sharekit.toml's when it sets one, else the generator's
        overrides["url"] = site.url.rstrip("/") + link if site.url else link
    overrides["site_url"] = site.url
    return meta, overrides
