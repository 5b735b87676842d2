"""A sharing debugger: fetch a live page and report what platforms will show.

:func:`inspect_url` downloads the page under the rules of
:mod:`sharekit.net._remote` (a page that cannot be fetched raises
:class:`~sharekit.errors.NetworkError`: ``sharekit inspect`` exits 3), reads
its Open Graph, X card, JSON-LD, canonical and basic tags with the standard
library's HTML parser, downloads the share image(s) to check type, size and
weight, and returns an :class:`InspectReport`: the preview each platform
would build, and findings with a severity and a stable code.

Platform fallbacks modelled (from their documentation and debuggers):

- Facebook: ``og:*``, then ``<title>`` and ``meta name=description``; the
  image is ``og:image`` only. Minimum image 200x200, large preview from
  600x315, recommended 1200x630 (1.91:1), at most 8 MB.
- X: ``twitter:*``, then the matching ``og:*`` (title, description, image);
  ``twitter:card`` decides the card (none given: a small ``summary`` at
  best). Images up to 5 MB.
- LinkedIn: ``og:*`` only for the image, then ``<title>`` and the meta
  description for text; it never reads ``twitter:*``. Images up to 5 MB.

The image thresholds are :mod:`sharekit.images._judge`'s, the rules lint applies too.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from sharekit.config import Site
from sharekit.errors import InputError, NetworkError
from sharekit.images._judge import (
    PLATFORM_NAMES,
    PLATFORMS,
    Finding,
    judge_bytes,
    judge_image,
    large_preview,
    page_tag,
)
from sharekit.net._remote import AllowPrivate, check_image, fetch
from sharekit.text._clean import clean_text, iri_to_uri, is_absolute_http_url

__all__ = ["ImageCheck", "InspectReport", "Preview", "inspect_url"]

TWITTER_CARDS = ("summary", "summary_large_image", "app", "player")
TITLE_LIMITS = {"facebook": 88, "x": 70, "linkedin": 119}
DESCRIPTION_LIMIT = 200
MAX_HREFLANG_FETCHES = 10  # language versions fetched to see that they link back
MAX_JSONLD_DEPTH = 64  # deeper JSON-LD is refused: reports are walked recursively
PARSE_LIMIT = 1_000_000  # characters of a page read for its tags
ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle"}
_SINGLE = ("og:title", "og:description", "og:url", "og:type", "twitter:card", "twitter:title")
# The JSON shape of a finding in the report: about platforms, never a record field.
FINDING_KEYS = ("severity", "code", "message", "platforms")


@dataclass(frozen=True, slots=True)
class ImageCheck:
    """What the share image really is, once downloaded and decoded (or why not)."""

    url: str
    ok: bool
    media_type: str | None = None
    width: int | None = None
    height: int | None = None
    bytes: int | None = None
    error: str | None = None
    problem: Literal["unreachable", "invalid"] | None = None


@dataclass(frozen=True, slots=True)
class Preview:
    """The link preview one platform would build from the page."""

    platform: str
    card: str
    title: str
    description: str
    image: str | None
    site_name: str
    url: str


@dataclass(frozen=True, slots=True)
class InspectReport:
    """Everything ``sharekit inspect`` prints, as data (``to_dict``) or text (``to_text``)."""

    url: str
    final_url: str
    title: str
    description: str
    canonical: str | None
    lang: str | None
    tags: Mapping[str, tuple[str, ...]]
    jsonld: tuple[Any, ...]
    images: tuple[ImageCheck, ...]
    previews: tuple[Preview, ...]
    findings: tuple[Finding, ...] = field(default=())

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when no finding is an error (warnings allowed)."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = {key: list(values) for key, values in self.tags.items()}
        data["findings"] = tuple(finding.to_dict(*FINDING_KEYS) for finding in self.findings)
        data["ok"] = self.ok
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        """A report for a terminal; page text is cleaned of control characters."""
        lines = [f"{_show(self.url)}"]
        if self.final_url != self.url:
            lines.append(f"  redirected to {_show(self.final_url)}")
        for preview in self.previews:
            lines.append("")
            lines.append(f"{PLATFORM_NAMES[preview.platform]}: {preview.card}")
            for label, value in (
                ("title", preview.title),
                ("description", preview.description),
                ("image", preview.image or "(none)"),
                ("site", preview.site_name),
                ("url", preview.url),
            ):
                lines.append(f"  {label:<12} {_show(value)}")
        for image in self.images:
            lines.append("")
            if image.ok:
                size = f"{image.width}x{image.height} {image.media_type}, {_kb(image.bytes)}"
                lines.append(f"image {_show(image.url)}: {size}")
            else:
                lines.append(f"image {_show(image.url)}: {_show(image.error or '')}")
        lines.append("")
        counts = f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        lines.append(f"findings: {counts}" if self.findings else "findings: none")
        for finding in self.findings:
            lines.append(f"  {finding.severity:<8} {finding.code:<28} {_show(finding.message)}")
        return "\n".join(lines)


def _show(text: str) -> str:
    """Page text for a terminal: no control characters (escape sequences) get through."""
    return clean_text(text)


def _kb(size: int | None) -> str:
    return f"{(size or 0) / 1000:,.1f} KB"


# --- parsing ------------------------------------------------------------------


class _HeadParser(HTMLParser):
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


def _decode(data: bytes, charset: str | None) -> str:
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


# --- the report ---------------------------------------------------------------


class _Findings:
    def __init__(self) -> None:
        self.items: list[Finding] = []

    def error(self, code: str, message: str, *platforms: str) -> None:
        self.items.append(Finding("error", code, message, platforms=platforms))

    def warning(self, code: str, message: str, *platforms: str) -> None:
        self.items.append(Finding("warning", code, message, platforms=platforms))


_HOST = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\]"
)


def _check_syntax(target: str, given: str) -> None:
    """A URL the user typed that no request could be made of is an input error (exit 2)."""
    try:
        parts = urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as error:
        raise InputError("URL", None, f"not a valid URL: {error}: {given!r}") from None
    host = parts.netloc.rpartition("@")[2]
    if parts.port is not None or host.endswith(":"):
        host = host.rpartition(":")[0]
    if not _HOST.fullmatch(host):
        raise InputError("URL", None, f"not a valid URL: bad host {host!r}: {given!r}")


def inspect_url(
    url: str, site: Site | None = None, *, allow_private: AllowPrivate = None
) -> InspectReport:
    """Fetch ``url`` and report its share metadata like a sharing debugger.

    Raises :class:`~sharekit.errors.InputError` for a URL that is not
    absolute http(s), :class:`~sharekit.errors.NetworkError` when the page
    itself cannot be fetched (or is not HTML). Problems with the page's tags
    and images are findings in the report, never exceptions.
    """
    site = site or Site()
    try:
        target = iri_to_uri(url)
    except ValueError:
        raise InputError("URL", None, f"not a valid URL: {url!r}") from None
    if not _is_http(target):
        raise InputError("URL", None, f"expected an absolute http(s) URL, got {url!r}")
    _check_syntax(target, url)
    page = fetch(
        target,
        site,
        accept=("text/html", "application/xhtml+xml"),
        allow_private=allow_private,
        cache=False,
    )
    text = _decode(page.data, page.charset)
    parser = parse_head(text)
    report = _report(target, page.final_url, parser, site, allow_private)
    hreflang = _check_hreflang(report, parser, site, allow_private)
    if hreflang:
        findings = sorted(
            (*report.findings, *hreflang), key=lambda f: (f.severity != "error", f.code)
        )
        report = dataclasses.replace(report, findings=tuple(findings))
    if len(text) > PARSE_LIMIT:
        note = Finding(
            "warning",
            "page-large",
            f"the page has {len(text):,} characters; only the first {PARSE_LIMIT:,} were read "
            "(keep share tags near the top of <head>)",
        )
        report = dataclasses.replace(report, findings=(*report.findings, note))
    return report


def _hreflang_links(parser: _HeadParser, base: str) -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` of each ``link rel=alternate hreflang`` of a page."""
    pairs = []
    for rels, values in parser.links:
        lang, href = values.get("hreflang", "").strip(), values.get("href", "").strip()
        if "alternate" in rels and lang and href:
            with contextlib.suppress(ValueError, UnicodeError):
                pairs.append((lang, _absolute(base, href, strict=True)))
    return pairs


