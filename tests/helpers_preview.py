"""Read a preview page back the way a browser's parser does (html5lib), for the preview tests."""

from __future__ import annotations

import base64
import contextlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

import html5lib

from sharekit.preview._page import PLATFORMS
from sharekit.text._truncate import truncate
from tests.conftest import example_files, naughty_strings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(example_files())  # records only: the folder also holds their images
BLNS: list[str] = naughty_strings()
PLATFORM_KEYS = [p.key for p in PLATFORMS]
# Elements that would load something by themselves, and the attributes that say what.
LOADING = {
    "img": ("src", "srcset"),
    "link": ("href",),
    "script": ("src",),
    "style": (),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}


def text_of(element: Element) -> str:
    return "".join(element.itertext())


def classes(element: Element) -> list[str]:
    return (element.get("class") or "").split()


@dataclass
class Mock:
    platform: str
    element: Element
    fields: dict[str, list[str]] = field(default_factory=dict)
    images: list[Element] = field(default_factory=list)
    link: Element | None = None  # the part that shows the record (data-link)


@dataclass
class Page:
    tree: Element
    title: str
    h1: Element
    mocks: dict[str, Mock]
    share: Element | None
    findings: list[Element]
    csp: str

    def all(self, tag: str) -> list[Element]:
        return list(self.tree.iter(tag))


def parse_page(html: str) -> Page:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    head, body = tree.find("head"), tree.find("body")
    assert head is not None and body is not None
    title = head.find("title")
    assert title is not None
    csp = next(
        m.get("content", "")
        for m in head.iter("meta")
        if (m.get("http-equiv") or "").lower() == "content-security-policy"
    )
    h1s = list(body.iter("h1"))
    assert len(h1s) == 1
    mocks = {}
    for article in body.iter("article"):
        platform = article.get("data-platform")
        if platform is None:
            continue
        mock = Mock(platform, article)
        for element in article.iter():
            name = element.get("data-field")
            if name is not None:
                mock.fields.setdefault(name, []).append(text_of(element))
            if element.tag == "img":
                mock.images.append(element)
            if element.get("data-link") is not None:
                assert mock.link is None
                mock.link = element
        mocks[platform] = mock
    shares = [s for s in body.iter("section") if "sharekit-share" in classes(s)]
    assert len(shares) <= 1
    findings = [li for li in body.iter("li") if "pv-finding" in classes(li)]
    return Page(tree, text_of(title), h1s[0], mocks, shares[0] if shares else None, findings, csp)


def decode_data_uri(src: str) -> tuple[str, bytes]:
    assert src.startswith("data:"), src[:60]
    header, _, payload = src[5:].partition(",")
    media_type, _, encoding = header.partition(";")
    assert encoding == "base64"
    return media_type, base64.b64decode(payload, validate=True)


def image_size_of(src: str) -> tuple[str, tuple[int, int]]:
    from PIL import Image

    media_type, data = decode_data_uri(src)
    if media_type == "image/svg+xml":
        root = ElementTree.fromstring(data)  # our own SVG: XML, a fixed shape
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        return media_type, (int(root.get("width", "0")), int(root.get("height", "0")))
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return media_type, image.size


def external_loads(page: Page) -> list[str]:
    """Every URL the page would load by itself that is not a data: URI (should be none)."""
    found = []
    for element in page.tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        for attribute in LOADING.get(tag.split("}")[-1], ()):
            value = element.get(attribute)
            if value is not None and not value.startswith("data:"):
                found.append(f"{tag} {attribute}={value}")
        if tag == "style" and ("url(" in text_of(element) or "@import" in text_of(element)):
            found.append("style with url() or @import")
        if "url(" in (element.get("style") or ""):
            found.append(f"{tag} style={element.get('style')}")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("meta refresh")
        if tag == "base":
            found.append("base")
    return found


def display_host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    with contextlib.suppress(UnicodeError):
        host = host.encode("ascii").decode("idna")
    return host.removeprefix("www.")


def expected_fields(article: Any, platform: str, large: bool) -> dict[str, str | None]:
    """What a mock must show: the record's text cut as docs/preview.md says (None: not shown)."""
    p = next(p for p in PLATFORMS if p.key == platform)
    # X reads twitter:* (the record's social.x), every other platform og:* (social.facebook).
    own = article.social_for("x" if platform == "x" else "facebook")
    title = truncate(own.title or article.title, p.title_limit)
    text = own.description or article.description
    description: str | None = None
    if text and p.description_lines >= 0 and not (platform == "x" and large):
        description = truncate(text, p.description_limit)
    return {"title": title, "description": description}
