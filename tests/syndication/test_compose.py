"""Composing: each service's limits as it counts them, the headline cut to
fit, lint's warning and the preview's accounts section.

Every service is a stand-in on 127.0.0.1 (tests/helpers_syndicate.py) written
from its official reference: it checks what the real one checks and answers
as it does. Faults are injected per route.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sharekit import load_site, publish
from tests.helpers_syndicate import StandIn
from tests.syndication.helpers import no_secret_in, record, site

URL = "https://www.viewusglobal.com/2026/03/a-long-enough-slug-for-the-article/"


def test_over_long_headlines_are_cut_to_each_target_limit(server: StandIn, out: Path) -> None:
    title = "서울 " * 600 + "👩‍👩‍👧‍👦 끝"  # 1,800+ characters, multi-byte, a ZWJ emoji
    report = publish([record(server, 1, title=title, description="")], site(server), out, workers=1)
    assert {p.status for p in report.posts} == {"posted"}, report.posts  # the stand-ins checked
    text = server.records[0]["text"]
    assert text.endswith("\n\n" + record(server, 1)["url"]) and "…" in text
    assert len(server.messages[0]["caption"]) <= 1024


@settings(max_examples=150, deadline=None)
@given(title=st.text(min_size=1, max_size=1500))
def test_composed_posts_fit_every_limit_and_keep_the_url_whole(title: str) -> None:
    import regex

    from sharekit.syndication._compose import compose

    mastodon = compose("mastodon", title, URL)
    assert mastodon.endswith("\n\n" + URL)
    assert len(mastodon) - len(URL) + 23 <= 500
    bluesky = compose("bluesky", title, URL)
    assert bluesky.endswith("\n\n" + URL) and len(regex.findall(r"\X", bluesky)) <= 300
    assert len(bluesky.encode("utf-8")) <= 3000
    telegram = compose("telegram", title, URL)
    assert telegram.endswith("\n\n" + URL) and len(telegram.encode("utf-16-le")) <= 2048
    if len(title) < 100:  # room for it all: nothing is cut
        assert {mastodon, bluesky, telegram} == {f"{title}\n\n{URL}"}


def test_three_hundred_family_emoji_fit_bluesky_in_bytes_too() -> None:
    from sharekit.syndication._compose import compose

    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 25 bytes, 1 grapheme
    text = compose("bluesky", family * 300, URL)
    assert len(text.encode("utf-8")) <= 3000 and text.endswith(URL)
    assert 100 <= text.count(family) < 120  # 3,000 bytes hold about 117 of them


def test_lint_warns_when_a_target_will_cut_the_headline(server: StandIn) -> None:
    from sharekit import lint_article, load_article

    cfg = site(server)
    short = lint_article(load_article(record(server, 1), cfg))
    assert not [f for f in short if f.code.endswith("-post-too-long")]
    long = lint_article(load_article(record(server, 1, title="word " * 70), cfg))
    cut = {f.code: f for f in long if f.code.endswith("-post-too-long")}
    assert set(cut) == {"bluesky-post-too-long"}  # 350 characters: over 300, under 500 and 1,024
    assert cut["bluesky-post-too-long"].platforms == ("bluesky",)
    assert "graphemes" in cut["bluesky-post-too-long"].message
    unconfigured = lint_article(load_article(record(server, 1, title="word " * 300), load_site({})))
    assert not [f for f in unconfigured if f.code.endswith("-post-too-long")]


def test_preview_shows_what_each_account_will_post(server: StandIn) -> None:
    import html5lib

    from sharekit import load_article, render_preview

    cfg = site(server, bluesky=None)
    article = load_article(record(server, 1, title="Seoul & <Busan>"), cfg)
    page = html5lib.parse(render_preview(article, cfg), namespaceHTMLElements=False)
    section = page.find(".//section[@aria-labelledby='pv-posts-h']")
    assert section is not None
    posts = {li.find("b").text: li.find("p").text for li in section.iter("li")}
    assert posts == {
        "Mastodon": "Seoul & <Busan>\n\n" + article.url,
        "Telegram": "Seoul & <Busan>\n\n" + article.url,
    }
    plain = render_preview(article, load_site({"site": {"url": server.url}}))
    assert "pv-posts-h" not in plain  # no [syndicate] target: no such section
    no_secret_in(render_preview(article, cfg))