def _check_hreflang(
    report: InspectReport, parser: _HeadParser, site: Site, allow_private: AllowPrivate
) -> list[Finding]:
    """A page's language versions: itself among them, x-default, and each linking back.

    Google ignores an hreflang pair that the other page does not confirm; only
    fetching the other versions shows it (lint, offline, cannot).
    """
    alternates = _hreflang_links(parser, report.final_url)
    if not alternates:
        return []
    found = _Findings()
    here = {report.final_url, report.url, *([report.canonical] if report.canonical else [])}
    if not any(url in here for _, url in alternates):
        found.warning(
            "hreflang-no-self",
            "the hreflang links do not list this page itself (each version lists every "
            "version, itself included)",
        )
    if not any(lang.lower() == "x-default" for lang, _ in alternates):
        found.warning("hreflang-no-x-default", "the hreflang links name no x-default version")
    others = list(dict.fromkeys(u for _, u in alternates if u not in here and _is_http(u)))
    for url in others[:MAX_HREFLANG_FETCHES]:
        try:
            page = fetch(
                url,
                site,
                accept=("text/html", "application/xhtml+xml"),
                allow_private=allow_private,
                cache=False,
            )
        except NetworkError as error:
            found.warning(
                "hreflang-unreachable",
                f"the language version {url} cannot be fetched: {error.reason}",
            )
            continue
        back = _hreflang_links(parse_head(_decode(page.data, page.charset)), page.final_url)
        if not any(target in here for _, target in back):
            found.warning(
                "hreflang-no-return",
                f"the language version {url} has no hreflang link back to this page: "
                "Google ignores the pair",
            )
    return found.items


