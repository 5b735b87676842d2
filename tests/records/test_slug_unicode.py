"""``[slug] unicode`` (SPEC 8.4): native slugs in publish, URLs percent-encoded."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html
import pytest

from sharekit import InputError, load_article, load_site, publish

ARABIC = {
    "id": "ar-1",
    "title": "روسيا تنفي إرسال قوات",
    "section": "العالم",
    "lang": "ar",
    "published": "2025-01-02T09:00:00Z",
}
HINDI = {**ARABIC, "id": "hi-1", "title": "भारत में चुनाव", "section": "देश", "lang": "hi"}
KOREAN = {**ARABIC, "id": "ko-1", "title": "북한 미사일 발사", "section": "세계", "lang": "ko"}


def site(unicode: object) -> object:
    return load_site(
        {
            "site": {"name": "N", "url": "https://news.example", "permalink": "/{section}/{slug}/"},
            "slug": {"unicode": unicode},
        }
    )


def test_default_slugs_are_romanised() -> None:
    article = load_article(ARABIC, load_site({"site": {"url": "https://news.example"}}))
    assert article.slug == "rwsy-tnfy-rsl-qwt"


@pytest.mark.parametrize("setting", [True, ["ar", "hi"], ["hi", "ar-EG"]])
def test_native_slugs_for_the_languages_named(setting: object) -> None:
    arabic = load_article(ARABIC, site(setting))
    hindi = load_article(HINDI, site(setting))
    korean = load_article(KOREAN, site(setting))
    assert arabic.slug == "روسيا-تنفي-إرسال-قوات"
    assert hindi.slug == "भारत-में-चुनाव"
    assert korean.slug == ("북한-미사일-발사" if setting is True else "bukhan-misail-balsa")
    # the URL is a valid URI: ASCII, percent-encoded, reading back as the native path
    assert arabic.url.isascii() and " " not in arabic.url
    assert unquote(urlsplit(arabic.url).path) == "/العالم/روسيا-تنفي-إرسال-قوات/"


def test_publish_writes_native_folders_and_encoded_urls(tmp_path: Path) -> None:
    out = tmp_path / "public"
    publish([ARABIC], site(["ar"]), out)
    assert (out / "articles" / "روسيا-تنفي-إرسال-قوات" / "head.html").is_file()
    assert (out / "sections" / "العالم" / "feed.xml").is_file()
    head = lxml.html.fromstring((out / "articles/روسيا-تنفي-إرسال-قوات/head.html").read_bytes())
    urls = [
        *head.xpath("//link[@rel='canonical']/@href"),
        *head.xpath("//meta[@property='og:url']/@content"),
        *head.xpath("//link[@rel='alternate']/@href"),
    ]
    rss = lxml.etree.fromstring((out / "sections/العالم/feed.xml").read_bytes())
    urls += rss.xpath("//item/link/text()") + rss.xpath("//*[local-name()='link']/@href")
    urls += [item["url"] for item in json.loads((out / "feed.json").read_text())["items"]]
    sitemap = lxml.etree.fromstring(next(out.glob("sitemap-*.xml")).read_bytes())
    urls += sitemap.xpath("//*[local-name()='loc']/text()")
    assert len(urls) >= 8
    for url in urls:
        assert url.isascii() and " " not in url, url
    assert "https://news.example/sections/%D8%A7%D9%84%D8%B9%D8%A7%D9%84%D9%85/feed.xml" in urls


def test_a_bad_setting_is_refused() -> None:
    with pytest.raises(InputError, match=r"slug\.unicode"):
        site("yes")
