"""Read head tags back the way consumers do: html5lib (a WHATWG parser) and extruct."""

from __future__ import annotations

import json
import struct
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import extruct
import html5lib

from tests.conftest import example_files, naughty_strings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(example_files())  # records only: the folder also holds their images
NODE_DIR = ROOT / "tests" / "node"
BLNS = naughty_strings()


def document(head: str, lang: str = "en") -> str:
    """A minimal HTML5 document around a head fragment."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"{head}</head>\n<body>\n<p>Body.</p>\n</body>\n</html>\n"
    )


@dataclass
class Parsed:
    """What a browser's parser finds in the head."""

    title: str | None = None
    meta: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    links: list[dict[str, str]] = field(default_factory=list)
    jsonld: list[Any] = field(default_factory=list)

    def one(self, key: str) -> str:
        values = self.meta[key]
        assert len(values) == 1, (key, values)
        return values[0]

    @property
    def article(self) -> dict[str, Any]:
        """The article node of the one JSON-LD block, its ``@id`` references resolved."""
        (block,) = self.jsonld
        return article_node(block)


ARTICLE_TYPES = {
    "NewsArticle",
    "OpinionNewsArticle",
    "AnalysisNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "LiveBlogPosting",
    "BlogPosting",
    "Article",
}


def article_node(block: dict[str, Any]) -> dict[str, Any]:
    """The article of a JSON-LD ``@graph`` with each ``{"@id": ...}`` of its own properties
    replaced by the node of that id (a reference that resolves nowhere fails the test)."""
    nodes = {node["@id"]: node for node in block["@graph"] if "@id" in node}
    (article,) = [node for node in block["@graph"] if node.get("@type") in ARTICLE_TYPES]

    def resolve(value: Any) -> Any:
        if isinstance(value, list):
            return [resolve(item) for item in value]
        if isinstance(value, dict) and set(value) == {"@id"}:
            return nodes[value["@id"]]
        return value

    return {key: resolve(value) for key, value in article.items()}


def parse_html5(html: str) -> Parsed:
    tree = html5lib.parse(document(html), namespaceHTMLElements=False)
    head = tree.find("head")
    assert head is not None
    parsed = Parsed()
    body = tree.find("body")
    assert body is not None and len(body) == 1, "head content leaked into the body"
    for element in head:
        if element.tag == "title":
            parsed.title = element.text or ""
        elif element.tag == "meta" and "content" in element.attrib:
            key = element.get("property") or element.get("name")
            assert key is not None
            parsed.meta[key].append(element.attrib["content"])
        elif element.tag == "link":
            parsed.links.append(dict(element.attrib))
        elif element.tag == "script":
            assert element.get("type") == "application/ld+json"
            parsed.jsonld.append(json.loads(element.text or ""))
    return parsed


def parse_extruct(html: str) -> tuple[dict[str, list[str]], list[Any]]:
    """Open Graph properties (repeated ones as lists) and JSON-LD items, as extruct reads them."""
    data = extruct.extract(document(html), syntaxes=["opengraph", "json-ld"], uniform=False)
    properties: dict[str, list[str]] = defaultdict(list)
    for item in data["opengraph"]:
        for key, value in item["properties"]:
            properties[key].append(value)
    return properties, data["json-ld"]


def png(path: Path, width: int, height: int) -> Path:
    """A valid PNG of the given size (no Pillow needed)."""
    raw = b"".join(b"\x00" + b"\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path
