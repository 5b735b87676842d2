"""Reading a page's head as a sharing debugger does: its tags, its text, its URLs.

:func:`parse_head` collects the meta tags, links, title, language and JSON-LD
blocks with the standard library's HTML parser, tolerant like a browser;
:func:`decode_page` turns the downloaded bytes into text the way browsers pick
the encoding.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from urllib.parse import urljoin

from sharekit.text._clean import clean_text, iri_to_uri, is_absolute_http_url

PARSE_LIMIT = 1_000_000  # characters of a page read for its tags


class HeadParser(HTMLParser):
    """Collects the tags a sharing debugger reads; tolerant like a browser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: list[tuple[tuple[str, ...], dict[str, str]]] = []
        self.title: str | None = None
        self.lang: str | None = None
        self.jsonld: list[str] = []
        self._in_title = False
        self._title_parts: list[str] = []
        self._script: list[str] | None = None
        self._svg_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "svg":
            self._svg_depth += 1
        elif tag == "html" and self.lang is None and values.get("lang"):
            self.lang = values["lang"].strip()
        elif tag == "title" and self.title is None and not self._svg_depth:
            self._in_title = True
        elif tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop")
            if key and "content" in values:
                self.meta.setdefault(key.strip().lower(), []).append(values["content"])
        elif tag == "link" and values.get("rel"):
            rels = tuple(values["rel"].lower().split())
            self.links.append((rels, values))
        elif tag == "script" and values.get("type", "").strip().lower() == "application/ld+json":
            self._script = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self._svg_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self._svg_depth:
            self._svg_depth -= 1
        elif tag == "title" and self._in_title:
            self._in_title = False
            self.title = "".join(self._title_parts)
        elif tag == "script" and self._script is not None:
            self.jsonld.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
        elif self._script is not None:
            self._script.append(data)

    def link(self, rel: str) -> str | None:
        for rels, values in self.links:
            if rel in rels and values.get("href", "").strip():
                return values["href"].strip()
        return None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


# Python codecs no browser decodes a page with (WHATWG Encoding Standard): their labels are
# ignored and the page read as UTF-8, as a browser reads it.
_NOT_WEB_ENCODINGS = frozenset(
    {
        "utf-7",
        "utf-32",
        "utf-32-le",
        "utf-32-be",
        "punycode",
        "idna",
        "unicode-escape",
        "raw-unicode-escape",
        "charmap",
        "undefined",
    }
)


def decode_page(data: bytes, charset: str | None) -> str:
    """Bytes to text the way browsers pick: BOM, header charset, meta charset, UTF-8."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name, "replace")
    candidates = [charset] if charset else []
    match = _META_CHARSET.search(data[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii"))
    for name in candidates:
        try:
            codec = codecs.lookup(name).name
            if codec in _NOT_WEB_ENCODINGS:
                continue  # browsers refuse these labels (UTF-7 smuggles markup past filters)
            return data.decode(codec, "replace")
        except LookupError:
            continue
    return data.decode("utf-8", "replace")


def parse_head(text: str) -> HeadParser:
    """Parse at most :data:`PARSE_LIMIT` characters, ending at the last ``>``.

    The standard library's parser is quadratic on constructs left open at
    the end of the input before CPython's fix for gh-135462 (CVE-2025-6069),
    which older interpreters lack; cutting after the last ``>`` leaves
    nothing open at the end, and the cap bounds the linear worst case
    (about 2.5 s for a megabyte of ``<``). One ``feed()`` call also avoids
    the incremental-parsing case of gh-153030.
    """
    text = text[:PARSE_LIMIT]
    text = text[: text.rfind(">") + 1]
    parser = HeadParser()
    parser.feed(text)
    parser.close()
    return parser


def first(meta: Mapping[str, list[str]], *keys: str) -> str:
    for key in keys:
        for value in meta.get(key, ()):
            if clean_text(value):
                return clean_text(value)
    return ""


def absolute(base: str, value: str, *, strict: bool = False) -> str:
    """``value`` made absolute against ``base``, in URI form.

    A value that cannot be joined or IDNA-encoded raises ValueError with
    ``strict``, else comes back as written (pages say all sorts of things).
    """
    if not value:
        return ""
    try:
        return iri_to_uri(urljoin(base, value))
    except ValueError:
        if strict:
            raise
        return value


def is_http(url: str) -> bool:
    try:
        return is_absolute_http_url(url)
    except ValueError:  # "http://[::1" and other unparsable URLs
        return False
