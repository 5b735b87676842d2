"""lint_article: what a sharing debugger would report, offline."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from sharekit import Finding, lint_article, load_article, load_site
from tests.conftest import example_files
from tests.helpers_meta import ROOT, png

SITE = load_site({})
NO_CARD = load_site({"card": {"enabled": False}})
BODY = "A description long enough for every platform to show without complaint."


def codes(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.severity, f.code) for f in findings]


def record(tmp_path: Path, **fields: Any) -> Path:
    data = {
        "title": "A headline of a sensible length",
        "description": BODY,
        "author": "Daniel Kim",
        "published": "2024-10-24T09:00:00+09:00",
        "url": "https://example.com/a",
        **fields,
    }
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data))
    return path


def test_seed_article_only_has_a_long_title() -> None:
    article = load_article(ROOT / "examples" / "article.json", SITE)
    assert lint_article(article, SITE) == [
        Finding("warning", "title-too-long", "title is 72 characters: X cuts it at 70", "title")
    ]


def test_clean_record_has_no_findings(tmp_path: Path) -> None:
    assert lint_article(load_article(record(tmp_path), SITE), SITE) == []


def test_minimal_record_warns_about_what_is_missing() -> None:
    article = load_article(ROOT / "examples" / "articles" / "minimal.json", SITE)
    findings = lint_article(article, SITE)
    assert codes(findings) == [
        ("warning", "title-too-short"),
        ("warning", "description-missing"),
        ("warning", "published-missing"),
        ("warning", "author-missing"),
    ]
    assert not findings.has_errors


def test_wide_characters_count_double_for_the_minimum() -> None:
    article = load_article(ROOT / "examples" / "articles" / "chinese.json", SITE)
    assert lint_article(article, SITE) == []


def test_lengths(tmp_path: Path) -> None:
    long = load_article(record(tmp_path, title="word " * 20, description="x " * 150), SITE)
    assert codes(lint_article(long, SITE)) == [
        ("warning", "title-too-long"),
        ("warning", "description-too-long"),
    ]
    short = load_article(record(tmp_path, title="Short", description="Too short."), SITE)
    assert codes(lint_article(short, SITE)) == [
        ("warning", "title-too-short"),
        ("warning", "description-too-short"),
    ]


def test_no_image_is_an_error(tmp_path: Path) -> None:
    findings = lint_article(load_article(record(tmp_path), NO_CARD), NO_CARD)
    assert codes(findings) == [("error", "image-missing")]
    assert findings.has_errors


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((1200, 630), []),
        ((2400, 1260), []),
        ((1260, 630), []),  # 2:1 is within 10% of 1.91:1
        ((800, 420), [("warning", "image-too-small")]),
        ((500, 262), [("warning", "image-too-small")]),
        ((1200, 1200), [("warning", "image-ratio")]),
        ((150, 150), [("error", "image-too-small"), ("warning", "image-ratio")]),
    ],
)
def test_local_image_real_size(
    tmp_path: Path, size: tuple[int, int], expected: list[tuple[str, str]]
) -> None:
    png(tmp_path / "hero.png", *size)
    article = load_article(record(tmp_path, image="hero.png"), NO_CARD)
    assert codes(lint_article(article, NO_CARD)) == expected


def test_small_image_message_names_facebooks_thumbnail(tmp_path: Path) -> None:
    png(tmp_path / "hero.png", 500, 262)
    article = load_article(record(tmp_path, image="hero.png"), NO_CARD)
    (finding,) = lint_article(article, NO_CARD)
    assert finding.message == (
        "the image is 500x262: Facebook shows a small thumbnail below 600x315"
    )


def test_record_size_is_checked_against_the_file(tmp_path: Path) -> None:
    png(tmp_path / "hero.png", 600, 315)
    image = {"path": "hero.png", "width": 1200, "height": 630}
    article = load_article(record(tmp_path, image=image), NO_CARD)
    assert codes(lint_article(article, NO_CARD)) == [
        ("warning", "image-size-mismatch"),
        ("warning", "image-too-small"),
    ]


def test_missing_file_and_unsupported_type(tmp_path: Path) -> None:
    article = load_article(record(tmp_path, image="nowhere.png"), NO_CARD)
    assert codes(lint_article(article, NO_CARD)) == [("error", "image-unreadable")]
    svg = load_article(record(tmp_path, image="https://cdn.example.com/a.svg"), NO_CARD)
    assert codes(lint_article(svg, NO_CARD)) == [
        ("error", "image-type"),
        ("warning", "image-size-unknown"),
    ]


def test_remote_image_needs_width_and_height(tmp_path: Path) -> None:
    remote = load_article(record(tmp_path, image="https://cdn.example.com/a.jpg"), NO_CARD)
    (finding,) = lint_article(remote, NO_CARD)
    assert finding.code == "image-size-unknown" and finding.severity == "warning"
    sized = {"url": "https://cdn.example.com/a.jpg", "width": 1200, "height": 630}
    assert lint_article(load_article(record(tmp_path, image=sized), NO_CARD), NO_CARD) == []


def test_relative_url_and_missing_site_name(tmp_path: Path) -> None:
    # The effective site is bound at load (its url and name from the record's
    # url); an article whose url is replaced afterwards gets the bare site.
    article = dataclasses.replace(load_article(record(tmp_path), SITE), url="/2024/a", site=SITE)
    assert codes(lint_article(article, SITE)) == [
        ("error", "url-relative"),
        ("warning", "site-name-missing"),
        ("error", "image-url-relative"),
    ]
    assert codes(lint_article(dataclasses.replace(article, url=""), SITE))[0] == (
        "error",
        "url-missing",
    )


def test_every_example_lints_without_errors() -> None:
    from sharekit import load_articles

    for path in example_files():
        for article in load_articles(path, SITE):
            assert not lint_article(article, SITE).has_errors, article.source


@pytest.mark.parametrize(
    ("extra", "expected", "platforms"),
    [(0, [], ()),
     # over X's and LinkedIn's 5 MB: no image there, an error as inspect says (was a warning)
     (5_500_000, [("error", "image-file-too-large")], ("x", "linkedin")),
     (8_500_000, [("error", "image-file-too-large")], ("facebook", "x", "linkedin"))],
)  # fmt: skip
def test_large_image_files(
    tmp_path: Path, extra: int, expected: list[tuple[str, str]], platforms: tuple[str, ...]
) -> None:
    hero = png(tmp_path / "hero.png", 1200, 630)
    with hero.open("ab") as handle:  # bytes after IEND: the header still reads 1200x630
        handle.write(b"\0" * extra)
    article = load_article(record(tmp_path, image="hero.png"), NO_CARD)
    findings = lint_article(article, NO_CARD)
    assert codes(findings) == expected
    assert tuple(p for f in findings for p in f.platforms) == platforms


def test_characters_no_font_covers_are_a_card_finding() -> None:
    from sharekit import lint_article, load_article, load_site

    site = load_site({})
    article = load_article(
        {"title": "Plane sixteen \U0010fffd glyph", "url": "https://x.example/a"}, site
    )
    findings = [f for f in lint_article(article, site) if f.code == "card-missing-glyphs"]
    assert [(f.severity, f.field) for f in findings] == [("warning", "title")]
    assert "U+10FFFD" in findings[0].message
    without_cards = load_site({"card": {"enabled": False}})
    assert not [f for f in lint_article(article, without_cards) if f.code == "card-missing-glyphs"]
