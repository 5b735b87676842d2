"""The preview of SPEC 8.4: what feed readers get for a paywalled article, the facts
crawlers read (robots, canonical, exclude), and no X handle made up. Pages are read
back with html5lib, as a browser's parser reads them."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from sharekit import load_article, load_site, render_preview
from tests.helpers_preview import parse_page, text_of

PAID = "Subscriber-only: the memo says the deal is off."
RECORD = {
    "title": "Officials meet as talks stall over the memo",
    "url": "https://www.hanbit-news.example/world/talks/",
    "description": "Officials met on Monday; what the memo says is for subscribers.",
    "content_html": f'<p>Officials met on Monday.</p><div class="paywall"><p>{PAID}</p></div>',
    "access": "paywalled",
}


def site(**keys: Any) -> Any:
    return load_site(
        {"site": {"name": "Hanbit News", "url": "https://www.hanbit-news.example", **keys}}
    )


def feeds_panel(html: str) -> Element:
    page = parse_page(html)
    (section,) = [s for s in page.all("section") if s.get("aria-labelledby") == "pv-feeds-h"]
    return section


def test_the_preview_shows_the_free_part_feed_readers_get_and_no_paid_text() -> None:
    config = site(paywall_selector="div.paywall")
    html = render_preview(load_article(RECORD, config), config)
    panel = text_of(feeds_panel(html))
    assert "Officials met on Monday." in panel
    assert "only the part before div.paywall leaves" in panel
    assert PAID not in html


def test_without_a_selector_the_preview_says_feeds_carry_the_description() -> None:
    config = site()
    html = render_preview(load_article(RECORD, config), config)
    panel = feeds_panel(html)
    fields = {e.get("data-field"): text_of(e) for e in panel.iter() if e.get("data-field")}
    assert fields == {
        "feed-summary": RECORD["description"],
        "feed-content": "(none: readers show the summary)",
    }
    assert PAID not in html and "Officials met on Monday." not in text_of(panel)


def test_the_x_mock_never_invents_a_handle() -> None:
    config = site()
    page = parse_page(render_preview(load_article(RECORD, config), config))
    x = page.mocks["x"].element
    (handle,) = [e for e in x.iter() if "pv-x__handle" in (e.get("class") or "")]
    assert "@" not in text_of(handle)  # was "@hanbit-news", a handle nobody configured
    configured = site(twitter="@hanbitnews")
    page = parse_page(render_preview(load_article(RECORD, configured), configured))
    (handle,) = [
        e for e in page.mocks["x"].element.iter() if "pv-x__handle" in (e.get("class") or "")
    ]
    assert text_of(handle).startswith("@hanbitnews")


def test_the_facts_name_robots_canonical_and_exclusions() -> None:
    config = site()
    raw = {
        **RECORD,
        "access": "free",
        "canonical": "https://partner.example/talks",
        "robots": "noindex",
        "exclude": ["feeds"],
    }
    page = parse_page(render_preview(load_article(raw, config), config))
    facts = {
        text_of(li.find("b")): text_of(li.find("span"))
        for li in page.all("li")
        if li.find("b") is not None and li.find("span") is not None
    }
    assert facts["Canonical"] == "https://partner.example/talks"
    assert facts["Robots"] == "max-image-preview:large, noindex"
    assert facts["Kept out of"] == "feeds"
    assert "Kept out of the feeds" in text_of(
        feeds_panel(render_preview(load_article(raw, config), config))
    )
