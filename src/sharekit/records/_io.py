"""Reading records: JSON, JSON arrays, JSON Lines, YAML, Markdown with front matter
(as Jekyll, Hugo, Eleventy and Astro write it: ``_frontmatter``) and WordPress and
Ghost exports (``_exports``).

Records stream: a JSON Lines file is read line by line and a JSON array
element by element, so memory does not grow with the batch.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from sharekit.config import Site
from sharekit.errors import InputError
from sharekit.model import Article
from sharekit.records._build import build_article
from sharekit.records._frontmatter import Skipped
from sharekit.text import _validate as v
from sharekit.text._limits import (
    MAX_JSON_LINE_BYTES,
    MAX_MARKDOWN_CHARS,
    MAX_RECORD_BYTES,
    MAX_YAML_BYTES,
    check_depth,
    check_regular,
    is_int_limit,
    number_message,
    parse_guard,
    read_input,
)

__all__ = ["RECORD_SUFFIXES", "count_records", "load_article", "load_articles"]

# What a folder walk reads. An .xml export is read when named only: sitemaps
# and feeds live beside posts.
RECORD_SUFFIXES = (".json", ".jsonl", ".ndjson", ".yaml", ".yml", ".md", ".markdown", ".mdx")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
log = logging.getLogger("sharekit")
Raw = tuple[str, Any]  # (source name for messages, the parsed record)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {v.show(key)}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)


def _read_text(path: Path, name: str, what: str = "record file", limit: int = 0) -> str:
    data = read_input(path, name, what, limit or MAX_RECORD_BYTES)
    return _decode(data, name)


def _decode(data: bytes, name: str) -> str:
    encoding = _utf16_or_32(data)
    if encoding:
        raise InputError(name, None, f"not UTF-8 text: the file is {encoding}; save it as UTF-8")
    if b"\x00" in data[:8192]:
        raise InputError(name, None, "not a text file (binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(name, None, f"not UTF-8 text (byte {error.start})") from None
    if not text.strip():
        raise InputError(name, None, "empty file; expected a record")
    return text


def _utf16_or_32(data: bytes) -> str:
    """The encoding a byte order mark or the NUL pattern of ASCII text gives away, if not UTF-8."""
    for mark, encoding in (
        (b"\xff\xfe\x00\x00", "UTF-32LE"),
        (b"\x00\x00\xfe\xff", "UTF-32BE"),
        (b"\xff\xfe", "UTF-16LE"),
        (b"\xfe\xff", "UTF-16BE"),
    ):
        if data.startswith(mark):
            return encoding
    head = data[:4]
    if len(head) == 4 and head[1] == head[3] == 0 and head[0] and head[2]:
        return "UTF-16LE"
    if len(head) == 4 and head[0] == head[2] == 0 and head[1] and head[3]:
        return "UTF-16BE"
    return ""


def _json_error(
    name: str, error: json.JSONDecodeError | ValueError, *, one_line: bool = False
) -> InputError:
    """The parse error; ``one_line``: the source already names the line (JSON Lines)."""
    if isinstance(error, json.JSONDecodeError):
        where = (
            f"column {error.colno}" if one_line else f"line {error.lineno}, column {error.colno}"
        )
        return InputError(name, None, f"not valid JSON: {error.msg} ({where})")
    if is_int_limit(error):
        return InputError(name, None, f"not valid JSON: {number_message()}")
    return InputError(name, None, f"not valid JSON: {error}")


def _decode_json(text: str, name: str, position: int | None = None) -> tuple[Any, int]:
    """One JSON value (from ``position`` when given), depth-checked."""
    with parse_guard(name, "JSON"):
        if position is None:
            value, end = _DECODER.decode(text), len(text)
        else:
            value, end = _DECODER.raw_decode(text, position)
    check_depth(value, name)
    return value, end


def _json_records(text: str, name: str) -> Iterator[Raw]:
    start = len(text) - len(text.lstrip())
    if not text.startswith("[", start):
        try:
            yield name, _decode_json(text, name)[0]
        except ValueError as error:
            raise _json_error(name, error) from None
        return
    # Decode an array one element at a time instead of building the whole list.
    index, position, count = 0, start + 1, 0
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        if text.startswith("]", position):
            if text[position + 1 :].strip():
                raise InputError(name, None, "not valid JSON: extra data after the array")
            return
        if count and not text.startswith(",", position):
            raise InputError(
                name, None, f"not valid JSON: expected ',' or ']' at character {position}"
            )
        if count:
            position += 1
            while position < len(text) and text[position] in " \t\r\n":
                position += 1
        try:
            record, position = _decode_json(text, f"{name}[{index}]", position)
        except ValueError as error:
            raise _json_error(name, error) from None
        yield f"{name}[{index}]", record
        index, count = index + 1, count + 1


def _json_lines(path: Path, name: str) -> Iterator[Raw]:
    """Records of a JSON Lines file, streamed line by line (each line at most 16 MB)."""
    check_regular(path, name, "record file", limit=2**63)
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(name, None, f"cannot read: {error.strerror}") from None
    with handle:
        number = 0
        while line := handle.readline(MAX_JSON_LINE_BYTES + 1):
            number += 1
            source = f"{name}:{number}"
            if len(line) > MAX_JSON_LINE_BYTES and not line.endswith(b"\n"):
                raise InputError(source, None, "line too long: over 16 MB")
            if number == 1 and _utf16_or_32(line):
                encoding = _utf16_or_32(line)
                raise InputError(
                    name, None, f"not UTF-8 text: the file is {encoding}; save it as UTF-8"
                )
            try:
                text = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise InputError(source, None, f"not UTF-8 text (byte {error.start})") from None
            if text.strip():
                try:
                    record: Any = _decode_json(text, source)[0]
                except ValueError as error:
                    record = _json_error(source, error, one_line=True)  # skip it, keep reading
                except InputError as error:
                    record = error
                yield source, record


def _yaml(text: str, name: str) -> Any:
    import yaml

    try:
        with parse_guard(name, "YAML"):
            data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or "syntax error"
        raise InputError(name, None, f"not valid YAML: {problem}{where}") from None
    check_depth(data, name)
    return data


def _markdown(text: str, path: Path, name: str, in_folder: bool, site: Site | None) -> Any:
    """A post as a static-site generator keeps it: front matter mapped by ``_frontmatter``;
    under a generator's site (SPEC 8.3), its URL, date and excerpt as the generator makes them."""
    from sharekit.records._frontmatter import front_matter_record, render_body, split_front_matter

    meta, body = split_front_matter(text, name)
    if len(body) > MAX_MARKDOWN_CHARS:  # rendering time is not linear in every input
        limit = MAX_MARKDOWN_CHARS // (1024 * 1024)
        raise InputError(name, None, f"Markdown body too large: over {limit} MB of text")
    generated = None
    if site is not None and site.generator is not None:
        from sharekit.records._site import generator_meta

        generated = generator_meta(site, meta, body, path, name)
        if generated is not None:
            meta = generated[0]
    body_html = render_body(body, path.suffix.lower()) if body.strip() else ""
    record = front_matter_record(meta, body_html, path, name, in_folder=in_folder)
    if generated is not None:
        from sharekit.records._site_post import apply_generated

        record = apply_generated(record, generated[1], path)
        unpublished = generated[1].get("unpublished")
        if isinstance(unpublished, str) and isinstance(record, dict):
            from sharekit.records._frontmatter import Skipped

            return Skipped(name, "draft", unpublished, record)
    return record


