"""The report of a sharing debugger: its data, its text, and the previews platforms build."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from sharekit.images._judge import PLATFORM_NAMES, Finding, large_preview
from sharekit.net._head import absolute, first
from sharekit.text._clean import clean_text

TWITTER_CARDS = ("summary", "summary_large_image", "app", "player")
TITLE_LIMITS = {"facebook": 88, "x": 70, "linkedin": 119}
DESCRIPTION_LIMIT = 200
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


class PageFindings:
    """The findings gathered about one page, in the order the checks make them."""

    def __init__(self) -> None:
        self.items: list[Finding] = []

    def error(self, code: str, message: str, *platforms: str) -> None:
        self.items.append(Finding("error", code, message, platforms=platforms))

    def warning(self, code: str, message: str, *platforms: str) -> None:
        self.items.append(Finding("warning", code, message, platforms=platforms))


def build_previews(
    found: PageFindings,
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
    og_url = first(meta, "og:url")
    share_url = (absolute(final_url, og_url) if og_url else "") or canonical or final_url
    og_title = first(meta, "og:title") or title
    og_description = first(meta, "og:description") or description
    site_name = first(meta, "og:site_name") or host

    def facebook_card(image_url: str) -> str:
        check = checks.get(image_url)
        if not image_url or check is None or not check.ok:
            return "link without image"
        if large_preview(check.width or 0, check.height or 0):
            return "large image"
        return "small image"

    x_card = first(meta, "twitter:card") or "summary"
    if x_card not in TWITTER_CARDS:
        x_card = "summary"
    x_title = first(meta, "twitter:title", "og:title") or title
    x_description = first(meta, "twitter:description", "og:description")
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
            first(meta, "twitter:site") or host,
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
    _length_findings(found, previews, og_description)
    return previews


def _length_findings(found: PageFindings, previews: tuple[Preview, ...], description: str) -> None:
    """Titles longer than each platform shows, and a description longer than previews show."""
    for preview in previews:
        limit = TITLE_LIMITS[preview.platform]
        if len(preview.title) > limit:
            found.warning(
                "title-long",
                f"{PLATFORM_NAMES[preview.platform]} cuts titles near {limit} characters "
                f"({len(preview.title)} here)",
                preview.platform,
            )
    if len(description) > DESCRIPTION_LIMIT:
        found.warning(
            "description-long",
            f"description of {len(description)} characters; previews show about "
            f"{DESCRIPTION_LIMIT}",
        )
