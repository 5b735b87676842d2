"""The checks of a sharing debugger: the page's tags, its images and its JSON-LD, as findings."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sharekit.config import Site
from sharekit.errors import NetworkError
from sharekit.images._judge import PLATFORMS, judge_bytes, judge_image, page_tag
from sharekit.net._download import AllowPrivate, check_image, fetch
from sharekit.net._head import HeadParser, absolute, first, is_http
from sharekit.net._report import (
    TWITTER_CARDS,
    ImageCheck,
    InspectReport,
    PageFindings,
    build_previews,
)
from sharekit.text._clean import clean_text

MAX_JSONLD_DEPTH = 64  # deeper JSON-LD is refused: reports are walked recursively
ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle"}
_SINGLE = ("og:title", "og:description", "og:url", "og:type", "twitter:card", "twitter:title")


def page_report(
    url: str, final_url: str, parser: HeadParser, site: Site, allow_private: AllowPrivate
) -> InspectReport:
    """The report of the page at ``final_url``: its tags, images and JSON-LD judged."""
    found = PageFindings()
    meta = parser.meta
    title = clean_text(parser.title or "")
    description = first(meta, "description")
    canonical = parser.link("canonical")
    canonical_abs = absolute(final_url, canonical) if canonical else None

    _check_basic_tags(found, meta, title, description, canonical, canonical_abs, final_url)
    jsonld = _check_jsonld(found, parser.jsonld)

    og_image_raw = first(meta, "og:image", "og:image:url", "og:image:secure_url")
    x_image_raw = first(meta, "twitter:image", "twitter:image:src") or og_image_raw
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

    previews = build_previews(
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
    found: PageFindings,
    meta: Mapping[str, list[str]],
    title: str,
    description: str,
    canonical: str | None,
    canonical_abs: str | None,
    final_url: str,
) -> None:
    og_title = first(meta, "og:title")
    if not og_title and not title:
        found.error(
            "title-missing", "neither og:title nor <title>: previews have no headline", *PLATFORMS
        )
    elif not og_title:
        found.warning("og:title-missing", "no og:title: platforms fall back to <title>", *PLATFORMS)
    if not first(meta, "og:description"):
        found.warning(
            "og:description-missing",
            "no og:description" + ("" if description else " and no meta description"),
            *PLATFORMS,
        )
    if not description:
        found.warning("description-missing", "no <meta name=description> (search snippets)")
    if not first(meta, "og:type"):
        found.warning("og:type-missing", "no og:type: Facebook assumes website", "facebook")
    og_url = first(meta, "og:url")
    if not og_url:
        found.warning(
            "og:url-missing",
            "no og:url: likes and shares may split across URLs",
            "facebook",
            "linkedin",
        )
    elif not is_http(og_url):
        found.warning("og:url-relative", f"og:url is not an absolute URL: {og_url}", "facebook")
    if canonical is None:
        found.warning("canonical-missing", "no <link rel=canonical>")
    elif not is_http(canonical):
        found.warning("canonical-relative", f"rel=canonical is relative: {canonical}")
    if og_url and canonical_abs and absolute(final_url, og_url) != canonical_abs:
        found.warning(
            "og:url-differs",
            f"og:url {og_url} is not the canonical URL {canonical_abs}",
            "facebook",
            "linkedin",
        )
    card = first(meta, "twitter:card")
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
    if not first(meta, "og:image:alt", "twitter:image:alt") and first(meta, "og:image"):
        found.warning("og:image-alt-missing", "no og:image:alt (screen readers)")


def _image_url(found: PageFindings, base: str, raw: str, name: str) -> str:
    if not raw:
        return ""
    if not is_http(raw):
        found.warning(f"{name}-relative", f"{name} should be an absolute URL, got {raw}")
    try:
        return absolute(base, raw, strict=True)
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
    found: PageFindings,
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
            declared = first(meta, key)
            if declared and declared != str(actual):
                found.warning(
                    "og:image-size-mismatch",
                    f"{key} says {declared}, the image is {actual}",
                    *platforms,
                )
        declared_type = first(meta, "og:image:type").lower()
        if declared_type and declared_type != image.media_type:
            found.warning(
                "og:image-type-mismatch",
                f"og:image:type says {declared_type}, the image is {image.media_type}",
                *platforms,
            )


def _check_jsonld(found: PageFindings, blocks: list[str]) -> list[Any]:
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
