"""Shared helpers of the feed tests: records, strict parsing, feedparser, the JSON Feed schema."""

from __future__ import annotations

import contextlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
from lxml import etree

from sharekit import load_article, load_site
from sharekit.model import Article
from tests.conftest import naughty_strings

DATA = Path(__file__).parent / "data"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "media": "http://search.yahoo.com/mrss/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
SITE_CONFIG: dict[str, Any] = {
    "site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"},
    # A closed loopback port: writers in subprocesses really ping it, and no
    # packet (not even a DNS query) leaves the machine.
    "feed": {"max_items": 1000, "hubs": ["http://127.0.0.1:9/hub"]},
    "network": {"allow_private": True, "timeout": 0.5},
}


def site(**feed: Any) -> Any:
    config = json.loads(json.dumps(SITE_CONFIG))
    config["feed"].update(feed)
    return load_site(config)


def blns() -> list[str]:
    return naughty_strings()


def naughty_articles(config: Any) -> list[Article]:
    """One record per naughty string, the string in every text field (tests and the W3C bench)."""
    from sharekit.errors import InputError

    articles = []
    for n, text in enumerate(blns()):
        fields = {
            "title": text, "description": text, "content_html": text, "section": text,
            "tags": [text], "id": text or f"empty-{n}", "author": {"name": text},
            "image": {"url": "https://cdn.example/p.jpg", "alt": text},
        }  # fmt: skip
        try:
            articles.append(load_article(record(n, **fields), config))
        except InputError:  # a title that cleans to nothing: the loader refuses it
            fields.update(title=f"#{n}", author={"name": f"#{n}"}, id=f"empty-{n}")
            articles.append(load_article(record(n, **fields), config))
    return articles


def record(n: int, **fields: Any) -> dict[str, Any]:
    base = {
        "title": f"Article {n}",
        "url": f"https://www.viewusglobal.com/a/{n}/",
        "id": f"post-{n}",
        "published": f"2024-01-01T00:00:{n % 60:02d}+09:00",
        "author": {"name": "Daniel Kim"},
        "section": "World",
        "content_html": f"<p>Body {n}</p>",
    }
    base.update(fields)
    return base


def article(n: int = 1, **fields: Any) -> Article:
    return load_article(record(n, **fields), site())


def strict(data: bytes) -> Any:
    """Parse with lxml (no recovery) and the standard library; return the lxml root."""
    ET.fromstring(data)
    return etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False))


def feedparse(data: bytes) -> Any:
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


_SCHEMA = json.loads((DATA / "jsonfeed-1.1.schema.json").read_text("utf-8"))
_VALIDATOR = jsonschema.Draft202012Validator(
    _SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def json_feed(data: bytes) -> Any:
    feed = json.loads(data.decode("utf-8"))
    _VALIDATOR.validate(feed)
    return feed


def check(data: bytes, format: str) -> Any:
    """Parse a feed the way consumers do; returns (strict root or JSON, feedparser result)."""
    if format == "json":
        return json_feed(data), None
    return strict(data), feedparse(data)


def feedparser_view(text: str) -> str:
    """What feedparser makes of a text it reads correctly: it trims it, "repairs" what
    looks like UTF-8 read as Latin-1 (feedparser/mixin.py) and maps C1 controls to
    windows-1252 (the loader already turned those into spaces)."""
    text = text.strip()
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.strip()
