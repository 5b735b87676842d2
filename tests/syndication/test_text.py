"""Each network's own words (SPEC 8.7): the record's social.<network> text, title and
description are what each service gets, counted as it counts, with Bluesky's link
and tag facets and LinkedIn's escaped commentary; lint and the preview show them.

Every service is a stand-in on 127.0.0.1 (tests/helpers_syndicate.py,
tests/helpers_syndicate_more.py) written from its reference.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sharekit import lint_article, load_article, load_site, syndicate
from tests.helpers_syndicate import StandIn
from tests.syndication.helpers import record, service_config

EVERY = ("mastodon", "bluesky", "telegram", "threads", "linkedin", "webhook")


def test_each_service_gets_the_records_own_words(server: StandIn, out: Path) -> None:
    url = record(server, 1)["url"]
    social = {
        "mastodon": {"text": f"Our investigation, in 3 parts: {url} #Seoul"},
        "bluesky": {"text": "Read why #Busan matters 🌊 (and #2024 does not)"},
        "telegram": {"title": "Telegram's own headline"},
        "linkedin": {"text": "Our newsroom (Seoul desk) on #Busan_port: 3*2 [sic] <b>"},
        "threads": {"description": "not used in the text"},
    }
    cfg = load_site(service_config(server, *EVERY))
    article = load_article(record(server, 1, social=social), cfg)
    results = syndicate([article], cfg, out)
    assert {r.target: r.status for r in results} == dict.fromkeys(EVERY, "posted"), results
    assert server.statuses[0]["content"] == social["mastodon"]["text"]  # exactly, URL inside
    post = server.records[0]
    assert post["text"] == f"{social['bluesky']['text']}\n\n{url}"
    raw = post["text"].encode("utf-8")
    spans = {
        raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode(): f["features"][0]
        for f in post["facets"]
    }
    assert spans["#Busan"] == {"$type": "app.bsky.richtext.facet#tag", "tag": "Busan"}
    assert spans[url] == {"$type": "app.bsky.richtext.facet#link", "uri": url}
    assert "#2024" not in spans  # digits only: not a tag
    assert server.messages[0]["caption"] == f"Telegram's own headline\n\n{url}"
    assert server.threads[0]["text"] == f"Headline 1\n\n{url}"
    shared = server.linkedin[0]
    assert shared["commentary"] == (
        r"Our newsroom \(Seoul desk\) on {hashtag|\#|Busan\_port}: 3\*2 \[sic\] \<b\>"
    )
    assert shared["content"]["article"]["source"] == url  # the link is the article
    assert server.deliveries[0]["text"] == f"Headline 1\n\n{url}"


def test_a_long_own_text_is_cut_to_each_limit_and_keeps_the_url(server: StandIn, out: Path) -> None:
    words = "서울 항구의 밤 🌊 " * 120  # over every limit but LinkedIn's 3,000
    social = {n: {"text": words} for n in ("mastodon", "bluesky", "telegram", "threads")}
    cfg = load_site(service_config(server, "mastodon", "bluesky", "telegram", "threads"))
    article = load_article(record(server, 1, social=social), cfg)
    results = syndicate([article], cfg, out)
    assert {r.status for r in results} == {"posted"}, results  # the stand-ins counted
    url = record(server, 1)["url"]
    for text in (
        server.statuses[0]["content"],
        server.records[0]["text"],
        server.messages[0]["caption"],
        server.threads[0]["text"],
    ):
        assert text.endswith(f"…\n\n{url}"), text
    found = {f.code: f for f in lint_article(article)}
    assert {code for code in found if code.endswith("-post-too-long")} == {
        "mastodon-post-too-long",
        "bluesky-post-too-long",
        "telegram-post-too-long",
        "threads-post-too-long",
    }
    threads = found["threads-post-too-long"]
    assert threads.field == "social.threads.text" and "its text is cut" in threads.message
    assert "UTF-8 bytes" in threads.message  # Threads counts an emoji as its bytes


def test_counting_as_each_service_counts() -> None:
    from sharekit.syndication._services import SERVICES

    wave = "🌊"  # 1 grapheme, 1 code point, 2 UTF-16 units, 4 UTF-8 bytes
    url = "https://example.com/" + "a" * 80
    assert SERVICES["bluesky"].limits(wave)[0] == 1
    assert SERVICES["telegram"].limits(wave)[0] == 2
    assert SERVICES["threads"].limits(wave + "ab")[0] == 6
    assert SERVICES["mastodon"].limits(f"x {url}")[0] == 2 + 23
    assert SERVICES["linkedin"].limits(wave)[0] == 1


def test_the_preview_shows_each_networks_own_post(server: StandIn) -> None:
    import html5lib

    from sharekit import render_preview

    cfg = load_site(service_config(server, "mastodon", "threads", "linkedin"))
    social = {"mastodon": {"text": "Only on Mastodon #news"}}
    article = load_article(record(server, 1, social=social), cfg)
    page = html5lib.parse(render_preview(article, cfg), namespaceHTMLElements=False)
    section = page.find(".//section[@aria-labelledby='pv-posts-h']")
    assert section is not None
    posts = {li.find("b").text: li.find("p").text for li in section.iter("li")}
    assert posts == {
        "Mastodon": f"Only on Mastodon #news\n\n{article.url}",
        "Threads": f"Headline 1\n\n{article.url}",
        "LinkedIn": "Headline 1",  # the service's own name, not "Linkedin"; the link is the article
    }


def test_a_social_text_must_be_text() -> None:
    import pytest

    from sharekit.errors import InputError

    base = {"title": "T", "url": "https://example.com/t/"}
    with pytest.raises(InputError, match=r"social\.bluesky\.text"):
        load_article({**base, "social": {"bluesky": {"text": 3}}}, load_site({}))
    article = load_article({**base, "social": {"bluesky": {"text": "Own"}}}, load_site({}))
    assert article.social_for("bluesky").text == "Own"


@settings(max_examples=120, deadline=None)
@given(
    words=st.text(min_size=1, max_size=900),
    where=st.sampled_from(["none", "start", "middle", "end"]),
)
def test_own_texts_fit_every_limit_and_keep_the_url_whole(words: str, where: str) -> None:
    from sharekit.syndication._service import Draft
    from sharekit.syndication._services import SERVICES

    url = "https://www.viewusglobal.com/2026/03/a-long-enough-slug/"
    text = {
        "none": words,
        "start": f"{url} {words}",
        "middle": f"{words[: len(words) // 2]} {url} {words[len(words) // 2 :]}",
        "end": f"{words} {url}",
    }[where]
    for service in SERVICES.values():
        post = service.compose(Draft("Headline", url, text))
        length, limit, _ = service.limits(post)
        assert length <= limit, (service.id, post)
        if service.link:
            assert url in post
        whole = text if (url in text or not service.link) else f"{text}\n\n{url}"
        if service.limits(whole)[0] <= limit:
            assert post == whole  # room for it all: the editors' words as written