def parse_head(text: str) -> _HeadParser:
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
    parser = _HeadParser()
    parser.feed(text)
    parser.close()
    return parser


def _first(meta: Mapping[str, list[str]], *keys: str) -> str:
    for key in keys:
        for value in meta.get(key, ()):
            if clean_text(value):
                return clean_text(value)
    return ""


def _absolute(base: str, value: str, *, strict: bool = False) -> str:
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


def _is_http(url: str) -> bool:
    try:
        return is_absolute_http_url(url)
    except ValueError:  # "http://[::1" and other unparsable URLs
        return False


def _report(
    url: str, final_url: str, parser: _HeadParser, site: Site, allow_private: AllowPrivate
) -> InspectReport:
    found = _Findings()
    meta = parser.meta
    title = clean_text(parser.title or "")
    description = _first(meta, "description")
    canonical = parser.link("canonical")
    canonical_abs = _absolute(final_url, canonical) if canonical else None

    _check_basic_tags(found, meta, title, description, canonical, canonical_abs, final_url)
    jsonld = _check_jsonld(found, parser.jsonld)

    og_image_raw = _first(meta, "og:image", "og:image:url", "og:image:secure_url")
    x_image_raw = _first(meta, "twitter:image", "twitter:image:src") or og_image_raw
    og_image = _image_url(found, final_url, og_image_raw, "og:image")
    x_image = (
        og_image
        if x_image_raw == og_image_raw
        else _image_url(found, final_url, x_image_raw, "twitter:image")
    )
    checks: dict[str, ImageCheck] = {}
    for image_url in dict.fromkeys(u for u in (og_image, x_image) if u):
        checks[image_url] = _check_image(image_url, site, allow_private)

    if not og_image:
        found.error(
            "og:image-missing",
            "no og:image: Facebook and LinkedIn show no image" + ("" if x_image else ", X neither"),
            "facebook",
            "linkedin",
            *(() if x_image else ("x",)),
        )
    else:
        _image_findings(
            found, final_url, meta, checks[og_image], "og:image", ("facebook", "linkedin")
        )
    if x_image and x_image != og_image:
        _image_findings(found, final_url, meta, checks[x_image], "twitter:image", ("x",))
    elif og_image and x_image:
        # X shows the og:image: judged once above, only X's byte limit is left to check.
        image = checks[og_image]
        if image.ok:
            found.items += judge_bytes(image.bytes, page_tag("twitter:image", ("x",)))

    previews = _previews(
        found, meta, title, description, canonical_abs, final_url, og_image, x_image, checks
    )
    tags = {key: tuple(values) for key, values in sorted(meta.items())}
    return InspectReport(
        url=url,
        final_url=final_url,
        title=title,
        description=description,
        canonical=canonical_abs,
        lang=parser.lang,
        tags=tags,
        jsonld=tuple(jsonld),
        images=tuple(checks.values()),
        previews=previews,
        findings=tuple(sorted(found.items, key=lambda f: (f.severity != "error", f.code))),
    )


