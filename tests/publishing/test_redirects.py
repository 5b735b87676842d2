"""Redirects when an article's URL changes (SPEC 8.4): a page at the old path,
``_redirects``, an nginx ``map`` (served by a real nginx) and JSON; feed ids kept."""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import lxml.html

from sharekit import load_site, publish
from sharekit.publishing._redirects import redirect_page_path
from tests.helpers_servers import nginx_files

SITE = {
    "site": {
        "name": "N",
        "url": "https://news.example",
        "permalink": "/{year}/{month}/{slug}/",
    }
}


def record(title: str) -> dict[str, Any]:
    return {"id": "story-1", "title": title, "published": "2025-01-02T09:00:00Z"}


def publish_titles(out: Path, *titles: str) -> list[list[str]]:
    site = load_site(SITE)
    return [publish([record(title)], site, out).redirects for title in titles]


def test_a_slug_change_writes_a_redirect_page_and_maps(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first, second, third = publish_titles(out, "First headline", "Second headline", "Third")
    assert first == []  # nothing moved: no redirect files at all
    assert "2025/01/first-headline/index.html" in second
    new = "https://news.example/2025/01/third/"
    for old in ("first-headline", "second-headline"):  # never a chain: both to the last URL
        page = lxml.html.fromstring((out / f"2025/01/{old}/index.html").read_bytes())
        assert page.xpath("//link[@rel='canonical']/@href") == [new]
        assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
        refresh = page.xpath("//meta[@http-equiv='refresh']/@content")
        assert refresh == [f"0; url={new}"]
    rules = [
        line.split()
        for line in (out / "_redirects").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert rules == [
        ["/2025/01/first-headline/", "/2025/01/third/", "301"],
        ["/2025/01/second-headline/", "/2025/01/third/", "301"],
    ]
    assert json.loads((out / "redirects.json").read_text()) == [
        {"from": "https://news.example/2025/01/first-headline/", "to": new},
        {"from": "https://news.example/2025/01/second-headline/", "to": new},
    ]
    feed = json.loads((out / "feed.json").read_text())
    assert [(item["id"], item["url"]) for item in feed["items"]] == [("story-1", new)]
    assert "2025/01/second-headline/index.html" in third


def test_coming_back_to_an_old_url_makes_it_live_again(tmp_path: Path) -> None:
    out = tmp_path / "public"
    publish_titles(out, "Alpha", "Beta", "Alpha")
    assert not (out / "2025/01/alpha/index.html").exists()  # the live URL is no redirect
    assert json.loads((out / "redirects.json").read_text()) == [
        {
            "from": "https://news.example/2025/01/beta/",
            "to": "https://news.example/2025/01/alpha/",
        }
    ]


def test_the_nginx_map_redirects_in_nginx(tmp_path: Path) -> None:
    """A real nginx with the map included: native (percent-encoded) paths too."""
    out = tmp_path / "public"
    site = load_site(
        {"site": {**SITE["site"], "permalink": "/{slug}/"}, "slug": {"unicode": ["ar"]}}
    )
    for title in ("Café ouvert", "Café fermé"):
        publish([{**record(title), "lang": "fr"}], site, out)
    for title in ("الميناء يفتح", "الميناء يفتح اليوم"):
        publish([{**record(title), "id": "ar-1", "lang": "ar"}], site, out)
    arabic_old = "/" + quote("الميناء-يفتح") + "/"
    arabic_new = "https://news.example/" + quote("الميناء-يفتح-اليوم") + "/"
    assert (out / "الميناء-يفتح" / "index.html").is_file()  # the page, where a host looks
    with nginx_files(
        out,
        tmp_path / "nginx",
        http=f"include {out / 'redirects.map'};",
        server="if ($sharekit_redirect) { return 301 $sharekit_redirect; }",
    ) as port:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        for path, location in (
            ("/cafe-ouvert/", "https://news.example/cafe-ferme/"),
            (arabic_old, arabic_new),
        ):
            connection.request("GET", path)
            answer = connection.getresponse()
            answer.read()
            assert (answer.status, answer.getheader("Location")) == (301, location), path
        connection.request("GET", "/cafe-ferme/")
        assert connection.getresponse().status == 404  # the live URL is not redirected
        connection.close()


def test_a_redirect_page_stays_inside_the_output() -> None:
    base = "https://news.example/news"
    assert redirect_page_path("https://news.example/news/a/b/", base) == "a/b/index.html"
    assert redirect_page_path("https://news.example/news/%C3%A9t%C3%A9/", base) == "été/index.html"
    assert redirect_page_path("https://news.example/news/old.html", base) == "old.html"
    for outside in (
        "https://other.example/news/a/",
        "https://news.example/elsewhere/a/",
        "https://news.example/news/a/%2E%2E/%2E%2E/x/",
        "https://news.example/news/feed.xml",
        "https://news.example/news/a/?p=1",
        "https://news.example/news/%FF%FE/",
        "https://news.example/news/",  # the site's own front page is never replaced
        "https://news.example/news/" + "x" * 256 + "/",
    ):
        assert redirect_page_path(outside, base) is None, outside


def test_redirects_from_a_postgresql_store(pg_url: str, tmp_path: Path) -> None:
    site = load_site(SITE)
    out = tmp_path / "public"
    for title in ("One", "Two"):
        report = publish([record(title)], site, out, store=pg_url)
    assert "redirects.json" in report.redirects
    assert json.loads((out / "redirects.json").read_text()) == [
        {"from": "https://news.example/2025/01/one/", "to": "https://news.example/2025/01/two/"}
    ]


def test_a_record_with_its_own_site_gets_its_page(tmp_path: Path) -> None:
    """No configuration URL (the README's examples): the record's site says where."""
    out = tmp_path / "public"
    for title in ("Port workers vote", "Busan port workers vote"):
        publish([{**record(title), "site": SITE["site"]}], load_site({}), out)
    page = lxml.html.fromstring((out / "2025/01/port-workers-vote/index.html").read_bytes())
    assert page.xpath("//link[@rel='canonical']/@href") == [
        "https://news.example/2025/01/busan-port-workers-vote/"
    ]
