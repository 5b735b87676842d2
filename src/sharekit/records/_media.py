"""The record fields of SPEC 8.5 (media and structured data), validated and cleaned.

``type``, ``video``, ``audio``, ``updates`` (a live blog's entries) and the
podcast fields (``podcast``, ``episode``, ``season``, ``episode_type``,
``transcript``, ``chapters``). Like :mod:`sharekit.records._fields`, each
checker takes the raw value and the source and returns the cleaned value or
raises :class:`InputError` with the one line the CLI prints;
:func:`media_fields` gives them all as :class:`~sharekit.model.Article`
keyword arguments. The JSON Schema in :mod:`sharekit.records._schema` says
the same in its own terms.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from sharekit.config import Site
from sharekit.errors import InputError
from sharekit.model import ARTICLE_TYPES, Audio, Episode, LiveUpdate, Video
from sharekit.records._fields import http_url
from sharekit.text import _validate as v
from sharekit.text._clean import clean_html

__all__ = ["MEDIA_FIELDS", "duration", "media_fields"]

# The record keys this module reads (records._build adds them to the known ones).
MEDIA_FIELDS = (
    "type",
    "video",
    "audio",
    "updates",
    "coverage_end",
    "podcast",
    "episode",
    "season",
    "episode_type",
    "transcript",
    "chapters",
)
EPISODE_FIELDS = ("episode", "season", "episode_type", "transcript", "chapters")
VIDEO_FIELDS = ("url", "type", "width", "height", "duration", "thumbnail", "embed_url")
AUDIO_FIELDS = ("url", "type", "length", "duration")
UPDATE_FIELDS = ("time", "headline", "body")
EPISODE_TYPES = ("full", "trailer", "bonus")  # Apple's itunes:episodeType
MAX_UPDATES = 1000  # a live blog's entries in one record: its JSON-LD stays a page's size
MAX_DURATION = 10 * 24 * 3600  # seconds: ten days is no single video or episode
# Transcript formats Podcasting 2.0 names, by extension, when the record gives a bare URL.
TRANSCRIPT_TYPES = {
    "vtt": "text/vtt",
    "srt": "application/x-subrip",
    "json": "application/json",
    "html": "text/html",
    "htm": "text/html",
    "txt": "text/plain",
}
# Extensions mimetypes may not know on every system (its table comes from the OS).
_MEDIA_TYPES = {
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
    "ogg": "audio/ogg",
    "oga": "audio/ogg",
    "opus": "audio/opus",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "mp4": "video/mp4",
    "m4v": "video/x-m4v",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "ogv": "video/ogg",
    "m3u8": "application/vnd.apple.mpegurl",
}
_CLOCK = re.compile(r"(?:(\d{1,3}):)?([0-5]?\d):([0-5]\d)")
_ISO_DURATION = re.compile(r"P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?", re.I)


def media_type_of(url: str, kind: str) -> str:
    """The media type a file URL's extension says ("" when it says none of ``kind``)."""
    path = urlsplit(url).path
    extension = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    found = _MEDIA_TYPES.get(extension) or mimetypes.guess_type(f"x.{extension}")[0] or ""
    ok = found.startswith(f"{kind}/") or found == "application/vnd.apple.mpegurl"
    return found if ok else ""


def duration(value: Any, source: str | None, field: str) -> int:
    """Seconds: a number, ``H:MM:SS`` / ``MM:SS``, or ISO 8601 (``PT1H2M3S``)."""
    seconds: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip()
        clock = _CLOCK.fullmatch(text)
        iso = _ISO_DURATION.fullmatch(text) if text[:1] in "Pp" and len(text) > 2 else None
        if clock:
            seconds = int(clock[1] or 0) * 3600 + int(clock[2]) * 60 + int(clock[3])
        elif iso and any(iso.groups()):
            days, hours, minutes, secs = (float(g or 0) for g in iso.groups())
            seconds = days * 86400 + hours * 3600 + minutes * 60 + secs
    if seconds is None or not 0 < seconds <= MAX_DURATION or seconds != seconds:
        raise InputError(
            source,
            field,
            f"expected seconds, H:MM:SS or an ISO 8601 duration up to 10 days, got {v.show(value)}",
        )
    return max(round(seconds), 1)


