"""SPEC 8.4 in feeds and sitemaps: paid text stays behind the paywall, feed HTML is
sanitised with every URL absolute, ``exclude``/``noindex`` keep articles out,
``[site] hosts`` keeps other brands out of an output's sitemaps.

Feeds are read as readers read them: feedparser for RSS and Atom (and lxml
without recovery), JSON Feed parsed and checked against its schema, and the
HTML they carry parsed by html5lib.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import html5lib
import pytest

from sharekit import build_sitemap, load_article, load_site, publish
from sharekit.feed import build_feed
from tests.helpers_feed import NS, SITE_CONFIG, check, json_feed, record

PAID = "Subscriber-only: the minister's memo says the deal is off."
BODY = (
    "<p>SEOUL — Officials met on Monday.</p>"
    '<figure><img src="/img/a.jpg" alt="a"></figure>'
    '<div class="paywall"><p>' + PAID + "</p><p>More paid text.</p></div>"
    "<p>Also after the paywall.</p>"
)
DESCRIPTION = "Officials met on Monday; what was said stays for subscribers."
FORMATS = ["rss", "atom", "json"]


def config(**site: Any) -> Any:
    data = json.loads(json.dumps(SITE_CONFIG))
    data["site"].update(site)
    return data


def site(feed: dict[str, Any] | None = None, **keys: Any) -> Any:
    data = config(**keys)
    data["feed"].update(feed or {})
    return load_site(data)


def contents(data: bytes, format: str) -> list[str]:
    """The HTML body of each entry as the file holds it (strict parse), checked against
    what feedparser gives a reader (feedparser sanitises on its own, so the raw text is
    what a test of our sanitising must read)."""
    parsed, fp = check(data, format)
    if format == "json":
        return [item.get("content_html", "") for item in parsed["items"]]
    if format == "rss":
        raw = [item.findtext("content:encoded", "", NS) for item in parsed.iter("item")]
    else:
        raw = [
            entry.findtext("atom:content", "", NS) for entry in parsed.iterfind("atom:entry", NS)
        ]
    read = [e["content"][0]["value"] if "content" in e else "" for e in fp.entries]
    assert [text_of(html) for html in read] == [text_of(html) for html in raw]
    return raw


def text_of(html: str) -> str:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return " ".join("".join(tree.itertext()).split())


def paid_article(access: str = "paywalled", **fields: Any) -> dict[str, Any]:
    return record(1, access=access, content_html=BODY, description=DESCRIPTION, **fields)


# --- paid text never leaves the paywall ----------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("access", ["paywalled", "metered"])
def test_feeds_carry_only_the_part_before_the_paywall_selector(format: str, access: str) -> None:
    config = site(paywall_selector="div.paywall")
    data = build_feed([load_article(paid_article(access), config)], config, format=format)
    (body,) = contents(data, format)
    text = text_of(body)
    assert "Officials met on Monday." in text
    assert PAID not in text and "More paid text" not in text and "Also after" not in text
    assert PAID.encode() not in data
    assert b"https://www.viewusglobal.com/img/a.jpg" in data  # the free part's image, absolute


@pytest.mark.parametrize("format", FORMATS)
def test_without_a_selector_a_paid_article_gives_feeds_the_description_only(format: str) -> None:
    config = site()
    data = build_feed([load_article(paid_article(), config)], config, format=format)
    assert PAID.encode() not in data and b"Officials met on Monday." not in data
    assert contents(data, format) == [""]
    if format == "json":
        (item,) = json_feed(data)["items"]
        assert item["content_text"] == DESCRIPTION and item["summary"] == DESCRIPTION


def test_a_selector_that_matches_nothing_fails_closed() -> None:
    config = site(paywall_selector=".premium")
    data = build_feed([load_article(paid_article(), config)], config, format="json")
    assert PAID.encode() not in data
    (item,) = json_feed(data)["items"]
    assert "content_html" not in item and item["content_text"] == DESCRIPTION


def test_free_articles_keep_their_whole_body() -> None:
    config = site(paywall_selector="div.paywall")
    data = build_feed([load_article(paid_article("free"), config)], config, format="json")
    assert PAID in text_of(json_feed(data)["items"][0]["content_html"])


@pytest.mark.parametrize("format", FORMATS)
def test_feed_content_summary_leaves_every_body_out(format: str) -> None:
    config = site({"content": "summary"})
    articles = [load_article(record(n, description=f"Summary {n}."), config) for n in (1, 2)]
    data = build_feed(articles, config, format=format)
    assert contents(data, format) == ["", ""]
    assert b"Body 1" not in data and b"Summary 1." in data


def test_feed_content_is_validated() -> None:
    from sharekit import InputError

    with pytest.raises(InputError, match=r"feed\.content: expected one of full, summary"):
        site({"content": "excerpt"})


def test_publish_keeps_paid_text_out_of_every_feed_file(tmp_path: Path) -> None:
    config = site(paywall_selector="div.paywall")
    out = tmp_path / "out"
    publish([paid_article()], config, out, workers=1)
    feeds = [p for p in out.rglob("*") if p.name in ("feed.xml", "atom.xml", "feed.json")]
    assert len(feeds) >= 3
    for path in feeds:
        assert PAID.encode() not in path.read_bytes(), path


# --- sanitised, every URL absolute ---------------------------------------------------------

HOSTILE = (
    '<p onclick="steal()">Text <a href="/x" onmouseover="x()">link</a>'
    ' <a href="javascript:alert(1)">js</a> <a href="data:text/html,hi">data</a></p>'
    "<script>alert('feed')</script><style>p{display:none}</style>"
    '<img src="photo.jpg" srcset="small.jpg 480w, /big.jpg 1200w, javascript:x 2x" alt="p">'
    '<video poster="poster.jpg" src="clip.mp4" controls></video>'
    '<iframe src="https://evil.example/"></iframe><form action="/f"><input name=q></form>'
)


@pytest.mark.parametrize("format", FORMATS)
def test_feed_html_is_sanitised_and_every_url_absolute(format: str) -> None:
    config = site()
    raw = record(1, content_html=HOSTILE, url="https://www.viewusglobal.com/2024/10/post/")
    data = build_feed([load_article(raw, config)], config, format=format)
    (body,) = contents(data, format)
    tree = html5lib.parse(body, namespaceHTMLElements=False)
    elements = list(tree.iter())
    tags = {e.tag for e in elements}
    assert not tags & {"script", "style", "iframe", "form", "input"}
    for element in elements:
        for name, value in element.attrib.items():
            assert not name.startswith("on"), (element.tag, name)
            if name in ("href", "src", "poster"):
                assert value.startswith("https://"), (element.tag, name, value)
    base = "https://www.viewusglobal.com"
    (img,) = tree.iter("img")
    assert img.get("src") == f"{base}/2024/10/post/photo.jpg"
    assert img.get("srcset") == (
        f"{base}/2024/10/post/small.jpg 480w, {base}/big.jpg 1200w"
    )  # the javascript: candidate is dropped
    (video,) = tree.iter("video")
    assert video.get("poster") == f"{base}/2024/10/post/poster.jpg"
    assert video.get("src") == f"{base}/2024/10/post/clip.mp4"
    links = [a.get("href") for a in tree.iter("a")]
    assert links == [f"{base}/x", None, None]  # javascript: and data: lose their href
    assert b"alert" not in data and b"steal" not in data


# --- exclude, noindex ------------------------------------------------------------------------


def _sitemap_locs(data: bytes) -> list[str]:
    from lxml import etree

    root = etree.fromstring(data)
    return [loc.text for loc in root.iterfind("{*}url/{*}loc")]


def test_exclude_feeds_keeps_the_article_out_of_feeds_but_in_sitemaps() -> None:
    config = site()
    kept = load_article(record(1), config)
    out = load_article(record(2, exclude="feeds"), config)
    for format in FORMATS:
        data = build_feed([kept, out], config, format=format)
        assert b"/a/2/" not in data and b"/a/1/" in data
    assert _sitemap_locs(build_sitemap([kept, out], config)) == [  # oldest first
        "https://www.viewusglobal.com/a/1/",
        "https://www.viewusglobal.com/a/2/",
    ]


@pytest.mark.parametrize("fields", [{"exclude": ["sitemaps"]}, {"robots": "noindex"}])
def test_exclude_sitemaps_and_noindex_keep_the_article_out_of_both_sitemaps(
    fields: dict[str, Any],
) -> None:
    config = site()
    now = datetime.now(UTC)
    kept = load_article(record(1, published=now.isoformat()), config)
    out = load_article(record(2, published=now.isoformat(), **fields), config)
    assert _sitemap_locs(build_sitemap([kept, out], config)) == [
        "https://www.viewusglobal.com/a/1/"
    ]
    news = build_sitemap([kept, out], config, news=True, now=now + timedelta(minutes=1))
    assert _sitemap_locs(news) == ["https://www.viewusglobal.com/a/1/"]
    assert b"/a/2/" in build_feed([kept, out], config, format="rss")  # feeds keep it


def test_publish_honours_exclude_and_a_later_exclude_removes_the_entry(tmp_path: Path) -> None:
    config = site({"max_items": 2, "sections": False})
    out = tmp_path / "out"
    now = datetime.now(UTC)
    records = [record(n, published=(now - timedelta(hours=n)).isoformat()) for n in range(4)]
    records[1]["exclude"] = ["feeds"]
    records[2]["robots"] = ["noindex"]
    publish(records, config, out, workers=1)
    feed = json.loads((out / "feed.json").read_text())
    # max_items entries still: the excluded one does not take a slot
    assert [item["id"] for item in feed["items"]] == ["post-0", "post-2"]
    locs = _sitemap_locs((out / "sitemap.xml").read_bytes())
    assert "https://www.viewusglobal.com/a/2/" not in locs
    assert "https://www.viewusglobal.com/a/1/" in locs
    assert "https://www.viewusglobal.com/a/2/" not in (out / "news-sitemap.xml").read_text()
    records[0]["exclude"] = "feeds"  # an edit that excludes a published article
    publish(records, config, out, workers=1)
    feed = json.loads((out / "feed.json").read_text())
    assert [item["id"] for item in feed["items"]] == ["post-2", "post-3"]


# --- [site] hosts -----------------------------------------------------------------------------


def _brands(now: datetime) -> list[dict[str, Any]]:
    return [
        record(1, published=now.isoformat(), section="World"),
        record(2, published=now.isoformat(), section="China", url="https://news.example.cn/a/2/"),
        record(3, published=now.isoformat(), section="Japan", url="https://example.jp/a/3/"),
    ]


def _index_urls(out: Path) -> list[str]:
    from lxml import etree

    root = etree.fromstring((out / "sitemap.xml").read_bytes())
    urls = []
    for loc in root.iterfind("{*}sitemap/{*}loc"):
        part = loc.text.removeprefix("https://www.viewusglobal.com/")
        urls += _sitemap_locs((out / part).read_bytes())
    return urls


def test_an_output_lists_only_its_own_hosts_and_warns_about_the_others(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    now = datetime.now(UTC)
    out = tmp_path / "out"
    with caplog.at_level(logging.WARNING, logger="sharekit"):
        publish(_brands(now), site(), out, workers=1)
    assert _index_urls(out) == ["https://www.viewusglobal.com/a/1/"]
    assert "news.example.cn" not in (out / "news-sitemap.xml").read_text()
    assert "news.example.cn is not a host this output serves" in caplog.text
    assert "example.jp is not a host this output serves" in caplog.text
    # the feeds are not the sitemaps: they still carry every brand's articles
    assert "news.example.cn" in (out / "feed.json").read_text()


def test_site_hosts_names_every_host_an_output_serves(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    out = tmp_path / "out"
    config = site(hosts=["www.viewusglobal.com", "news.example.cn"])
    publish(_brands(now), config, out, workers=1)
    assert sorted(_index_urls(out)) == [
        "https://news.example.cn/a/2/",
        "https://www.viewusglobal.com/a/1/",
    ]


def test_naughty_bodies_never_leak_the_paid_part_and_never_break_a_feed() -> None:
    from tests.helpers_feed import blns

    config = site(paywall_selector="div.paywall")
    articles = []
    for n, text in enumerate(blns()):
        body = f'{text}<div class="paywall"><p>PAID-{n}-MARK</p></div>{text}'
        articles.append(load_article(record(n, access="metered", content_html=body), config))
    for format in FORMATS:
        data = build_feed(articles, config, format=format)
        check(data, format)  # every format still parses as readers parse it
        assert b"-MARK" not in data
