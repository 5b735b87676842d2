"""An Eleventy site (SPEC 8.3): ``_data/metadata.json``, a post's ``permalink`` or its input path.

Eleventy's configuration is JavaScript (``eleventy.config.js``,
``.eleventy.js``) and so are many data files: sharekit cannot evaluate them,
says so once, and names the ``sharekit.toml`` keys to set instead. A
``permalink`` that is a template (``{{ ... }}``, ``{% ... %}``) needs
evaluation too and is refused by name; a literal one is the URL. Otherwise
the URL is the input path: ``blog/post.md`` is ``/blog/post/``,
``blog/post/index.md`` is ``/blog/post/`` (Eleventy's default permalinks).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sharekit.errors import InputError
from sharekit.records._site_root import Reading, SiteRoot, read_config_file
from sharekit.text import _validate as v
from sharekit.text._limits import MAX_CONFIG_BYTES, read_input

__all__ = ["eleventy_record", "is_eleventy", "read_eleventy"]

_CONFIGS = (
    ".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs",
    "eleventy.config.ts",
)  # fmt: skip
_SKIP = ("node_modules", "_site", "_data", "_includes", "_layouts", "public", "dist")
_TO_SET = "[site] url, name, lang and timezone"
# dir.input written as a literal string (`input: "content"`): read from the text, not run
_INPUT = re.compile(r"""\binput\s*:\s*["']([^"'$`{}]+)["']""")


@dataclass(frozen=True, slots=True)
class EleventyRules:
    url: str
    input_dir: Path


def is_eleventy(folder: Path) -> bool:
    return (folder / "_data" / "metadata.json").is_file() or any(
        (folder / name).is_file() for name in _CONFIGS
    )


def read_eleventy(root: Path) -> SiteRoot:
    reading = Reading("eleventy", root)
    where = "_data/metadata.json"
    metadata: Mapping[str, Any] = {}
    if (root / where).is_file():
        metadata = read_config_file(root / where, where)
    for name in ("metadata.js", "metadata.mjs", "metadata.cjs", "site.js", "site.json"):
        if (root / "_data" / name).is_file() and name.endswith("js"):
            reading.notes.append(
                f"_data/{name} is JavaScript and cannot be read (skipped): set {_TO_SET}"
                " in sharekit.toml"
            )
    input_dir = root.resolve()
    for name in _CONFIGS:
        if (root / name).is_file():
            found = _input_folder(root, name)
            folder = (root / found).resolve() if found else None
            if found and folder is not None and folder.is_dir() and folder.is_relative_to(root):
                input_dir = folder
                reading.read.append(("input folder", found, f"{name} dir.input (text)"))
            reading.notes.append(
                f"{name} is JavaScript and cannot be read: set {_TO_SET} in sharekit.toml"
                + ("" if found else " (sharekit takes the input folder to be the site's root)")
            )
            break
    url = str(metadata.get("url") or "").rstrip("/")
    reading.put("url", url or None, f"{where} url")
    reading.put("name", metadata.get("title"), f"{where} title")
    reading.put("lang", metadata.get("language"), f"{where} language")
    reading.put("feed.description", metadata.get("description"), f"{where} description")
    content = tuple(
        folder
        for folder in sorted(root.iterdir())
        if folder.is_dir() and folder.name not in _SKIP and not folder.name.startswith(".")
    )
    if input_dir != root.resolve():
        content = (input_dir,)
    return reading.done(EleventyRules(url, input_dir), content)


# Eleventy's date keywords (docs/dates.md): the file's times ("git ..." read the file's too)
_MODIFIED = ("last modified", "git last modified")
_CREATED = ("created", "git created")


def _file_dates(meta: dict[str, Any], path: Path) -> None:
    """``date: Last Modified`` / ``Created``: the file's modification / creation time."""
    for key, value in list(meta.items()):
        if str(key).lower() != "date" or not isinstance(value, str):
            continue
        word = value.strip().lower()
        if word in _MODIFIED or word in _CREATED:
            status = path.stat()
            stamp = status.st_mtime
            if word in _CREATED:
                stamp = getattr(status, "st_birthtime", None) or min(
                    status.st_mtime, status.st_ctime
                )
            meta[key] = datetime.fromtimestamp(stamp, UTC)


def _input_folder(root: Path, name: str) -> str | None:
    """``dir.input`` when the configuration writes it as a literal string, else None."""
    data = read_input(root / name, name, "config file", MAX_CONFIG_BYTES)
    found = _INPUT.search(data.decode("utf-8", errors="replace"))
    return found.group(1) if found else None


def eleventy_record(
    site_root: SiteRoot, meta: dict[str, Any], body: str, path: Path, name: str
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``(meta, overrides)``: the URL from ``permalink`` or the input path."""
    rules: EleventyRules = site_root.rules
    permalink = next((x for k, x in meta.items() if str(k).lower() == "permalink"), None)
    if permalink is False:
        return None  # no page written: front matter mapping reports it
    if isinstance(permalink, str) and permalink.strip():
        if "{{" in permalink or "{%" in permalink:
            raise InputError(
                name,
                "permalink",
                f"a template that needs Eleventy to evaluate it: {v.show(permalink)};"
                " give the post a url",
            )
        link = "/" + permalink.strip().lstrip("/")
        if link.endswith("/index.html"):
            link = link[: -len("index.html")]
    else:
        relative = path.relative_to(rules.input_dir).with_suffix("")
        parts = list(relative.parts)
        if parts and parts[-1] == "index":
            parts = parts[:-1]
        link = "/" + "/".join(parts) + ("/" if parts else "")
    meta = {k: x for k, x in meta.items() if str(k).lower() != "permalink"}
    _file_dates(meta, path)
    overrides: dict[str, Any] = {"link": quote(link, safe="/:@!$&'()*+,;=-._~%")}
    overrides["image_roots"] = (site_root.root,)
    return meta, overrides