def _check_basic_tags(
    found: _Findings,
    meta: Mapping[str, list[str]],
    title: str,
    description: str,
    canonical: str | None,
    canonical_abs: str | None,
    final_url: str,
) -> None:
    og_title = _first(meta, "og:title")
    if not og_title and not title:
        found.error(
            "title-missing", "neither og:title nor <title>: previews have no headline", *PLATFORMS
        )
    elif not og_title:
        found.warning("og:title-missing", "no og:title: platforms fall back to <title>", *PLATFORMS)
    if not _first(meta, "og:description"):
        found.warning(
            "og:description-missing",
            "no og:description" + ("" if description else " and no meta description"),
            *PLATFORMS,
        )
    if not description:
        found.warning("description-missing", "no <meta name=description> (search snippets)")
    if not _first(meta, "og:type"):
        found.warning("og:type-missing", "no og:type: Facebook assumes website", "facebook")
    og_url = _first(meta, "og:url")
    if not og_url:
        found.warning(
            "og:url-missing",
            "no og:url: likes and shares may split across URLs",
            "facebook",
            "linkedin",
        )
    elif not _is_http(og_url):
        found.warning("og:url-relative", f"og:url is not an absolute URL: {og_url}", "facebook")
    if canonical is None:
        found.warning("canonical-missing", "no <link rel=canonical>")
    elif not _is_http(canonical):
        found.warning("canonical-relative", f"rel=canonical is relative: {canonical}")
    if og_url and canonical_abs and _absolute(final_url, og_url) != canonical_abs:
        found.warning(
            "og:url-differs",
            f"og:url {og_url} is not the canonical URL {canonical_abs}",
            "facebook",
            "linkedin",
        )
    card = _first(meta, "twitter:card")
    if not card:
        found.warning(
            "twitter:card-missing", "no twitter:card: X shows a small summary card at best", "x"
        )
    elif card not in TWITTER_CARDS:
        found.error(
            "twitter:card-invalid",
            f"twitter:card {card!r} is not one of {', '.join(TWITTER_CARDS)}",
            "x",
        )
    for key in _SINGLE:
        values = {clean_text(v) for v in meta.get(key, ()) if clean_text(v)}
        if len(values) > 1:
            found.warning("duplicate-tag", f"{len(values)} different {key} values: the first wins")
    if not _first(meta, "og:image:alt", "twitter:image:alt") and _first(meta, "og:image"):
        found.warning("og:image-alt-missing", "no og:image:alt (screen readers)")


def _image_url(found: _Findings, base: str, raw: str, name: str) -> str:
    if not raw:
        return ""
    if not _is_http(raw):
        found.warning(f"{name}-relative", f"{name} should be an absolute URL, got {raw}")
    try:
        return _absolute(base, raw, strict=True)
    except ValueError:
        found.error(f"{name}-invalid", f"{name} is not a valid URL: {raw}")
        return ""


def _check_image(url: str, site: Site, allow_private: AllowPrivate) -> ImageCheck:
    try:
        fetched = fetch(url, site, accept=("image/",), allow_private=allow_private)
    except NetworkError as error:
        wrong_type = error.reason.startswith(("wrong content type", "the server sent no"))
        return ImageCheck(
            url, False, error=error.reason, problem="invalid" if wrong_type else "unreachable"
        )
    try:
        media_type, width, height = check_image(url, fetched.data, decode=False)
    except NetworkError as error:
        return ImageCheck(
            url, False, error=error.reason, problem="invalid", bytes=len(fetched.data)
        )
    return ImageCheck(
        url=url,
        ok=True,
        media_type=media_type,
        width=width,
        height=height,
        bytes=len(fetched.data),
    )


