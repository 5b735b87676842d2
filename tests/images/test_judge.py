"""The one judge of share images: each rule at its boundary, and lint and inspect agree."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
from pathlib import Path

import pytest

from sharekit import Finding, lint_article, load_article, load_site, render_card
from sharekit.images._judge import (
    judge_bytes,
    judge_image,
    judge_size,
    judge_type,
    large_preview,
    page_tag,
    record_image,
)
from sharekit.model import Image as HeroImage
from sharekit.net._inspect import inspect_url
from tests.helpers_meta import ROOT
from tests.helpers_net import LOOPBACK_ONLY, Net, net
from tests.helpers_servers import Server, server
from tests.lint.test_lint import NO_CARD, record
from tests.net.test_inspect import serve_good, site

__all__ = ["net", "server"]  # fixtures

RECORD = record_image("the card")
OG = page_tag("og:image", ("facebook", "linkedin"))


def codes(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.severity, f.code) for f in findings]


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((199, 200), [("error", "image-too-small"), ("warning", "image-ratio")]),
        ((200, 199), [("error", "image-too-small"), ("warning", "image-ratio")]),
        ((200, 200), [("warning", "image-too-small"), ("warning", "image-ratio")]),
        ((1199, 630), [("warning", "image-too-small")]),
        ((1200, 629), [("warning", "image-too-small")]),
        ((1200, 630), []),
        # 10% either side of 1.91:1, at a height where size is no issue
        ((1720, 1000), []),
        ((1718, 1000), [("warning", "image-ratio")]),
        ((2100, 1000), []),
        ((2102, 1000), [("warning", "image-ratio")]),
        ((0, 0), [("error", "image-too-small")]),  # no height: no ratio to judge
    ],
)
def test_size_and_ratio_boundaries(size: tuple[int, int], expected: list[tuple[str, str]]) -> None:
    assert codes(judge_size(*size, RECORD)) == expected


def test_large_preview_from_600x315() -> None:
    assert large_preview(600, 315)
    assert not large_preview(599, 315) and not large_preview(600, 314)
    # the wording follows: a thumbnail below 600x315, the recommended size above
    (thumbnail,) = judge_size(599, 315, RECORD)
    (small,) = judge_size(600, 315, RECORD)
    assert (
        thumbnail.message == "the card is 599x315: Facebook shows a small thumbnail below 600x315"
    )
    assert small.message == "the card is 600x315: 1200x630 is recommended for large previews"
    (thumbnail,) = judge_size(599, 315, OG)
    (small,) = judge_size(600, 315, OG)
    assert (thumbnail.code, small.code) == ("og:image-small", "og:image-small")
    assert thumbnail.message == (
        "599x315 is below the recommended 1200x630: a small thumbnail instead of a large preview"
    )
    assert small.message == "600x315 is below the recommended 1200x630"


@pytest.mark.parametrize(
    ("size", "platforms"),
    [
        (None, ()),
        (5_000_000, ()),
        (5_000_001, ("x", "linkedin")),
        (8_000_000, ("x", "linkedin")),
        (8_000_001, ("facebook", "x", "linkedin")),
    ],
)
def test_byte_limits_per_platform(size: int | None, platforms: tuple[str, ...]) -> None:
    found = judge_bytes(size, RECORD)
    assert [f.platforms for f in found] == ([platforms] if platforms else [])
    assert all(f.severity == "error" and f.code == "image-file-too-large" for f in found)


def test_byte_limits_of_a_tag_are_its_platforms_only() -> None:
    assert judge_bytes(5_000_000, OG) == []
    (heavy,) = judge_bytes(5_500_000, OG)
    assert heavy == Finding(
        "error", "og:image-too-heavy", "5,500.0 KB is over LinkedIn's 5 MB limit", None,
        ("linkedin",),
    )  # fmt: skip
    (heavy,) = judge_bytes(8_000_001, OG)
    assert heavy.platforms == ("facebook", "linkedin")
    assert heavy.message == "8,000.0 KB is over Facebook's 8 MB and LinkedIn's 5 MB limit"
    (heavy,) = judge_bytes(5_500_000, RECORD)
    assert heavy.message == "the card file is 5.5 MB: over X's 5 MB and LinkedIn's 5 MB limit"


@pytest.mark.parametrize(
    ("media_type", "refused"),
    [("image/avif", True), ("image/svg+xml", True), ("image/png", False),
     ("image/jpeg", False), ("image/webp", False), ("image/gif", False), (None, False)],
)  # fmt: skip
def test_types_facebook_and_x_do_not_show(media_type: str | None, refused: bool) -> None:
    found = judge_type(media_type, RECORD)
    assert codes(found) == ([("error", "image-type")] if refused else [])
    if refused:
        assert found[0].message == (
            f"the card is {media_type}, which Facebook and X do not show; use PNG or JPEG"
        )


def test_judge_image_runs_every_rule_in_order() -> None:
    found = judge_image(150, 150, 9_000_000, "image/avif", subject=RECORD)
    assert codes(found) == [
        ("error", "image-type"),
        ("error", "image-file-too-large"),
        ("error", "image-too-small"),
        ("warning", "image-ratio"),
    ]
    assert (
        found[2].message == "the card is 150x150: Facebook and LinkedIn show no image below 200x200"
    )
    assert all(f.field == "image" for f in found)
    assert judge_image(1200, 630) == []  # a record's image by default; size alone


def test_finding_repr_leaves_out_what_is_unset() -> None:
    lint = Finding("warning", "title-too-long", "title is 72 characters", "title")
    assert repr(lint) == (
        "Finding(severity='warning', code='title-too-long', "
        "message='title is 72 characters', field='title')"
    )
    page = Finding("error", "og:image-too-small", "1x1", platforms=("facebook",))
    assert repr(page) == (
        "Finding(severity='error', code='og:image-too-small', message='1x1', "
        "platforms=('facebook',))"
    )
    assert str(page) == "error: og:image-too-small: 1x1"
    assert page.to_dict("code", "platforms") == {
        "code": "og:image-too-small",
        "platforms": ("facebook",),
    }
    assert list(page.to_dict()) == ["severity", "code", "message", "field", "platforms"]


# --- lint and inspect: the same image, the same verdict -----------------------

# code suffix -> rule, for lint's and inspect's names of the judge's findings
RULES = {"too-small": "size", "small": "size", "ratio": "ratio", "file-too-large": "bytes",
         "too-heavy": "bytes", "type": "type"}  # fmt: skip


def picture(width: int, height: int, fmt: str = "PNG", extra: int = 0) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(out, fmt)
    return out.getvalue() + b"\0" * extra  # bytes after the end: the header still reads


def verdicts(findings: tuple[Finding, ...] | list[Finding], prefix: str) -> list[tuple[str, str]]:
    found = []
    for f in findings:
        rule = RULES.get(f.code.removeprefix(prefix))
        if f.code.startswith(prefix) and rule:
            found.append((rule, f.severity))
    return sorted(found)


@pytest.mark.parametrize(
    ("width", "height", "fmt", "extra"),
    [(150, 150, "PNG", 0), (500, 262, "PNG", 0), (800, 420, "PNG", 0), (1200, 1200, "PNG", 0),
     (1200, 630, "PNG", 0), (1200, 630, "PNG", 5_500_000), (1200, 630, "PNG", 8_500_000),
     (1200, 630, "AVIF", 0)],
)  # fmt: skip
def test_lint_and_inspect_judge_an_image_alike(
    net: Net, server: Server, tmp_path: Path, width: int, height: int, fmt: str, extra: int
) -> None:
    data = picture(width, height, fmt, extra)
    hero = tmp_path / f"hero.{fmt.lower()}"
    hero.write_bytes(data)
    linted = lint_article(load_article(record(tmp_path, image=hero.name), NO_CARD), NO_CARD)

    url = serve_good(server)
    server.route("/card.png", body=data, content_type=f"image/{fmt.lower()}")
    report = inspect_url(url, site(tmp_path), allow_private=LOOPBACK_ONLY)

    assert verdicts(linted, "image-") == verdicts(report.findings, "og:image-")
    # bytes: lint names every platform over its limit; inspect splits them by tag
    lint_over = {p for f in linted if f.code == "image-file-too-large" for p in f.platforms}
    page_over = {p for f in report.findings if f.code.endswith("-too-heavy") for p in f.platforms}
    assert lint_over == page_over
    if extra:
        assert lint_over


def test_inspect_json_keeps_its_finding_shape(net: Net, server: Server, tmp_path: Path) -> None:
    url = serve_good(server)
    server.route("/card.png", body=picture(150, 150), content_type="image/png")
    data = json.loads(inspect_url(url, site(tmp_path), allow_private=LOOPBACK_ONLY).to_json())
    assert {tuple(f) for f in data["findings"]} == {("severity", "code", "message", "platforms")}
    assert {"severity": "error", "code": "og:image-too-small",
            "message": "150x150 is below the 200x200 minimum",
            "platforms": ["facebook", "linkedin"]} in data["findings"]  # fmt: skip


@pytest.mark.parametrize(("size", "drawn"), [((199, 400), "branded"), ((200, 200), "photo")])
def test_the_card_takes_a_photo_from_the_judges_minimum(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, size: tuple[int, int], drawn: str
) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(picture(*size))
    card_site = load_site({})
    article = load_article(ROOT / "examples" / "article.json", card_site)
    article = dataclasses.replace(article, image=HeroImage(path=photo))
    with caplog.at_level(logging.WARNING, logger="sharekit"):
        assert render_card(article, card_site, template="photo").template == drawn
    if drawn == "branded":
        assert f"image too small ({size[0]}x{size[1]})" in caplog.text
