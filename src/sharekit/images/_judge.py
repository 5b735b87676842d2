"""The one judge of share images (SPEC 7.1): size, ratio, bytes and type.

lint (a record's image, offline), inspect (a page's ``og:image`` and
``twitter:image``, downloaded), the preview page (Facebook's large or small
layout) and the card renderer (is a photo big enough) all ask this module,
and its constants are the only copy of the thresholds. Each finding is a
:class:`Finding`, the one type lint and inspect report.

A rule decides the severity and the platforms concerned; a :class:`Subject`
says how its findings read. lint and inspect word them differently, as they
always have: lint names the image in the message (``image-too-small: the
card is 150x150: ...``), inspect in the code (``og:image-too-small``).

No heavy imports: the judge weighs numbers that its callers read from file
headers, records or downloads. Sources: docs/meta.md (lint), docs/network.md
(inspect).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sharekit.networks._table import BY_ID
from sharekit.text._limits import MAX_PIXELS

__all__ = [
    "LARGE_PREVIEW",
    "MAX_BYTES",
    "MINIMUM_PLATFORMS",
    "MINIMUM_SIZE",
    "PLATFORMS",
    "PLATFORM_NAMES",
    "RATIO",
    "RATIO_TOLERANCE",
    "RECOMMENDED_SIZE",
    "UNSUPPORTED_BY",
    "UNSUPPORTED_TYPES",
    "Finding",
    "Findings",
    "Severity",
    "Subject",
    "has_errors",
    "judge_bytes",
    "judge_image",
    "judge_size",
    "judge_type",
    "large_preview",
    "page_tag",
    "record_image",
    "summary",
]

Severity = Literal["error", "warning"]

PLATFORMS = ("facebook", "x", "linkedin")
PLATFORM_NAMES = {platform: BY_ID[platform].label for platform in PLATFORMS}  # the share table's

MINIMUM_SIZE = (200, 200)  # Facebook and LinkedIn show no image below this
MINIMUM_PLATFORMS = ("facebook", "linkedin")
LARGE_PREVIEW = (600, 315)  # from this size Facebook shows a large preview, below a thumbnail
RECOMMENDED_SIZE = (1200, 630)  # Facebook's advice for a large preview (1.91:1)
RATIO = 1.91
RATIO_TOLERANCE = 0.1  # 10%: 2:1 (X's summary_large_image) passes, 1:1 does not
MAX_BYTES = {"facebook": 8_000_000, "x": 5_000_000, "linkedin": 5_000_000}
UNSUPPORTED_TYPES = frozenset({"image/svg+xml", "image/avif"})
UNSUPPORTED_BY = ("facebook", "x")  # the platforms that do not show UNSUPPORTED_TYPES


@dataclass(frozen=True, slots=True, repr=False)
class Finding:
    """One problem: ``code`` is stable (for filters and tests), ``message`` for people.

    ``field`` is the record field it is about (lint); ``platforms`` are the
    previews it affects, empty when it names none in particular.
    """

    severity: Severity
    code: str
    message: str
    field: str | None = None
    platforms: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.severity}: {self.code}: {self.message}"

    def __repr__(self) -> str:
        # Unset optional fields are left out, so a lint finding reads as it always has.
        shown: list[tuple[str, object]] = [
            ("severity", self.severity),
            ("code", self.code),
            ("message", self.message),
        ]
        if self.field is not None:
            shown.append(("field", self.field))
        if self.platforms:
            shown.append(("platforms", self.platforms))
        return "Finding(" + ", ".join(f"{name}={value!r}" for name, value in shown) + ")"

    def to_dict(self, *names: str) -> dict[str, Any]:
        """The fields ``names`` (default: all) as JSON-ready data, in that order.

        Each report picks its shape: lint's JSON has ``field``, inspect's
        ``platforms``.
        """
        names = names or ("severity", "code", "message", "field", "platforms")
        return {name: getattr(self, name) for name in names}


def has_errors(findings: Sequence[Finding]) -> bool:
    return any(finding.severity == "error" for finding in findings)


def summary(findings: Sequence[Finding]) -> str:
    """``"1 error, 2 warnings"``: the line under a list of findings."""
    errors = sum(finding.severity == "error" for finding in findings)
    warnings = len(findings) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


# The JSON shape of `sharekit lint --format json`: findings about record fields.
RECORD_KEYS = ("severity", "code", "message", "field")


class Findings(list[Finding]):
    """What :func:`sharekit.lint_article` returns: a list of findings that can report on itself."""

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error (``sharekit lint`` then exits 1)."""
        return has_errors(self)

    def summary(self) -> str:
        """``"1 error, 2 warnings"``."""
        return summary(self)

    def to_json(self) -> str:
        """The findings as ``sharekit lint --format json`` prints them."""
        import json

        rows = [finding.to_dict(*RECORD_KEYS) for finding in self]
        return json.dumps(rows, ensure_ascii=False, indent=2)


# --- how findings read --------------------------------------------------------

# rule -> (code suffix, message). Fields: name, w, h, ratio, mb, kb, limits,
# media_type and the thresholds below (_FACTS).
Words = Mapping[str, tuple[str, str]]

