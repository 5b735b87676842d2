"""Sitemaps (SPEC 7.4): sitemap.xml with images, news-sitemap.xml, the index, publish, the CLI.

Every file is validated against the published XML schemas (tests/data/sitemaps,
see SOURCE.md) with lxml, the way a crawler's validator reads it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from sharekit import build_sitemap, load_article, load_site, publish, sitemap_robots
from sharekit.errors import InputError
from sharekit.feed._sitemap import news_language, write_sitemaps
from sharekit.out._output import open_output
from sharekit.store._sqlite import SQLiteStore
from tests.conftest import naughty_strings

DATA = Path(__file__).parent.parent / "data" / "sitemaps"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _schema(imports: dict[str, str]) -> etree.XMLSchema:
    """One schema importing the given namespace -> local XSD file (no network)."""
    lines = "".join(
        f'<xsd:import namespace="{ns}" schemaLocation="{(DATA / name).as_uri()}"/>'
        for ns, name in imports.items()
    )
    wrapper = f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{lines}</xsd:schema>'
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser, base_url=str(DATA) + "/"))


URLSET = _schema(
    {NS["s"]: "sitemap.xsd", NS["image"]: "sitemap-image.xsd", NS["news"]: "sitemap-news.xsd"}
)
INDEX = _schema({NS["s"]: "siteindex.xsd"})


def valid(data: bytes, schema: etree.XMLSchema = URLSET) -> Any:
    root = etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False))
    if not schema.validate(root):
        raise AssertionError(str(schema.error_log))
    return root


SITE = {
    "site": {"name": "View Us Global", "url": "https://www.viewusglobal.com", "lang": "en"},
    "feed": {"sections": False},
}


def record(n: int, published: datetime, **fields: Any) -> dict[str, Any]:
    base = {
        "id": f"post-{n}",
        "title": f"Headline {n}",
        "slug": f"headline-{n}",  # a new title keeps the folder, so the card URL stays
        "url": f"https://www.viewusglobal.com/a/{n}/",
        "published": published.isoformat(),
        "section": "World" if n % 2 else "Culture",
        "author": "Daniel Kim",
    }
    base.update(fields)
    return base


def test_sitemap_lists_each_article_with_its_card_and_hero_as_images() -> None:
    site = load_site(SITE)
    articles = [
        load_article(record(1, NOW, image={"url": "https://cdn.example/p 1.jpg"}), site),
        load_article(record(2, NOW - timedelta(days=400), updated=NOW.isoformat()), site),
    ]
    root = valid(build_sitemap(articles, site))
    urls = root.findall("s:url", NS)
    assert [u.findtext("s:loc", namespaces=NS) for u in urls] == [
        "https://www.viewusglobal.com/a/2/",  # oldest first: new articles append
        "https://www.viewusglobal.com/a/1/",
    ]
    assert urls[0].findtext("s:lastmod", namespaces=NS) == "2026-03-10T12:00:00Z"  # updated
    images = [i.findtext("image:loc", namespaces=NS) for i in urls[1].findall("image:image", NS)]
    assert images == [
        "https://www.viewusglobal.com/articles/headline-1/card.png",  # the card
        "https://cdn.example/p%201.jpg",  # the hero, percent-encoded
    ]
    assert build_sitemap(list(reversed(articles)), site) == build_sitemap(articles, site)


def test_news_sitemap_keeps_two_days_at_most_1000_newest_first() -> None:
    site = load_site(SITE)
    records = [record(n, NOW - timedelta(minutes=n)) for n in range(1005)]
    records += [
        record(2000, NOW - timedelta(days=2, minutes=1)),  # too old
        record(2001, NOW + timedelta(hours=1)),  # not published yet
    ]
    articles = [load_article(r, site) for r in records]
    root = valid(build_sitemap(articles, site, news=True, now=NOW))
    urls = root.findall("s:url", NS)
    assert len(urls) == 1000
    assert urls[0].findtext("s:loc", namespaces=NS) == "https://www.viewusglobal.com/a/0/"
    assert urls[-1].findtext("s:loc", namespaces=NS) == "https://www.viewusglobal.com/a/999/"
    news = urls[0].find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "View Us Global"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:publication_date", namespaces=NS) == "2026-03-10T12:00:00Z"
    assert news.findtext("news:title", namespaces=NS) == "Headline 0"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en-US", "en"), ("zh-Hant-TW", "zh-tw"), ("zh-TW", "zh-tw"), ("zh", "zh-cn"), ("ko", "ko")],
)
def test_news_language_is_what_google_news_accepts(lang: str, expected: str) -> None:
    assert news_language(lang) == expected


def test_news_sitemap_survives_naughty_titles_and_languages() -> None:
    site = load_site(SITE)
    articles = []
    for n, text in enumerate(naughty_strings()):
        try:
            articles.append(load_article(record(n, NOW - timedelta(seconds=n), title=text), site))
        except InputError:  # a title that cleans to nothing is refused by the loader
            continue
    root = valid(build_sitemap(articles, site, news=True, now=NOW))
    titles = [t.text or "" for t in root.iterfind(".//news:title", NS)]
    assert titles == [a.title for a in articles][:1000]


def test_too_many_urls_for_one_sitemap_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sharekit.feed._sitemap as sitemap

    monkeypatch.setattr(sitemap, "MAX_URLS", 2)
    site = load_site(SITE)
    articles = [load_article(record(n, NOW), site) for n in range(3)]
    with pytest.raises(InputError, match="at most 2"):
        build_sitemap(articles, site)


def _urls_of(out: Path, name: str = "sitemap.xml") -> list[str]:
    """Every URL the sitemap at ``name`` lists, following an index (each file validated)."""
    root = etree.fromstring((out / name).read_bytes())
    if root.tag == f"{{{NS['s']}}}sitemapindex":
        valid((out / name).read_bytes(), INDEX)
        urls = []
        for loc in root.iterfind("s:sitemap/s:loc", NS):
            part = loc.text.removeprefix("https://www.viewusglobal.com/")
            assert "/" not in part  # beside sitemap.xml: a sitemap lists URLs under its folder
            urls += _urls_of(out, part)
        return urls
    return [loc.text for loc in valid((out / name).read_bytes()).iterfind("s:url/s:loc", NS)]


def test_publish_writes_both_sitemaps_and_leaves_them_alone_when_nothing_changed(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    site = load_site(SITE)
    now = datetime.now(UTC)
    records = [record(n, now - timedelta(hours=n)) for n in range(3)]
    records.append(record(3, now - timedelta(days=30)))
    report = publish(records, site, out, workers=1)
    assert sorted(p.name for p in report.sitemaps) == ["news-sitemap.xml", "sitemap.xml"]
    assert _urls_of(out) == [f"https://www.viewusglobal.com/a/{n}/" for n in (3, 2, 1, 0)]
    news = valid((out / "news-sitemap.xml").read_bytes())
    assert len(news.findall("s:url", NS)) == 3
    stamps = {p: p.stat().st_mtime_ns for p in out.glob("*sitemap*.xml")}
    records[1]["title"] = "Headline 1, corrected"
    report = publish(records, site, out, workers=1)
    assert [p.name for p in report.sitemaps] == ["news-sitemap.xml"]  # the title is news only
    assert (out / "sitemap.xml").stat().st_mtime_ns == stamps[out / "sitemap.xml"]
    assert b"Headline 1, corrected" in (out / "news-sitemap.xml").read_bytes()
    report = publish(records, site, out, workers=1)
    assert report.sitemaps == []


def test_an_index_past_the_limit_and_parts_per_section(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = load_site(SITE)
    records = [record(n, NOW - timedelta(days=n)) for n in range(7)]
    publish(records, site, out, workers=1)
    expected = [f"https://www.viewusglobal.com/a/{n}/" for n in range(6, -1, -1)]
    with SQLiteStore(out) as store:
        written = write_sitemaps(store, open_output(out), site, now=NOW, limit=3)
    assert sorted(p.name for p in written) == [
        "news-sitemap.xml",
        "sitemap-1.xml",
        "sitemap-2.xml",
        "sitemap-3.xml",
        "sitemap.xml",
    ]
    assert _urls_of(out) == expected  # every URL once, oldest first across the parts
    sections = load_site({**SITE, "feed": {"sections": True}})
    with SQLiteStore(out) as store:
        write_sitemaps(store, open_output(out), sections, now=NOW, limit=3)
    names = sorted(p.name for p in out.glob("sitemap*.xml"))
    assert names == [
        "sitemap-section-culture.2.xml",  # 4 Culture articles, 3 a part
        "sitemap-section-culture.xml",
        "sitemap-section-world.xml",
        "sitemap.xml",
    ]  # the parts of the unsectioned layout are gone
    assert sorted(_urls_of(out)) == sorted(expected)


def test_without_a_base_url_no_sitemap_is_written(tmp_path: Path) -> None:
    site = load_site({"feed": {"sections": False}})
    report = publish([record(1, NOW)], site, tmp_path / "out", workers=1)
    assert report.sitemaps == [] and not (tmp_path / "out/sitemap.xml").exists()


def test_robots_lines_name_both_sitemaps() -> None:
    assert sitemap_robots(load_site(SITE)) == (
        "Sitemap: https://www.viewusglobal.com/sitemap.xml\n"
        "Sitemap: https://www.viewusglobal.com/news-sitemap.xml\n"
    )
    with pytest.raises(InputError, match="base_url"):
        sitemap_robots(load_site({}))


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sharekit", *args], cwd=cwd, capture_output=True, text=True
    )


def test_cli_prints_a_sitemap_a_news_sitemap_and_the_robots_lines(tmp_path: Path) -> None:
    (tmp_path / "sharekit.toml").write_text(
        '[site]\nname = "View Us Global"\nurl = "https://www.viewusglobal.com"\n'
    )
    now = datetime.now(UTC)
    (tmp_path / "a.json").write_text(json.dumps([record(1, now), record(2, now - timedelta(3))]))
    done = _cli("sitemap", "a.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(valid(done.stdout.encode()).findall("s:url", NS)) == 2
    done = _cli("sitemap", "--news", "a.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(valid(done.stdout.encode()).findall("s:url", NS)) == 1
    done = _cli("sitemap", "--robots", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Sitemap: https://www.viewusglobal.com/sitemap.xml\n"
        "Sitemap: https://www.viewusglobal.com/news-sitemap.xml\n"
    )
    done = _cli("sitemap", cwd=tmp_path)
    assert done.returncode == 2 and "ARTICLES" in done.stderr


def test_a_store_from_before_sitemaps_is_filled_once_and_update_feed_keeps_it(
    tmp_path: Path,
) -> None:
    import sqlite3

    from sharekit import update_feed

    out = tmp_path / "out"
    site = load_site(SITE)
    publish([record(n, NOW - timedelta(days=n)) for n in range(3)], site, out, workers=1)
    before = (out / "sitemap.xml").read_bytes()
    with sqlite3.connect(out / ".sharekit/store.sqlite") as db:
        db.execute("DELETE FROM sitemap_urls")  # as a store migrated from schema 2 has it
    with SQLiteStore(out) as store:
        assert write_sitemaps(store, open_output(out), site, now=NOW) == [out / "news-sitemap.xml"]
        assert store.sitemap_count() == 3
    assert (out / "sitemap.xml").read_bytes() == before
    # entries added through `sharekit feed --update` get their <url> too
    update_feed(out / "feed.xml", [load_article(record(7, NOW), site)], site)
    with SQLiteStore(out) as store:
        write_sitemaps(store, open_output(out), site, now=NOW)
    assert _urls_of(out)[-1] == "https://www.viewusglobal.com/a/7/"