def _mapping(
    value: Any, source: str | None, field: str, keys: tuple[str, ...]
) -> Mapping[str, Any]:
    if isinstance(value, str):
        return {"url": value}
    if not isinstance(value, Mapping):
        raise InputError(
            source, field, f"expected a URL or {{{', '.join(keys)}}}, got {v.kind(value)}"
        )
    v.check_keys(value, keys, source, f"{field}.")
    return value


def _media_type(raw: Mapping[str, Any], url: str, source: str | None, field: str) -> str:
    if "type" in raw:
        text = v.expect_str(raw["type"], source, f"{field}.type")
        if not re.fullmatch(r"[a-z]+/[A-Za-z0-9.+-]+", text):
            raise InputError(
                source,
                f"{field}.type",
                f"expected a media type like {field}/mp4, got {v.show(text)}",
            )
        return text
    return media_type_of(url, field) if url else ""


def video(value: Any, source: str | None) -> Video:
    raw = _mapping(value, source, "video", VIDEO_FIELDS)
    if "url" not in raw and "embed_url" not in raw:
        raise InputError(source, "video", 'give "url" (the file) or "embed_url" (a player page)')
    url = http_url(raw["url"], source, "video.url") if "url" in raw else ""

    def optional(name: str, check: Callable[[Any, str | None, str], Any]) -> Any:
        return check(raw[name], source, f"video.{name}") if name in raw else None

    def pixels(value: Any, source: str | None, field: str) -> int:
        return v.expect_int(value, source, field, 1, 100_000)

    thumbnail, thumbnail_size = (
        _thumbnail(raw["thumbnail"], source) if "thumbnail" in raw else ("", None)
    )
    return Video(
        url=url,
        type=_media_type(raw, url, source, "video"),
        width=optional("width", pixels),
        height=optional("height", pixels),
        duration=optional("duration", duration),
        thumbnail=thumbnail,
        embed_url=optional("embed_url", http_url) or "",
        thumbnail_size=thumbnail_size,
    )


def _thumbnail(value: Any, source: str | None) -> tuple[str, tuple[int, int] | None]:
    """A URL, or ``{url, width, height}`` (then lint can judge its size)."""
    raw = _mapping(value, source, "video.thumbnail", ("url", "width", "height"))
    if "url" not in raw:
        raise InputError(source, "video.thumbnail.url", "required")
    url = http_url(raw["url"], source, "video.thumbnail.url")
    if ("width" in raw) != ("height" in raw):
        raise InputError(source, "video.thumbnail", "give both width and height, or neither")
    if "width" not in raw:
        return url, None
    width = v.expect_int(raw["width"], source, "video.thumbnail.width", 1, 100_000)
    height = v.expect_int(raw["height"], source, "video.thumbnail.height", 1, 100_000)
    return url, (width, height)


def audio(value: Any, source: str | None) -> Audio:
    raw = _mapping(value, source, "audio", AUDIO_FIELDS)
    if "url" not in raw:
        raise InputError(source, "audio.url", "required")
    url = http_url(raw["url"], source, "audio.url")
    length = (
        v.expect_int(raw["length"], source, "audio.length", 1, 2**53) if "length" in raw else None
    )
    return Audio(
        url=url,
        type=_media_type(raw, url, source, "audio"),
        length=length,
        duration=duration(raw["duration"], source, "audio.duration") if "duration" in raw else None,
    )