def _read_file(
    path: Path, name: str, in_folder: bool = False, site: Site | None = None
) -> Iterator[Raw]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from _json_lines(path, name)
        return
    if suffix == ".xml":
        from sharekit.records._exports import wxr_records

        yield from wxr_records(path, name)
        return
    if in_folder and suffix == ".json":
        from sharekit.records._frontmatter import is_directory_data

        if is_directory_data(path):
            yield name, Skipped(name, "not an article", "Eleventy directory data")
            return
    yaml_file = suffix in (".yaml", ".yml")
    # PyYAML reads 0.2 MB a second: a 64 MB YAML file would parse for five minutes
    text = _read_text(path, name, *(("YAML record file", MAX_YAML_BYTES) if yaml_file else ()))
    if yaml_file:
        data = _yaml(text, name)
        if isinstance(data, list):
            yield from ((f"{name}[{i}]", item) for i, item in enumerate(data))
        else:
            yield name, data
    elif suffix in MARKDOWN_SUFFIXES or (
        suffix != ".json" and text.lstrip().startswith(("---", "+++"))
    ):
        yield name, _markdown(text, path, name, in_folder, site)
    elif suffix == ".json" and _looks_like_ghost(text):
        from sharekit.records._exports import ghost_records

        yield from ghost_records(_json_document(text, name), name)
    else:
        yield from _json_records(text, name)


