"""Derived descriptions come from the body read by a real HTML parser (SPEC 8.4)."""

from __future__ import annotations

import time

import pytest

from sharekit import load_article


def _described(body: str) -> str:
    return load_article(
        {"title": "T", "url": "https://x.example/", "content_html": body}
    ).description


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # <br> is a space inside its paragraph, not the end of it
        (
            "<p>SEOUL (Yonhap) —<br>Officials said on Monday the talks would resume.</p>",
            "SEOUL (Yonhap) — Officials said on Monday the talks would resume.",
        ),
        # a dateline alone in its paragraph is not the lead
        (
            "<p>WASHINGTON, Dec. 7 (AP) --</p><p>The Senate passed the bill.</p>",
            "The Senate passed the bill.",
        ),
        ("<p>(서울=연합뉴스) 홍길동 기자 =</p><p>정부가 발표했다.</p>", "정부가 발표했다."),
        # asides, figures and captions before the first paragraph are skipped
        (
            "<aside>Related: Five things to know</aside><p>The lead.</p>",
            "The lead.",
        ),
        (
            '<figure><img src="a.jpg" alt="x"><figcaption>Photo: Reuters</figcaption>'
            "</figure><p>The lead.</p>",
            "The lead.",
        ),
        (
            "<figure><img src=a.jpg><p>A caption in a paragraph</p></figure><p>The lead.</p>",
            "The lead.",
        ),
        (
            "<nav><a href=/>Home</a></nav><header>Site</header><p>The lead.</p>"
            "<footer>Footer</footer>",
            "The lead.",
        ),
        # entities decode, inline markup joins, implied end tags close paragraphs
        ("<p>Tom &amp; <em>Jerry</em> met.<p>Second.", "Tom & Jerry met."),
        ("Plain text without markup.", "Plain text without markup."),
        ("<figure><figcaption>Only a caption</figcaption></figure>", ""),
    ],
)
def test_description_is_the_lead_paragraph(body: str, expected: str) -> None:
    assert _described(body) == expected


def test_description_of_a_huge_or_hostile_body_is_quick() -> None:
    """The parser stops at the lead; unfinished markup does not rescan."""
    for body in ("<p>Lead.</p>" + "<p>x</p>" * 1_000_000, "<!--" * 100_000, "<a " * 50_000):
        start = time.perf_counter()
        _described(body)
        assert time.perf_counter() - start < 2.0


def test_a_lone_surrogate_does_not_stop_the_parser() -> None:
    from sharekit.text._lead import lead_paragraph

    assert lead_paragraph("<p>x\udcff y</p>") == "x? y"
