"""Lint of the SPEC 8.5 fields: video, audio and the podcast an article belongs to.

What Facebook, X, Google and Apple Podcasts refuse or show worse: a media
file without a media type (og:video:type, enclosures and JSON Feed
attachments need one), audio without its length in bytes (an RSS enclosure
and Apple require it), media over plain http (Facebook and X load players
and files over https only; browsers block http media on https pages), a
thumbnail the platforms show small (the judge's thresholds), a live blog
without updates, and podcast fields that cannot make an episode.
"""

from __future__ import annotations

import dataclasses

from sharekit.images._judge import Finding, judge_size, record_image
from sharekit.model import Article

__all__ = ["media_findings"]


def _http(url: str, field: str) -> list[Finding]:
    if not url.startswith("http://"):
        return []
    return [
        Finding(
            "warning",
            "media-not-https",
            f"{field} is http, not https: Facebook and X play media over https only, and "
            "browsers block http media on an https page",
            field,
        )
    ]


def _type(kind: str, media_type: str, field: str) -> list[Finding]:
    if media_type:
        return []
    return [
        Finding(
            "warning",
            "media-type-missing",
            f"{field}: no type, and none can be told from the URL: og:{kind}:type, feed "
            "enclosures and JSON Feed attachments need one (give it, e.g. video/mp4)",
            f"{field}.type",
        )
    ]


def _video(article: Article) -> list[Finding]:
    video = article.video
    if video is None:
        return []
    found: list[Finding] = []
    if video.url:
        found += _type("video", video.type, "video")
        found += _http(video.url, "video.url")
    found += _http(video.embed_url, "video.embed_url")
    found += _http(video.thumbnail, "video.thumbnail")
    if video.embed_url and not (video.width and video.height):
        found.append(
            Finding(
                "warning",
                "video-size-missing",
                "video has an embed_url but no width and height: X's player card needs a "
                "size, so sharekit says 1280x720",
                "video",
            )
        )
    if video.thumbnail_size is not None:
        subject = dataclasses.replace(
            record_image("the video thumbnail"), code="video-thumbnail", field="video.thumbnail"
        )
        found += [f for f in judge_size(*video.thumbnail_size, subject) if "ratio" not in f.code]
    return found


def _audio(article: Article) -> list[Finding]:
    audio = article.audio
    if audio is None:
        return []
    found = _type("audio", audio.type, "audio") + _http(audio.url, "audio.url")
    if audio.length is None:
        found.append(
            Finding(
                "error" if article.episode else "warning",
                "audio-length-missing",
                "audio has no length (bytes): RSS enclosures and Apple Podcasts require it"
                + ("; the episode is left out of its podcast feed" if article.episode else ""),
                "audio.length",
            )
        )
    return found


def _podcast(article: Article) -> list[Finding]:
    episode = article.episode
    if episode is None:
        return []
    found: list[Finding] = []
    if article.site.podcast(episode.show) is None:
        found.append(
            Finding(
                "error",
                "podcast-unknown",
                f"podcast {episode.show!r} names no [podcast.{episode.show}] table: "
                "no feed will list it",
                "podcast",
            )
        )
    if article.audio is None:
        found.append(
            Finding("error", "podcast-audio-missing", "a podcast episode needs audio", "audio")
        )
    return found


def media_findings(article: Article) -> list[Finding]:
    """The findings of the video, audio, live blog and podcast fields."""
    found = _video(article) + _audio(article) + _podcast(article)
    if article.schema_type == "LiveBlogPosting" and not article.updates:
        found.append(
            Finding(
                "warning",
                "live-blog-updates-missing",
                "type is LiveBlogPosting but there are no updates: Google shows no live badge "
                "without liveBlogUpdate",
                "updates",
            )
        )
    return found