def _looks_like_ghost(text: str) -> bool:
    """A Ghost export is one object whose first key is "db" (or "meta" then "data")."""
    head = text.lstrip()[:200]
    return bool(re.match(r'\{\s*"(db|meta)"\s*:', head))


def _json_document(text: str, name: str) -> Any:
    try:
        return _DECODER.decode(text)
    except ValueError as error:
        raise _json_error(name, error) from None


def _is_output_root(folder: Path) -> bool:
    """A folder publish writes (it has the store): its manifests and feed.json are no records."""
    from sharekit.store._sqlite import STORE_DIR, STORE_NAME  # not for records without folders

    return (folder / STORE_DIR / STORE_NAME).exists()


def _record_files(top: Path) -> Iterator[Path]:
    """Record files under ``top``: hidden names and publish output folders skipped, unvisited."""
    for folder, subfolders, names in os.walk(top):
        here = Path(folder)
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".") and not _is_output_root(here / name)
        ]
        for name in names:
            file = here / name
            if (
                not name.startswith(".")
                and file.suffix.lower() in RECORD_SUFFIXES
                and file.is_file()
            ):
                yield file


# (the folder relative paths resolve against, the folder local files must lie in):
# a file's own folder, and the folder walked when the file was found in one; for
# mappings, the caller's root (None: they may name no local file)
Where = tuple[Path, Path | None]


def _raw_records(source: str | Path, site: Site | None = None) -> Iterator[tuple[Raw, Where]]:
    path = Path(source)
    name = str(source)
    if path.is_dir():
        folders = _site_folders(site, path)
        files = sorted(file for folder in folders for file in _record_files(folder))
        if folders != (path,):  # a site's posts are its Markdown files (a bundle's JSON is data)
            files = [file for file in files if file.suffix.lower() in MARKDOWN_SUFFIXES]
        for file in files:
            yield from _guarded(file, str(file), path.resolve(), in_folder=True, site=site)
        return
    yield from _guarded(path, name, site=site)


def _site_folders(site: Site | None, path: Path) -> tuple[Path, ...]:
    """A generator's site root walks its posts' folders only (SPEC 8.3), any other folder itself."""
    if site is None or site.generator is None:
        return (path,)
    from sharekit.records._site import site_folders

    folders = site_folders(site, path)
    return (path,) if folders is None else folders


