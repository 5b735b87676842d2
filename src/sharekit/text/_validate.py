"""Small typed checkers shared by the record loader and the config loader.

Each checker takes the value, the source (file) and the dotted field name,
and returns the cleaned value or raises :class:`InputError` whose message is
the one line the CLI prints.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sharekit.errors import InputError
from sharekit.text._clean import clean_text, iri_to_uri, is_absolute_http_url

_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_BCP47 = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def show(value: Any, limit: int = 60) -> str:
    """A value as it appears in a message: JSON, one line, shortened."""
    # A prefix only: the value may be a YAML alias bomb (gigabytes once expanded) or
    # nested 30 deep; the pure-Python encoder yields pieces lazily, so stop at the limit.
    encoder = json.JSONEncoder(ensure_ascii=False, default=str)
    pieces: list[str] = []
    size = 0
    try:
        for piece in encoder.iterencode(value):
            pieces.append(piece)
            size += len(piece)
            if size > limit:
                break
        text = "".join(pieces)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)[: limit + 1] if isinstance(value, str | int | float) else kind(value)
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def check_keys(
    mapping: Mapping[str, Any], known: Iterable[str], source: str | None, prefix: str = ""
) -> None:
    """Reject unknown keys, naming the closest known one."""
    known = list(known)
    for key in mapping:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            raise InputError(source, f"{prefix}{key}", f"unknown field{hint}")


# Every text field but content_html: a headline, a name or a tag of more characters is
# no headline, and each output (share URLs, previews, lint) works per character.
MAX_TEXT = 10_000
MAX_LIST = 1_000  # items of a list field (tags, authors, locales, networks)


def expect_str(value: Any, source: str | None, field: str) -> str:
    if not isinstance(value, str):
        raise InputError(source, field, f"expected a string, got {kind(value)}: {show(value)}")
    if len(value) > MAX_TEXT:
        raise InputError(
            source, field, f"too long: {len(value):,} characters (at most {MAX_TEXT:,})"
        )
    return clean_text(value)


def expect_list_length(value: list[Any] | tuple[Any, ...], source: str | None, field: str) -> None:
    if len(value) > MAX_LIST:
        raise InputError(source, field, f"too many items: {len(value):,} (at most {MAX_LIST:,})")


def expect_bool(value: Any, source: str | None, field: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(source, field, f"expected true or false, got {show(value)}")
    return value


def expect_int(
    value: Any, source: str | None, field: str, minimum: int = 0, maximum: int | None = None
) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(source, field, f"expected an integer >= {minimum}, got {show(value)}")
    if maximum is not None and value > maximum:
        raise InputError(
            source, field, f"expected an integer from {minimum} to {maximum}, got {show(value)}"
        )
    return value


def expect_number(value: Any, source: str | None, field: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value <= 1e9  # also refuses nan and inf
    ):
        raise InputError(source, field, f"expected a positive number, got {show(value)}")
    return float(value)


def expect_str_list(value: Any, source: str | None, field: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InputError(source, field, f"expected a list of strings, got {kind(value)}")
    expect_list_length(value, source, field)
    return tuple(expect_str(item, source, f"{field}[{i}]") for i, item in enumerate(value))


def expect_choice(value: Any, source: str | None, field: str, choices: Iterable[str]) -> str:
    choices = list(choices)
    text = expect_str(value, source, field)
    if text not in choices:
        listed = ", ".join(choices)
        raise InputError(source, field, f"expected one of {listed}, got {show(value)}")
    return text


def expect_colour(value: Any, source: str | None, field: str) -> str:
    text = expect_str(value, source, field)
    if not _COLOUR.fullmatch(text):
        raise InputError(source, field, f"expected a colour like #0b1f3a, got {show(value)}")
    return text.lower()


def expect_url(value: Any, source: str | None, field: str, *, allow_empty: bool = True) -> str:
    text = expect_str(value, source, field)
    if not text and allow_empty:
        return ""
    try:
        url = iri_to_uri(text)
    except (ValueError, UnicodeError):
        raise InputError(source, field, f"not a valid URL: {show(value)}") from None
    if not is_absolute_http_url(url):
        raise InputError(source, field, f"expected an absolute http(s) URL, got {show(value)}")
    return url


# SPEC 8.2: a URL in a record is http(s) or has no scheme at all (a reference the site's
# URL resolves). Two letters at least: "C:" is a Windows drive, not a scheme.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+:")


def has_scheme(text: str) -> bool:
    """True when ``text`` starts with a URI scheme (``https:``, ``javascript:``, ``data:``)."""
    return _SCHEME.match(text) is not None


def check_link(url: str, source: str | None, field: str) -> None:
    """Refuse a URL whose scheme is not http(s) (``javascript:``, ``data:``, ``file:``...),
    or an http(s) one without a host; a reference without a scheme passes."""
    if not has_scheme(url):
        return
    if not is_absolute_http_url(url):
        raise InputError(source, field, f"expected an http(s) URL, got {show(url)}")
    try:
        urlsplit(url).port  # noqa: B018 (a port of 99999 or "x" raises here, not in a reader)
    except ValueError:
        raise InputError(source, field, f"not a valid URL: {show(url)}") from None


def expect_link(value: Any, source: str | None, field: str) -> str:
    """An http(s) URL, or a reference without a scheme (``/img/a.png``) that the site's URL
    resolves later; ``//host/x`` is made https. Every other scheme is refused (SPEC 8.2)."""
    text = expect_str(value, source, field)
    try:
        url = iri_to_uri("https:" + text if text.startswith("//") else text)
    except (ValueError, UnicodeError):
        raise InputError(source, field, f"not a valid URL: {show(value)}") from None
    check_link(url, source, field)
    return url


