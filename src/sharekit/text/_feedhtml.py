"""Article HTML as it may leave the site: the free part of a paywalled body, sanitised,
every link absolute (SPEC 8.4).

* :func:`free_part` cuts a body at the first element matching ``[site]
  paywall_selector``: what comes before it in document order is kept, the element
  and everything after it are dropped. The body is parsed by lxml's HTML parser
  (libxml2, already a core dependency for feeds and exports) and the selector
  compiled by cssselect (the CSS-to-XPath translator lxml documents for
  ``cssselect()``): a real parser and a real selector engine, so
  ``div.paywall``, ``[data-paid]`` or ``section > .premium`` match as a browser
  would, whatever the markup's quoting or nesting.
* :func:`sanitise` runs the HTML through nh3 (the Python binding of ammonia, a
  maintained allow-list sanitiser built on html5ever, the HTML5 parser of
  Servo): no script, style, event handlers, forms or frames, and no URL whose
  scheme is not http(s). Its attribute filter makes every relative ``href``,
  ``src``, ``srcset`` and ``poster`` absolute against the article's URL in the
  same pass (feed readers have no base URL for RSS content).

Both libraries load on first use: ``sharekit slug`` never pays for them.
"""

from __future__ import annotations

import functools
import html
import re
from contextvars import ContextVar
from typing import Any
from urllib.parse import urljoin, urlsplit

from sharekit.errors import InputError
from sharekit.text._clean import iri_to_uri

__all__ = ["check_selector", "free_part", "sanitise"]

# What an article body may keep in a feed: nh3's defaults (text, lists, tables,
# figures) plus the media elements articles carry.
_EXTRA_TAGS = {"video", "audio", "source", "picture", "track", "figure", "figcaption"}
_EXTRA_ATTRIBUTES: dict[str, set[str]] = {
    "img": {"srcset", "sizes", "loading", "title"},
    "source": {"src", "srcset", "sizes", "type", "media"},
    "video": {"src", "poster", "controls", "width", "height", "preload", "muted", "loop"},
    "audio": {"src", "controls", "preload", "loop"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "a": {"title"},
    "time": {"datetime"},
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite"})
_SCHEMES = frozenset({"http", "https"})
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# A srcset candidate: a URL (no white space; a comma ends it only when followed by space)
# and an optional descriptor (HTML, "srcset attributes").
_CANDIDATE = re.compile(r"\s*(\S+?)(?:,(?=\s)|,?$|\s+([^,]*)(?:,|$))")


def check_selector(value: str, source: str | None, field: str) -> str:
    """``value`` when cssselect can compile it, else an :class:`InputError`."""
    if value:
        try:
            _compiled(value)
        except Exception as error:  # cssselect's SelectorError and ExpressionError
            raise InputError(
                source, field, f"not a CSS selector cssselect understands: {error}"
            ) from None
    return value


@functools.lru_cache(maxsize=32)
def _compiled(selector: str) -> Any:
    from lxml.cssselect import CSSSelector

    return CSSSelector(selector, translator="html")


def free_part(body: str, selector: str) -> str | None:
    """The HTML of ``body`` before the first element matching ``selector``.

    None when nothing matches: the paid part cannot be told from the free part,
    so the caller shows none of the body (it fails closed).
    """
    from lxml import etree
    from lxml import html as lxml_html

    body = _NOT_XML.sub("", body)  # lxml refuses them (the loader has removed them already)
    if not body.strip():
        return None
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    matches = _compiled(selector)(root)
    if not matches:
        return None
    node = matches[0]
    if node is root:
        return ""
    while node is not root:
        parent = node.getparent()
        for later in list(node.itersiblings()):
            parent.remove(later)
        node.tail = None
        node = parent
    first = matches[0]
    first.getparent().remove(first)
    text = html.escape(root.text or "", quote=False)
    inner = "".join(etree.tostring(child, encoding="unicode", method="html") for child in root)
    return text + inner


def _absolute(value: str, base: str) -> str | None:
    """``value`` resolved against ``base``; None when it is not an http(s) URL then."""
    url = value.strip("".join(map(chr, range(0x21)))).replace("\t", "").replace("\n", "")
    if not _URI_SCHEME.match(url):
        try:
            url = iri_to_uri(urljoin(base, url))
        except ValueError:
            return None
    return url if urlsplit(url).scheme.lower() in _SCHEMES else None


def _srcset(value: str, base: str) -> str | None:
    candidates = []
    for match in _CANDIDATE.finditer(value):
        if not match.group(1):
            continue
        url = _absolute(match.group(1), base)
        if url is None:
            continue  # a data: or javascript: candidate is dropped, not the whole attribute
        descriptor = (match.group(2) or "").strip()
        candidates.append(f"{url} {descriptor}".strip())
    return ", ".join(candidates) or None


# The article URL relative values resolve against, for the one cleaner's filter: building
# an ammonia cleaner per body cost ten times the cleaning (300 us against 30 us).
_BASE: ContextVar[str] = ContextVar("feedhtml_base", default="")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name in _URL_ATTRIBUTES:
        return _absolute(value, _BASE.get())
    if name == "srcset":
        return _srcset(value, _BASE.get())
    return value


@functools.cache
def _cleaner() -> Any:
    import nh3

    attributes = {k: set(v) for k, v in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag, names in _EXTRA_ATTRIBUTES.items():
        attributes[tag] = attributes.get(tag, set()) | names
    attributes["*"] = attributes.get("*", set()) | {"lang", "dir", "title"}
    return nh3.Cleaner(
        tags=set(nh3.ALLOWED_TAGS) | _EXTRA_TAGS,
        attributes=attributes,
        attribute_filter=_attribute,
        url_schemes=set(_SCHEMES),
        link_rel=None,  # the article's own links keep their rel (and the feed its bytes)
        strip_comments=True,
    )


def sanitise(body: str, base: str) -> str:
    """``body`` through nh3's allow list, relative URLs made absolute against ``base``."""
    if not body:
        return body
    token = _BASE.set(base)
    try:
        return str(_cleaner().clean(body))
    finally:
        _BASE.reset(token)
