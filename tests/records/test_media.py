"""SPEC 8.5's record fields: loaded, refused cleanly, said the same by the JSON Schema,
linted, and shown in the preview."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sharekit import load_article, load_site, render_preview
from sharekit.errors import InputError
from sharekit.lint._rules import lint_article
from sharekit.records._schema import record_schema

ROOT = Path(__file__).resolve().parent.parent.parent
MEDIA = ROOT / "examples" / "media"
SITE = load_site(MEDIA / "sharekit.toml")


def record(**fields: Any) -> dict[str, Any]:
    return {"title": "Gates close", "url": "https://herald.example.com/g/", **fields}


def validates(raw: dict[str, Any]) -> bool:
    try:
        jsonschema.validate(raw, record_schema(), format_checker=jsonschema.FormatChecker())
    except jsonschema.ValidationError:
        return False
    return True


@pytest.mark.parametrize("path", sorted(MEDIA.glob("*.json")), ids=lambda p: p.name)
def test_the_examples_load_and_validate(path: Path) -> None:
    assert validates(json.loads(path.read_text()))
    article = load_article(path, SITE)
    assert not [f for f in lint_article(article, SITE) if f.severity == "error"]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(245, 245), (61.4, 61), ("4:05", 245), ("1:02:03", 3723), ("PT4M5S", 245), ("PT1H", 3600)],
)
def test_durations(value: Any, seconds: int) -> None:
    article = load_article(
        record(audio={"url": "https://a.example/x.mp3", "duration": value}), SITE
    )
    assert article.audio is not None and article.audio.duration == seconds
    assert validates(record(audio={"url": "https://a.example/x.mp3", "duration": value}))


def test_media_types_come_from_the_extension_when_not_given() -> None:
    article = load_article(
        record(video="https://a.example/v/clip.webm", audio="https://a.example/a/ep.m4a"), SITE
    )
    assert article.video is not None and article.video.type == "video/webm"
    assert article.audio is not None and article.audio.type == "audio/mp4"


BAD = [
    ({"video": {"type": "video/mp4"}}, "video", 'give "url"'),
    (
        {"video": {"url": "https://a.example/x.mp4", "duration": "soon"}},
        "video.duration",
        "seconds",
    ),
    ({"video": {"url": "https://a.example/x.mp4", "duration": -1}}, "video.duration", "seconds"),
    ({"video": {"url": "https://a.example/x.mp4", "duration": 10**9}}, "video.duration", "10 days"),
    ({"video": {"url": "https://a.example/x.mp4", "type": "mp4"}}, "video.type", "media type"),
    ({"video": {"url": "javascript:alert(1)"}}, "video.url", "http(s)"),
    ({"audio": {"url": "https://a.example/x.mp3", "length": 0}}, "audio.length", ""),
    ({"audio": {"length": 3}}, "audio.url", "required"),
    ({"audio": 5}, "audio", "expected a URL"),
    ({"type": "Story"}, "type", "expected one of"),
    ({"updates": {"time": "2025-01-01"}}, "updates", "list"),
    ({"updates": [{"headline": "x"}]}, "updates[0].time", "required"),
    ({"updates": [{"time": "2025-01-01", "headline": ""}]}, "updates[0].headline", "empty"),
    ({"episode": 3}, "episode", '"podcast"'),
    ({"podcast": "../x"}, "podcast", "[podcast.SHOW] name"),
    ({"podcast": "w", "episode_type": "teaser"}, "episode_type", "expected one of"),
    ({"podcast": "w", "transcript": "https://a.example/t.pdf"}, "transcript", "format"),
    (
        {
            "video": {
                "url": "https://a.example/x.mp4",
                "thumbnail": {"url": "https://a.example/t.jpg", "width": 5},
            }
        },
        "video.thumbnail",
        "both",
    ),
]


@pytest.mark.parametrize(("fields", "field", "message"), BAD, ids=[b[1] for b in BAD])
def test_bad_values_are_one_clean_error_and_the_schema_agrees(
    fields: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        load_article(record(**fields), SITE)
    assert caught.value.field == field
    assert message in str(caught.value)
    assert not validates(record(**fields))


def test_hostile_media_record_exits_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps(
            record(video={"url": "https://a.example/x.mp4", "duration": "P" + "9" * 5000 + "D"})
        )
    )
    run = subprocess.run(
        [sys.executable, "-m", "sharekit", "lint", str(path)], capture_output=True, text=True
    )
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "video.duration" in run.stderr


def _codes(raw: dict[str, Any]) -> dict[str, str]:
    return {f.code: f.severity for f in lint_article(load_article(raw, SITE), SITE)}


def test_lint_media_rules() -> None:
    codes = _codes(
        record(
            video={
                "url": "http://a.example/v/clip",
                "embed_url": "https://a.example/embed/1",
                "thumbnail": {"url": "https://a.example/t.jpg", "width": 120, "height": 90},
            },
            audio={"url": "https://a.example/a.mp3"},
            podcast="no-such-show",
            type="LiveBlogPosting",
        )
    )
    assert codes["media-type-missing"] == "warning"
    assert codes["media-not-https"] == "warning"
    assert codes["video-size-missing"] == "warning"
    assert codes["video-thumbnail-too-small"] == "error"
    assert codes["audio-length-missing"] == "error"  # an episode without it leaves the feed
    assert codes["podcast-unknown"] == "error"
    assert codes["live-blog-updates-missing"] == "warning"
    no_audio = _codes(record(podcast="harbour-weekly", episode=3))
    assert no_audio["podcast-audio-missing"] == "error" and "podcast-unknown" not in no_audio
    clean = _codes(json.loads((MEDIA / "video.json").read_text()))
    assert not {c for c in clean if c.startswith(("media-", "video-", "audio-", "podcast-"))}


def test_preview_shows_a_video_link_with_a_play_button() -> None:
    html = render_preview(load_article(MEDIA / "video.json", SITE), SITE)
    facebook = html.split('data-platform="facebook"')[1].split("</article>")[0]
    x = html.split('data-platform="x"')[1].split("</article>")[0]
    assert 'class="pv-play"' in facebook and 'class="pv-play"' in x
    opinion = render_preview(load_article(MEDIA / "opinion.json", SITE), SITE)
    assert 'class="pv-play"' not in opinion