def updates(value: Any, source: str | None, site: Site) -> tuple[LiveUpdate, ...]:
    """``[{time, headline, body}]``, newest first; times without an offset take the site's zone."""
    if not isinstance(value, list):
        raise InputError(
            source, "updates", f"expected a list of {{time, headline, body}}, got {v.kind(value)}"
        )
    if len(value) > MAX_UPDATES:
        raise InputError(
            source, "updates", f"expected at most {MAX_UPDATES} entries, got {len(value)}"
        )
    entries = []
    for index, item in enumerate(value):
        field = f"updates[{index}]"
        if not isinstance(item, Mapping):
            raise InputError(
                source, field, f"expected {{time, headline, body}}, got {v.kind(item)}"
            )
        v.check_keys(item, UPDATE_FIELDS, source, f"{field}.")
        for required in ("time", "headline"):
            if required not in item:
                raise InputError(source, f"{field}.{required}", "required")
        time = v.parse_datetime(item["time"], source, f"{field}.time")
        time = time if time.tzinfo else time.replace(tzinfo=site.tzinfo)
        headline = v.expect_str(item["headline"], source, f"{field}.headline")
        if not headline:
            raise InputError(source, f"{field}.headline", "must not be empty")
        body = clean_html(v.expect_str(item.get("body", ""), source, f"{field}.body"))
        entries.append(LiveUpdate(time, headline, body))
    entries.sort(key=lambda entry: entry.time, reverse=True)
    return tuple(entries)


def _transcript(value: Any, source: str | None) -> tuple[str, str]:
    raw = _mapping(value, source, "transcript", ("url", "type"))
    if "url" not in raw:
        raise InputError(source, "transcript.url", "required")
    url = http_url(raw["url"], source, "transcript.url")
    if "type" in raw:
        return url, v.expect_choice(
            raw["type"], source, "transcript.type", TRANSCRIPT_TYPES.values()
        )
    extension = urlsplit(url).path.rsplit(".", 1)[-1].lower()
    if extension not in TRANSCRIPT_TYPES:
        raise InputError(
            source,
            "transcript",
            "cannot tell the format from the URL; give {url, type} with type one of "
            + ", ".join(dict.fromkeys(TRANSCRIPT_TYPES.values())),
        )
    return url, TRANSCRIPT_TYPES[extension]


def episode(raw: Mapping[str, Any], source: str | None) -> Episode | None:
    """The podcast fields; None when the record names no show (then none may be given)."""
    given = [name for name in EPISODE_FIELDS if name in raw]
    if "podcast" not in raw:
        if given:
            raise InputError(source, given[0], 'only with "podcast" (the show it belongs to)')
        return None
    show = v.expect_str(raw["podcast"], source, "podcast")
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", show):
        raise InputError(
            source,
            "podcast",
            f"expected a [podcast.SHOW] name (letters, digits, - and _), got {v.show(show)}",
        )

    def number(name: str) -> int | None:
        return v.expect_int(raw[name], source, name, 1, 1_000_000) if name in raw else None

    return Episode(
        show=show,
        number=number("episode"),
        season=number("season"),
        type=(
            v.expect_choice(raw["episode_type"], source, "episode_type", EPISODE_TYPES)
            if "episode_type" in raw
            else "full"
        ),
        transcript=_transcript(raw["transcript"], source) if "transcript" in raw else None,
        chapters=http_url(raw["chapters"], source, "chapters") if "chapters" in raw else "",
    )


def media_fields(raw: Mapping[str, Any], source: str, site: Site) -> dict[str, Any]:
    """The SPEC 8.5 fields of a record as Article keyword arguments (absent ones left out)."""
    fields: dict[str, Any] = {}
    if "type" in raw:
        fields["type"] = v.expect_choice(raw["type"], source, "type", ARTICLE_TYPES)
    if "video" in raw:
        fields["video"] = video(raw["video"], source)
    if "audio" in raw:
        fields["audio"] = audio(raw["audio"], source)
    if "updates" in raw:
        fields["updates"] = updates(raw["updates"], source, site)
    if raw.get("coverage_end") is not None:
        end = v.parse_datetime(raw["coverage_end"], source, "coverage_end")
        fields["coverage_end"] = end if end.tzinfo else end.replace(tzinfo=site.tzinfo)
    found = episode(raw, source)
    if found is not None:
        fields["episode"] = found
    return fields