def _guarded(
    path: Path,
    name: str,
    top: Path | None = None,
    *,
    in_folder: bool = False,
    site: Site | None = None,
) -> Iterator[tuple[Raw, Where]]:
    """A file's records; a file that cannot be read becomes one error record."""
    base = path.parent.resolve()
    where = (base, top or base)
    if not _is_utf8(name):
        # A name the file system gave as bytes (os.walk keeps them as lone surrogates):
        # the first write of it (store, log, message) raised UnicodeEncodeError after the
        # articles were written, and the batch's feeds were never written (exit 70).
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        refused = InputError(shown, None, "the file name is not valid UTF-8; rename the file")
        yield (shown, refused), where
        return
    try:
        for raw in _read_file(path, name, in_folder, site):
            yield raw, where
    except InputError as error:
        yield (error.source or name, error), where


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _build(raw: Any, site: Site, name: str, where: Where) -> Article:
    if isinstance(raw, InputError):
        raise raw
    if isinstance(raw, Skipped):  # named on its own: a draft still loads (to preview it)
        if raw.record is None:
            raise InputError(name, None, f"{raw.reason} ({raw.detail}); no record to load")
        raw = raw.record
    base, root = where
    return build_article(raw, site, name, base, image_root=root, local_files=root is not None)


def count_records(sources: Iterable[str | Path], site: Site | None = None) -> int:
    """How many records the sources hold (parsed, not validated): a progress bar's length."""
    return sum(1 for source in sources for _ in _raw_records(source, site))


def _mapping_where(root: str | Path | None) -> Where:
    """Where a record given as a mapping stands: ``root`` (made absolute), or the
    current folder with no local file allowed when ``root`` is None (SPEC 8.2)."""
    if root is None:
        return Path.cwd(), None
    folder = Path(root).resolve()
    return folder, folder


def load_article(
    source: str | Path | Mapping[str, Any],
    site: Site | None = None,
    *,
    root: str | Path | None = ".",
) -> Article:
    """Load and validate one record from a file (JSON, YAML, Markdown) or a mapping.

    Relative paths in a file resolve against the file's folder, and the local
    files it names must lie there (or in ``[publish] assets_root``). A mapping
    has no folder: ``root`` stands for it (default: the current folder); with
    ``root=None`` it may name no local file (the publish hook passes
    ``[serve] assets_root`` here). Raises :class:`InputError` naming the file,
    the field and what was expected.
    """
    site = site or Site()
    if isinstance(source, Mapping):
        return _build(source, site, "<record>", _mapping_where(root))
    records = _raw_records(source, site)
    first = next(records, None)
    if first is None:
        raise InputError(str(source), None, "no record found")
    if not isinstance(first[0][1], InputError) and next(records, None) is not None:
        raise InputError(str(source), None, "holds several records; expected one")
    (name, raw), where = first
    return _build(raw, site, name, where)


def load_articles(
    source: str | Path | Iterable[Mapping[str, Any]],
    site: Site | None = None,
    *,
    on_error: Callable[[InputError], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    root: str | Path | None = ".",
) -> Iterator[Article]:
    """Stream records from a file, a folder, a JSON array, JSON Lines, an export or mappings.

    ``root`` is the folder of records given as mappings, as for :func:`load_article`
    (default: the current folder; None: they may name no local file).

    Without ``on_error`` the first invalid record raises :class:`InputError`;
    with it, each invalid record is passed to ``on_error`` and skipped. A file
    that cannot be read or parsed at all is reported the same way. Drafts and
    pages that are not articles (front matter, WordPress and Ghost exports)
    are passed to ``on_skip`` as :class:`Skipped`, or logged when it is None.
    """
    site = site or Site()
    if isinstance(source, str | Path):
        raws: Iterable[tuple[Raw, Where]] = _raw_records(source, site)
    else:
        where = _mapping_where(root)
        raws = (
            (("<record>" if i == 0 else f"<record {i}>", raw), where)
            for i, raw in enumerate(source)
        )
    iterator = iter(raws)
    while True:
        try:
            (name, raw), where = next(iterator)
            if isinstance(raw, Skipped):
                if on_skip is None:
                    log.info("%s", raw)
                else:
                    on_skip(raw)
                continue
            yield _build(raw, site, name, where)
        except StopIteration:
            return
        except InputError as error:
            if on_error is None:
                raise
            on_error(error)