_RECORD_WORDS: Words = {
    "too-small": ("too-small", "{name} is {w}x{h}: {minimum_by} show no image below {minimum}"),
    "thumbnail": ("too-small", "{name} is {w}x{h}: Facebook shows a small thumbnail below {large}"),
    "small": ("too-small", "{name} is {w}x{h}: {recommended} is recommended for large previews"),
    "ratio": (
        "ratio",
        "{name} is {w}x{h} ({ratio:.2f}:1): large previews are {target}:1 and get cropped",
    ),
    "heavy": ("file-too-large", "{name} file is {mb:.1f} MB: over {limits} limit"),
    "type": ("type", "{name} is {media_type}, which {unsupported_by} do not show; use PNG or JPEG"),
    "huge": ("too-large", "image too large: {name} is {w}x{h} pixels (at most {max_pixels})"),
}
_TAG_WORDS: Words = {
    "too-small": ("too-small", "{w}x{h} is below the {minimum} minimum"),
    "thumbnail": (
        "small",
        "{w}x{h} is below the recommended {recommended}: a small thumbnail instead of a large "
        "preview",
    ),
    "small": ("small", "{w}x{h} is below the recommended {recommended}"),
    "ratio": ("ratio", "aspect ratio {ratio:.2f}:1, not {target}:1: the preview crops it"),
    "heavy": ("too-heavy", "{kb:,.1f} KB is over {limits} limit"),
    "type": _RECORD_WORDS["type"],
    "huge": ("too-large", "{w}x{h} pixels is over the {max_pixels} sharekit decodes"),
}


def _size(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


def _names(platforms: Sequence[str]) -> str:
    return " and ".join(PLATFORM_NAMES[p] for p in platforms)


_FACTS = {
    "minimum": _size(MINIMUM_SIZE),
    "minimum_by": _names(MINIMUM_PLATFORMS),
    "large": _size(LARGE_PREVIEW),
    "recommended": _size(RECOMMENDED_SIZE),
    "target": f"{RATIO}",
    "unsupported_by": _names(UNSUPPORTED_BY),
    "max_pixels": f"{MAX_PIXELS:,}",
}


@dataclass(frozen=True, slots=True)
class Subject:
    """The image judged and how its findings read.

    ``code`` starts every code (``image`` -> ``image-ratio``); ``name`` is
    the image in messages; ``platforms`` are the previews that show it (the
    findings' platforms; bytes narrow them to those over their limit);
    ``field`` is the findings' record field; ``words`` the wording table.
    """

    code: str
    name: str
    platforms: tuple[str, ...]
    field: str | None
    words: Words

    def finding(
        self, rule: str, severity: Severity, platforms: tuple[str, ...] | None = None, **facts: Any
    ) -> Finding:
        suffix, template = self.words[rule]
        message = template.format(name=self.name, **_FACTS, **facts)
        return Finding(
            severity,
            f"{self.code}-{suffix}",
            message,
            self.field,
            self.platforms if platforms is None else platforms,
        )


def record_image(name: str = "the image") -> Subject:
    """A record's share image, as lint words it: ``image-...`` codes, ``name`` in the message."""
    return Subject("image", name, PLATFORMS, "image", _RECORD_WORDS)


def page_tag(tag: str, platforms: tuple[str, ...]) -> Subject:
    """A page's image tag (``og:image``) shown on ``platforms``, as inspect words it."""
    return Subject(tag, tag, platforms, None, _TAG_WORDS)


# --- the rules ----------------------------------------------------------------


def large_preview(width: int, height: int) -> bool:
    """True when Facebook shows the image as a large preview, not a small thumbnail."""
    return width >= LARGE_PREVIEW[0] and height >= LARGE_PREVIEW[1]


def judge_type(media_type: str | None, subject: Subject) -> list[Finding]:
    """An error for a type Facebook and X do not show (SVG, AVIF); None: unknown, no finding."""
    if media_type in UNSUPPORTED_TYPES:
        return [subject.finding("type", "error", media_type=media_type)]
    return []


def judge_bytes(size: int | None, subject: Subject) -> list[Finding]:
    """An error naming each platform whose limit ``size`` is over (it shows no image)."""
    if size is None:
        return []
    over = tuple(p for p in subject.platforms if size > MAX_BYTES[p])
    if not over:
        return []
    limits = " and ".join(f"{PLATFORM_NAMES[p]}'s {MAX_BYTES[p] // 1_000_000} MB" for p in over)
    return [
        subject.finding("heavy", "error", over, mb=size / 1_000_000, kb=size / 1000, limits=limits)
    ]


def judge_size(width: int, height: int, subject: Subject) -> list[Finding]:
    """Below the minimum (error) or the recommended size (warning); off 1.91:1 (warning);
    over the pixels sharekit decodes (error: no card draws it, publish does not copy it)."""
    found = []
    if width * height > MAX_PIXELS:
        found.append(subject.finding("huge", "error", w=width, h=height))
    if width < MINIMUM_SIZE[0] or height < MINIMUM_SIZE[1]:
        found.append(subject.finding("too-small", "error", w=width, h=height))
    elif width < RECOMMENDED_SIZE[0] or height < RECOMMENDED_SIZE[1]:
        rule = "small" if large_preview(width, height) else "thumbnail"
        found.append(subject.finding(rule, "warning", w=width, h=height))
    if height:
        ratio = width / height
        if abs(ratio - RATIO) / RATIO > RATIO_TOLERANCE:
            found.append(subject.finding("ratio", "warning", w=width, h=height, ratio=ratio))
    return found


def judge_image(
    width: int,
    height: int,
    bytes: int | None = None,
    media_type: str | None = None,
    *,
    subject: Subject | None = None,
) -> list[Finding]:
    """Every rule: type, bytes (when known), size and ratio, for ``subject`` (a record's image)."""
    subject = subject or record_image()
    return [
        *judge_type(media_type, subject),
        *judge_bytes(bytes, subject),
        *judge_size(width, height, subject),
    ]