def _image_findings(
    found: _Findings,
    page_url: str,
    meta: Mapping[str, list[str]],
    image: ImageCheck,
    name: str,
    platforms: tuple[str, ...],
) -> None:
    if not image.ok:
        found.error(f"{name}-{image.problem}", f"{name} {image.url}: {image.error}", *platforms)
        return
    width, height = image.width or 0, image.height or 0
    if image.url.startswith("http://") and page_url.startswith("https://"):
        found.warning(f"{name}-insecure", f"{name} is http on an https page", *platforms)
    subject = page_tag(name, platforms)
    found.items += judge_image(width, height, image.bytes, image.media_type, subject=subject)
    if name == "og:image":
        for key, actual in (("og:image:width", width), ("og:image:height", height)):
            declared = _first(meta, key)
            if declared and declared != str(actual):
                found.warning(
                    "og:image-size-mismatch",
                    f"{key} says {declared}, the image is {actual}",
                    *platforms,
                )
        declared_type = _first(meta, "og:image:type").lower()
        if declared_type and declared_type != image.media_type:
            found.warning(
                "og:image-type-mismatch",
                f"og:image:type says {declared_type}, the image is {image.media_type}",
                *platforms,
            )


def _check_jsonld(found: _Findings, blocks: list[str]) -> list[Any]:
    parsed: list[Any] = []
    for number, text in enumerate(blocks, 1):
        try:
            value = json.loads(text)
            too_deep = _depth(value) > MAX_JSONLD_DEPTH
        except ValueError as error:
            found.error("jsonld-invalid", f"JSON-LD block {number} is not valid JSON: {error}")
            continue
        except RecursionError:
            too_deep = True
        if too_deep:
            found.error(
                "jsonld-invalid",
                f"JSON-LD block {number} is nested deeper than {MAX_JSONLD_DEPTH} levels",
            )
            continue
        parsed.append(value)
    if not blocks:
        found.warning("jsonld-missing", "no JSON-LD structured data (Google article results)")
    for item in _jsonld_items(parsed):
        types = item.get("@type")
        kinds = {t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
        if not kinds & ARTICLE_TYPES:
            continue
        missing = [k for k in ("headline", "image", "datePublished", "author") if not item.get(k)]
        if missing:
            found.warning(
                "jsonld-incomplete", f"{'/'.join(sorted(kinds))} lacks {', '.join(missing)}"
            )
    return parsed


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_JSONLD_DEPTH:
            break
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        stack.extend((child, level + 1) for child in children)
    return deepest


def _jsonld_items(parsed: Iterable[Any]) -> Iterable[dict[str, Any]]:
    for block in parsed:
        items = block if isinstance(block, list) else [block]
        for item in items:
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    yield from (g for g in graph if isinstance(g, dict))


def _previews(
    found: _Findings,
    meta: Mapping[str, list[str]],
    title: str,
    description: str,
    canonical: str | None,
    final_url: str,
    og_image: str,
    x_image: str,
    checks: Mapping[str, ImageCheck],
) -> tuple[Preview, ...]:
    host = urlsplit(final_url).hostname or ""
    og_url = _first(meta, "og:url")
    share_url = (_absolute(final_url, og_url) if og_url else "") or canonical or final_url
    og_title = _first(meta, "og:title") or title
    og_description = _first(meta, "og:description") or description
    site_name = _first(meta, "og:site_name") or host

    def facebook_card(image_url: str) -> str:
        check = checks.get(image_url)
        if not image_url or check is None or not check.ok:
            return "link without image"
        if large_preview(check.width or 0, check.height or 0):
            return "large image"
        return "small image"

    x_card = _first(meta, "twitter:card") or "summary"
    if x_card not in TWITTER_CARDS:
        x_card = "summary"
    x_title = _first(meta, "twitter:title", "og:title") or title
    x_description = _first(meta, "twitter:description", "og:description")
    previews = (
        Preview(
            "facebook",
            facebook_card(og_image),
            og_title,
            og_description,
            og_image or None,
            site_name,
            share_url,
        ),
        Preview(
            "x",
            x_card,
            x_title,
            x_description,
            x_image or None,
            _first(meta, "twitter:site") or host,
            share_url,
        ),
        Preview(
            "linkedin",
            facebook_card(og_image),
            og_title,
            og_description,
            og_image or None,
            host,
            share_url,
        ),
    )
    for preview in previews:
        limit = TITLE_LIMITS[preview.platform]
        if len(preview.title) > limit:
            found.warning(
                "title-long",
                f"{PLATFORM_NAMES[preview.platform]} cuts titles near {limit} characters "
                f"({len(preview.title)} here)",
                preview.platform,
            )
    if len(og_description) > DESCRIPTION_LIMIT:
        found.warning(
            "description-long",
            f"description of {len(og_description)} characters; previews show about "
            f"{DESCRIPTION_LIMIT}",
        )
    return previews