def expect_lang(value: Any, source: str | None, field: str) -> str:
    text = expect_str(value, source, field).replace("_", "-")
    if not _BCP47.fullmatch(text):
        raise InputError(
            source, field, f"expected a BCP 47 language tag like ko-KR, got {show(value)}"
        )
    return text


def path_or_url(value: Any, source: str | None, field: str, base_dir: Path) -> str:
    """A local path (made absolute against ``base_dir``) or an absolute http(s) URL."""
    text = expect_str(value, source, field)
    if not text:
        return ""
    if text.startswith(("http://", "https://", "//")):
        return expect_url("https:" + text if text.startswith("//") else text, source, field)
    if has_scheme(text):  # data:, file:, javascript: are no local path either (SPEC 8.2)
        raise InputError(
            source, field, f"expected a local path or an http(s) URL, got {show(value)}"
        )
    if "\x00" in text:
        raise InputError(source, field, f"not a valid path: {show(value)}")
    return str((base_dir / text).resolve())


def parse_datetime(value: Any, source: str | None, field: str) -> datetime:
    """ISO 8601 text (or a YAML datetime/date) to a datetime; naive stays naive."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) >= 10 and text[4] == "-":
                return datetime.fromisoformat(text)
        except ValueError:
            pass
        raise InputError(source, field, f"not an ISO 8601 date: {show(value)}")
    raise InputError(source, field, f"expected an ISO 8601 date string, got {kind(value)}")


def is_url_location(out: str | Path) -> bool:
    """True when ``out`` is a URL (``s3://...``) rather than a local folder.

    A Windows drive letter (``C:``) is a path; ``file://`` is a URL.
    """
    scheme, sep, _ = str(out).partition("://")
    return bool(sep) and len(scheme) > 1 and scheme.replace("+", "").isalnum()


# SPEC 8.2 (issue 27): an out URL that fsspec would write somewhere else than it reads,
# or nowhere that lasts, is refused by name (fsspec itself would accept each of them).
_OUT_REFUSED = {
    **dict.fromkeys(
        ("zip", "tar", "libarchive", "jar", "reference"),
        "an archive or reference protocol: fsspec cannot write into it",
    ),
    **dict.fromkeys(
        ("simplecache", "filecache", "blockcache", "cached"),
        "a cache protocol: it writes a local copy, not the target",
    ),
    "memory": "what it holds is lost when the process ends",
    "dir": "it wraps another URL: give that URL",
    **dict.fromkeys(("http", "https"), "a read-only protocol: give the storage's own URL"),
    **dict.fromkeys(("data", "github", "git"), "a read-only protocol"),
}


def out_url_problem(out: str) -> str | None:
    """Why ``out`` cannot be publish's output, or None: a chained URL (``a::b``), an
    archive, cache or read-only protocol, a ``file://`` URL naming another host."""
    text = str(out)
    if "::" in text.partition("://")[0] or ("::" in text and "://" in text):
        return "a chained URL (a::b) writes to its first protocol, not to the target: give one URL"
    if not is_url_location(text):
        return None
    scheme = text.partition("://")[0].lower()
    if scheme in _OUT_REFUSED:
        return f"{scheme}:// cannot be an output: {_OUT_REFUSED[scheme]}"
    if scheme == "file":
        host, slash, path = text[len("file://") :].partition("/")
        if host.lower() not in ("", "localhost"):
            return (
                f"file://{host}/ names another host: a local folder is file:///PATH"
                " (or file://localhost/PATH, or the path alone)"
            )
        if not slash or not path.strip("/"):  # file:// alone would be the current folder
            return "a file: URL needs a folder: file:///PATH"
    return None


def file_url_path(out: str) -> str:
    """The local path of a ``file:`` URL whose host is empty or localhost (``out`` else)."""
    if not out.lower().startswith("file://"):
        return out
    from urllib.parse import unquote

    rest = out[len("file://") :]
    host, slash, path = rest.partition("/")
    return unquote(slash + path) if host.lower() in ("", "localhost") else out
