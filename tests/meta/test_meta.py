"""Head tags: every SPEC 2.2 tag, exact escaping under hostile input, real consumers."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sharekit import Tag, load_article, load_articles, load_site, meta_tags, render_head
from sharekit.meta._tags import LIMITS, HeadHtml, jsonld, locale_of
from sharekit.text._clean import clean_text, has_visible_text
from sharekit.text._truncate import graphemes, truncate
from tests.helpers_meta import (
    BLNS,
    EXAMPLES,
    NODE_DIR,
    ROOT,
    article_node,
    document,
    parse_extruct,
    parse_html5,
    png,
)

SITE = load_site({})


def seed() -> Any:
    return load_article(ROOT / "examples" / "article.json", SITE)


# --- every tag of SPEC 2.2 ----------------------------------------------------


def test_seed_article_has_every_tag_in_order() -> None:
    tags = meta_tags(seed(), SITE)
    keys = [(t.kind, t.name) for t in tags]
    slug = "russia-calls-out-fake-news-on-north-korean-troops-but-us-sees-signs"
    assert keys == [
        ("title", ""),
        ("meta", "description"),
        ("meta", "author"),
        ("meta", "robots"),  # SPEC 8.4: max-image-preview:large by default
        ("link", "canonical"),
        *[("link", "alternate")] * 6,
        ("meta", "og:type"),
        ("meta", "og:title"),
        ("meta", "og:description"),
        ("meta", "og:url"),
        ("meta", "og:site_name"),
        ("meta", "og:locale"),
        ("meta", "og:image"),
        ("meta", "og:image:secure_url"),
        ("meta", "og:image:type"),
        ("meta", "og:image:width"),
        ("meta", "og:image:height"),
        ("meta", "og:image:alt"),
        ("meta", "article:published_time"),
        ("meta", "article:modified_time"),
        ("meta", "article:author"),
        ("meta", "article:section"),
        *[("meta", "article:tag")] * 5,
        ("meta", "twitter:card"),
        ("meta", "twitter:site"),
        ("meta", "twitter:title"),
        ("meta", "twitter:description"),
        ("meta", "twitter:image"),
        ("meta", "twitter:image:alt"),
        ("jsonld", ""),
    ]
    parsed = parse_html5(render_head(tags))
    card = f"https://www.viewusglobal.com/articles/{slug}/card.png"
    assert parsed.one("og:image") == parsed.one("twitter:image") == card
    assert parsed.one("og:image:secure_url") == card
    assert (parsed.one("og:image:width"), parsed.one("og:image:height")) == ("1200", "630")
    assert parsed.one("og:image:type") == "image/png"
    assert parsed.one("article:published_time") == "2024-10-24T09:00:00+09:00"
    assert parsed.one("twitter:card") == "summary_large_image"
    assert parsed.one("og:locale") == "en_US"
    assert parsed.meta["article:tag"] == [
        "Russia",
        "North Korea",
        "South Korea",
        "Ukraine",
        "United States",
    ]
    feeds = [(link["type"], link["href"]) for link in parsed.links if link["rel"] == "alternate"]
    assert feeds[:3] == [
        ("application/rss+xml", "https://www.viewusglobal.com/feed.xml"),
        ("application/atom+xml", "https://www.viewusglobal.com/atom.xml"),
        ("application/feed+json", "https://www.viewusglobal.com/feed.json"),
    ]
    assert feeds[3][1] == "https://www.viewusglobal.com/sections/world/feed.xml"
    canonical = [link["href"] for link in parsed.links if link["rel"] == "canonical"]
    assert canonical == [seed().url]


def test_jsonld_meets_googles_recommendations() -> None:
    article = load_article(ROOT / "examples" / "articles" / "yaml-post.yaml", SITE)
    site = load_site({"site": {"logo": "https://cdn.example.com/logo.png"}})
    parsed = parse_html5(render_head(article, site))
    assert parsed.jsonld[0]["@context"] == "https://schema.org"
    data = parsed.article
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == "2025-02-10T09:00:00+09:00"
    assert data["dateModified"] == "2025-02-11T12:00:00+09:00"
    (author,) = data["author"]
    assert author["@type"] == "Person"
    assert author["name"] == "Daniel Kim"
    assert author["url"] == "https://www.viewusglobal.com/author/daniel-kim"
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["logo"]["@type"] == "ImageObject"
    assert data["publisher"]["logo"]["url"] == "https://cdn.example.com/logo.png"
    assert data["mainEntityOfPage"]["@type"] == "WebPage"
    assert data["mainEntityOfPage"]["@id"] == article.url
    # Google's three ratios first (SPEC 8.5), then the og card
    assert [i["url"].rsplit("/", 1)[-1] for i in data["image"]] == [
        "card-16x9.png",
        "card-4x3.png",
        "card-1x1.png",
        "card.png",
    ]


@pytest.mark.parametrize("kind", ["Article", "BlogPosting"])
def test_jsonld_type_from_config(kind: str) -> None:
    block = jsonld(seed().with_site(load_site({"site": {"jsonld_type": kind}})))
    assert article_node(block)["@type"] == kind


def test_jsonld_lists_card_and_hero_image(tmp_path: Path) -> None:
    png(tmp_path / "hero.png", 1600, 900)
    record = {"title": "Hero", "url": "https://example.com/a/", "image": "hero.png"}
    (tmp_path / "a.json").write_text(json.dumps(record))
    article = load_article(tmp_path / "a.json", SITE)
    images = article_node(jsonld(article.with_site(SITE)))["image"][3:]
    assert [i["url"] for i in images] == [
        "https://example.com/articles/hero/card.png",
        "https://example.com/articles/hero/hero.png",
    ]
    assert (images[1]["width"], images[1]["height"]) == (1600, 900)


def test_without_card_og_image_is_the_hero_with_its_real_size(tmp_path: Path) -> None:
    png(tmp_path / "photo.png", 1000, 500)
    record = {"title": "Photo", "url": "https://example.com/p", "image": {"path": "photo.png"}}
    (tmp_path / "p.json").write_text(json.dumps(record))
    site = load_site({"card": {"enabled": False}})
    parsed = parse_html5(render_head(load_article(tmp_path / "p.json", site), site))
    assert parsed.one("og:image") == "https://example.com/articles/photo/hero.png"
    assert (parsed.one("og:image:width"), parsed.one("og:image:height")) == ("1000", "500")
    assert parsed.one("og:image:alt") == "Photo"


def test_remote_image_size_omitted_when_unknown_and_default_image_last() -> None:
    site = load_site(
        {"card": {"enabled": False}, "site": {"default_image": "https://cdn.example.com/d.jpg"}}
    )
    remote = load_article(
        {"title": "R", "url": "https://example.com/r", "image": "https://img.example.com/한.jpg"},
        site,
    )
    parsed = parse_html5(render_head(remote, site))
    assert parsed.one("og:image") == "https://img.example.com/%ED%95%9C.jpg"
    assert "og:image:width" not in parsed.meta
    assert parsed.one("og:image:type") == "image/jpeg"
    bare = load_article({"title": "B", "url": "https://example.com/b"}, site)
    assert parse_html5(render_head(bare, site)).one("og:image") == "https://cdn.example.com/d.jpg"
    none = load_article({"title": "N", "url": "https://example.com/n"}, load_site({}))
    nothing = load_site({"card": {"enabled": False}})
    parsed = parse_html5(render_head(none, nothing))
    assert "og:image" not in parsed.meta
    assert parsed.one("twitter:card") == "summary"


def test_configured_tags_app_id_robots_locales_creator() -> None:
    site = load_site(
        {
            "site": {
                "facebook_app_id": "1234567890",
                "robots": "max-image-preview:large",
                "locale_alternates": ["ko_KR", "en_US", "ja_JP"],
            }
        }
    )
    article = load_article(ROOT / "examples" / "articles" / "emoji.json", site)
    parsed = parse_html5(render_head(article, site))
    assert parsed.one("fb:app_id") == "1234567890"
    assert parsed.one("robots") == "max-image-preview:large"
    assert parsed.meta["og:locale:alternate"] == ["ko_KR", "ja_JP"]
    assert parsed.one("twitter:creator") == "@jiwoopark"
    assert parsed.meta["article:author"] == ["Ji-woo Park", "Sam Lee"]
    assert parsed.meta["author"] == ["Ji-woo Park, Sam Lee"]


@pytest.mark.parametrize(
    ("lang", "site_locale", "expected"),
    [
        ("en", "en_US", "en_US"),
        ("en", "en_GB", "en_GB"),
        ("ko-KR", "en_US", "ko_KR"),
        ("ko", "en_US", "ko_KR"),
        ("he", "en_US", "he_IL"),
        ("zh-Hant", "en_US", "zh_TW"),
        ("zh-Hant", "zh_CN", "zh_TW"),
        ("zh", "zh_HK", "zh_HK"),
        ("pt-PT", "en_US", "pt_PT"),
        ("tlh", "en_US", None),
        # CLDR likely subtags, not a hand table
        ("hi", "en_US", "hi_IN"),
        ("my", "en_US", "my_MM"),
        ("am", "en_US", "am_ET"),
        ("sr-Latn", "en_US", "sr_RS"),
        ("km", "km_KH", "km_KH"),
    ],
)
def test_locale(lang: str, site_locale: str, expected: str | None) -> None:
    site = load_site({"site": {"locale": site_locale}})
    article = load_article({"title": "T", "url": "https://e.com/", "lang": lang}, site)
    assert locale_of(article.with_site(site)) == expected


def test_urls_are_uri_form_and_base_url_is_used() -> None:
    site = load_site({"publish": {"base_url": "https://static.example.com/out"}})
    article = load_article(
        {"title": "서울 소식", "url": "https://example.com/뉴스/서울?q=한국#끝", "section": "세계"},
        site,
    )
    html = render_head(article, site)
    parsed = parse_html5(html)
    assert parsed.one("og:url") == (
        "https://example.com/%EB%89%B4%EC%8A%A4/%EC%84%9C%EC%9A%B8?q=%ED%95%9C%EA%B5%AD#%EB%81%9D"
    )
    assert parsed.one("og:image").startswith("https://static.example.com/out/articles/")
    for link in parsed.links:
        assert link["href"].isascii()
    assert next(link["href"] for link in parsed.links if link["rel"] == "alternate") == (
        "https://static.example.com/out/feed.xml"
    )


# --- escaping ----------------------------------------------------------------


def test_script_breakout_is_impossible() -> None:
    nasty = "</script><script>alert(1)</script><!--<script> & \u2028\u2029 </SCRIPT >"
    article = load_article(
        {"title": "x", "description": "x", "url": "https://e.com/x", "tags": ["x"]}, SITE
    )
    # built directly: cleaning would have turned U+2028/2029 into spaces
    article = dataclasses.replace(article, title=nasty, description=nasty, tags=(nasty,))
    (tag,) = [t for t in meta_tags(article, SITE) if t.kind == "jsonld"]
    assert not {"<", ">", "&", "\u2028", "\u2029"} & set(tag.content)
    parsed = parse_html5(render_head(article, SITE))
    assert len(parsed.jsonld) == 1
    assert parsed.article["headline"] == nasty
    assert parsed.article["keywords"] == [nasty]


def test_escaped_exactly_once() -> None:
    article = load_article(
        {"title": "AT&amp;T &lt;b&gt; “quoted” 'x'", "url": "https://e.com/?a=1&b=2"}, SITE
    )
    html = render_head(article, SITE)
    assert "<title>AT&amp;amp;T &amp;lt;b&amp;gt; “quoted” 'x'</title>" in html
    assert 'content="https://e.com/?a=1&amp;b=2"' in html
    parsed = parse_html5(html)
    assert parsed.title == article.title
    assert parsed.one("og:url") == "https://e.com/?a=1&b=2"


def expected_values(article: Any) -> dict[str, Any]:
    site_name = article.site.name
    return {
        "title": article.title,
        "twitter:title": truncate(article.title, LIMITS["twitter:title"]),
        "og:image:alt": f"{article.title} — {site_name}",
        "twitter:image:alt": truncate(f"{article.title} — {site_name}", 420),
        "description": article.description,
        "twitter:description": truncate(article.description, LIMITS["twitter:description"]),
    }


def check_round_trip(article: Any) -> None:
    """Every field comes back exactly from html5lib and from extruct."""
    html = render_head(article, SITE)
    want = expected_values(article)
    names = list(article.author_names)
    parsed = parse_html5(html)
    assert parsed.title == article.title
    for key in ("og:title", "og:image:alt"):
        assert parsed.one(key) == want.get(key, article.title)
    for key in ("twitter:title", "twitter:image:alt", "twitter:description"):
        assert parsed.meta[key] == ([want[key]] if want[key] else [])
    if article.description:
        assert parsed.one("description") == parsed.one("og:description") == article.description
    assert parsed.meta["article:author"] == names
    assert parsed.meta["author"] == ([", ".join(names)] if names else [])
    assert parsed.meta["article:section"] == ([article.section] if article.section else [])
    assert parsed.meta["article:tag"] == list(article.tags)
    site_name = article.site.name
    assert parsed.one("og:site_name") == site_name
    data = parsed.article
    assert data["publisher"]["name"] == site_name
    assert data["headline"] == article.title
    assert data.get("description", "") == article.description
    assert [a["name"] for a in data.get("author", [])] == names
    assert data.get("articleSection", "") == article.section
    assert data.get("keywords", []) == list(article.tags)

    og, items = parse_extruct(html)
    assert og["og:title"] == [article.title]
    assert og["og:site_name"] == [site_name]
    assert og["og:description"] == ([article.description] if article.description else [])
    assert og["article:author"] == names
    assert og["article:section"] == ([article.section] if article.section else [])
    assert og["article:tag"] == list(article.tags)
    (item,) = items
    assert article_node(item) == data


def naughty_record(text: str) -> dict[str, Any]:
    return {
        "title": text,
        "description": text,
        "author": text,
        "section": text,
        "tags": [text, "plain"],
        "url": "https://example.com/naughty",
        "site": {"name": text},
    }


NAUGHTY = [s for s in BLNS if has_visible_text(clean_text(s))]


def test_blns_is_all_there() -> None:
    assert len(BLNS) == 503
    assert len(NAUGHTY) > 480  # the rest is white space or controls only, cleaned to ""


def test_every_naughty_string_round_trips() -> None:
    count = 0
    for text in NAUGHTY:
        article = load_article(naughty_record(text), SITE)
        assert article.title == clean_text(text)
        check_round_trip(article)
        count += 1
    assert count == len(NAUGHTY)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    title=st.text(min_size=1, max_size=300),
    description=st.text(max_size=400),
    author=st.text(min_size=1, max_size=60),
    section=st.text(max_size=40),
    tags=st.lists(st.text(min_size=1, max_size=30), max_size=4),
    site_name=st.text(max_size=40),
)
def test_hypothesis_text_round_trips(
    title: str, description: str, author: str, section: str, tags: list[str], site_name: str
) -> None:
    assume(has_visible_text(clean_text(title)) and clean_text(author))
    record = {
        "title": title,
        "description": description,
        "author": author,
        "section": section,
        "tags": tags,
        "url": "https://example.com/h",
        "site": {"name": site_name},
    }
    check_round_trip(load_article(record, SITE))


def test_long_headline_is_cut_for_x_only() -> None:
    article = load_article(ROOT / "examples" / "articles" / "long-headline.json", SITE)
    parsed = parse_html5(render_head(article, SITE))
    assert parsed.one("og:title") == article.title == parsed.article["headline"]
    cut = parsed.one("twitter:title")
    assert len(cut) <= 70 and cut.endswith("…")
    assert article.title.startswith(cut[:-1])
    assert cut == "Not Just Old Age: The Pneumonia That Affected Pope Francis’ Final…"


def test_limits_are_options() -> None:
    tags = meta_tags(seed(), SITE, limits={"og:title": 30, "twitter:title": None})
    values = {t.name: t.content for t in tags if t.kind == "meta"}
    assert values["og:title"] == "Russia Calls Out ‘Fake News’…"
    assert values["twitter:title"] == seed().title


# --- forms: JSON, templates ----------------------------------------------------


def test_json_form_lists_the_same_tags() -> None:
    tags = meta_tags(seed(), SITE)
    data = json.loads(render_head(seed(), SITE, format="json"))
    assert [Tag(**item) for item in data] == tags
    assert data[0] == {
        "kind": "title",
        "name": "",
        "content": seed().title,
        "attribute": "",
        "type": "",
        "title": "",
    }


def test_render_head_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="html or json"):
        render_head(seed(), SITE, format="xml")  # type: ignore[arg-type]


def test_jinja2_inserts_the_fragment_unescaped_and_attribute_values_escaped() -> None:
    import jinja2

    env = jinja2.Environment(autoescape=True)
    env.filters["sharekit_head"] = lambda article: render_head(article, SITE)
    head = render_head(seed(), SITE)
    assert isinstance(head, HeadHtml)
    assert env.from_string("{{ head }}").render(head=head) == head
    assert env.from_string("{{ a | sharekit_head }}").render(a=seed()) == head
    # the JSON form in a hand-written template: autoescape escapes each value once
    hostile = load_article(ROOT / "examples" / "articles" / "hostile.json", SITE)
    template = env.from_string(
        "{% for t in tags %}{% if t.kind == 'meta' %}"
        '<meta {{ t.attribute }}="{{ t.name }}" content="{{ t.content }}">\n'
        "{% endif %}{% endfor %}"
    )
    rendered = template.render(tags=meta_tags(hostile, SITE))
    assert parse_html5(rendered).one("og:title") == hostile.title


# --- real consumers ------------------------------------------------------------


def examples() -> list[Any]:
    return [a for path in EXAMPLES for a in load_articles(path, SITE)]


def test_examples_round_trip() -> None:
    for article in examples():
        parsed = parse_html5(render_head(article, SITE))
        assert parsed.title == article.title
        assert parsed.one("og:url") == article.url


def _node_ready() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (apt-get install -y nodejs npm)"
    if not (NODE_DIR / "node_modules" / "open-graph-scraper").is_dir():
        return (
            "tests/node/node_modules is missing: run `npm ci --prefix tests/node --ignore-scripts`"
        )
    return None


@pytest.mark.skipif(_node_ready() is not None, reason=str(_node_ready()))
def test_open_graph_scraper_reads_what_we_meant(tmp_path: Path) -> None:
    articles = examples()
    pages = []
    for index, article in enumerate(articles):
        page = tmp_path / f"{index}.html"
        page.write_text(document(render_head(article, SITE), article.lang), "utf-8")
        pages.append(str(page))
    result = subprocess.run(
        ["node", str(NODE_DIR / "unfurl.mjs"), *pages],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=NODE_DIR,
    )
    results = json.loads(result.stdout)
    assert len(results) == len(articles)
    for article, got in zip(articles, results, strict=True):
        tags = {t.name: t.content for t in meta_tags(article, SITE) if t.kind == "meta"}
        # og:* is social.facebook's text when the record gives it (SPEC 7.5), else the article's
        headline = article.social_for("facebook").title or article.title
        assert got["ogTitle"] == tags["og:title"] == headline
        assert got["ogUrl"] == article.url
        assert got["ogType"] == "article"
        assert got["ogSiteName"] == tags["og:site_name"]
        assert got.get("ogDescription", "") == tags.get("og:description", "")
        assert got["twitterCard"] == "summary_large_image"
        assert got["twitterTitle"] == tags["twitter:title"]
        if article.description:
            assert got["twitterDescription"] == tags["twitter:description"]
        (image,) = got["ogImage"]
        assert image["url"] == tags["og:image"]
        assert (image["width"], image["height"]) == ("1200", "630")
        assert image["type"] == "image/png"
        assert image["alt"] == tags["og:image:alt"]
        assert got["twitterImage"][0]["url"] == tags["twitter:image"]
        assert got["twitterImage"][0]["alt"] == tags["twitter:image:alt"]
        assert got["ogLocale"] == tags["og:locale"]
        assert got.get("articleSection", "") == article.section
        assert got.get("articlePublishedTime") == tags.get("article:published_time")
        names = list(article.author_names)
        assert got.get("author", "") == ", ".join(names)
        # open-graph-scraper keeps one value of a repeated property
        profiles = [a.url or a.name for a in article.authors]
        assert got.get("articleAuthor") in (profiles or [None])
        assert got.get("articleTag") in (list(article.tags) or [None])
        (ld,) = got["jsonLD"]
        assert article_node(ld)["headline"] == article.title  # SPEC 8.5: one @graph
        assert article_node(ld)["@type"] == article.schema_type


def _vnu() -> list[str] | str:
    jar = NODE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    if java is None:
        return "java is not installed (apt-get install -y default-jre-headless)"
    if not jar.is_file():
        return "vnu.jar is missing: run `npm ci --prefix tests/node --ignore-scripts`"
    return [java, "-jar", str(jar)]


@pytest.mark.slow
@pytest.mark.skipif(isinstance(_vnu(), str), reason=str(_vnu()))
def test_nu_html_checker_finds_no_errors(tmp_path: Path) -> None:
    command = _vnu()
    assert isinstance(command, list)
    pages = []
    for index, article in enumerate(examples()):
        page = tmp_path / f"{index}.html"
        page.write_text(document(render_head(article, SITE), article.lang), "utf-8")
        pages.append(str(page))
    control = tmp_path / "control.html"  # proves the checker ran and reports errors
    control.write_text(document('<meta property="og:title">'), "utf-8")
    result = subprocess.run(
        [*command, "--format", "json", "--exit-zero-always", str(control), *pages],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    assert any(m["url"].endswith("/control.html") for m in errors)
    errors = [m for m in errors if not m["url"].endswith("/control.html")]
    assert errors == [], json.dumps(errors, indent=2, ensure_ascii=False)


# --- cold start ----------------------------------------------------------------

HEAVY = ("PIL", "requests", "feedgen", "lxml")


@pytest.mark.parametrize("command", ["meta", "lint"])
def test_meta_and_lint_import_nothing_heavy(command: str) -> None:
    script = (
        "import sys\n"
        "from sharekit.cli import main\n"
        "try:\n"
        f"    main([{command!r}, 'examples/article.json'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "HEAVY []"


# --- truncation ------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200), limit=st.integers(min_value=2, max_value=120))
def test_truncate_keeps_whole_graphemes_within_the_limit(text: str, limit: int) -> None:
    text = clean_text(text)
    result = truncate(text, limit)
    assert len(result) <= limit
    if len(text) <= limit:
        assert result == text
        return
    assert result.endswith("…")
    body = result[:-1]
    assert text.startswith(body)
    clusters = graphemes(text)
    assert graphemes(body) == clusters[: len(graphemes(body))]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        # word boundary, trailing punctuation dropped before the ellipsis
        (
            "Russia Calls Out ‘Fake News’ on North Korean Troops",
            30,
            "Russia Calls Out ‘Fake News’…",
        ),
        ("Seoul, Busan, Incheon and Daegu", 16, "Seoul, Busan…"),
        # a ZWJ family (7 code points) is kept whole or dropped whole
        ("fans 👩🏽‍🤝‍👩🏻 line up", 10, "fans…"),
        ("👩🏽‍🤝‍👩🏻👩🏽‍🤝‍👩🏻", 7, "…"),
        ("👩🏽‍🤝‍👩🏻👩🏽‍🤝‍👩🏻", 8, "👩🏽‍🤝‍👩🏻…"),
        # flags are pairs of regional indicators; skin tones stay on their emoji
        ("🇰🇷🇯🇵🇺🇸🇫🇷", 6, "🇰🇷🇯🇵…"),
        ("👍🏽👍🏽👍🏽", 4, "👍🏽…"),
        # Korean cuts at spaces; Hangul written as jamo (L V T) stays one syllable
        ("북한, 러시아에 병력 파견 의혹… 美 국방장관", 16, "북한, 러시아에 병력 파견…"),
        ("\u1112\u1161\u11ab\u1100\u1173\u11af", 5, "\u1112\u1161\u11ab…"),
        # combining marks stay with their letter; Devanagari conjuncts stay whole
        ("e\u0301e\u0301e\u0301e\u0301", 6, "e\u0301e\u0301…"),
        ("हिन्दी समाचार आज", 8, "हिन्दी…"),
        # no spaces: a line-break opportunity between ideographs
        ("美国防长称有证据显示朝鲜军队已进入俄罗斯", 10, "美国防长称有证据显…"),
        # one very long word: cut at a grapheme boundary
        ("Donaudampfschifffahrtsgesellschaftskapitän", 12, "Donaudampfs…"),
    ],
)
def test_truncate_cases(text: str, limit: int, expected: str) -> None:
    assert truncate(text, limit) == expected


def test_truncate_needs_room_for_the_ellipsis() -> None:
    assert truncate("short", None) == "short"
    with pytest.raises(ValueError, match="no room"):
        truncate("a long text", 1)


def test_every_url_is_ascii_uri_form() -> None:
    site = load_site(
        {
            "site": {
                "url": "https://例え.jp/サイト",
                "logo": "https://例え.jp/ロゴ.png",
                "default_image": "https://例え.jp/既定.png",
            },
            "card": {"enabled": False},
        }
    )
    article = load_article(
        {
            "title": "記事",
            "url": "https://例え.jp/記事?q=한국",
            "author": {"name": "著者", "url": "https://例え.jp/著者"},
        },
        site,
    )
    parsed = parse_html5(render_head(article, site))
    urls = [parsed.one(k) for k in ("og:url", "og:image", "twitter:image", "article:author")]
    urls += [link["href"] for link in parsed.links]
    data = parsed.article
    urls += [data["url"], data["image"][0]["url"], data["author"][0]["url"]]
    urls += [data["publisher"]["url"], data["publisher"]["logo"]["url"]]
    assert all(url.isascii() and url.startswith("https://xn--r8jz45g.jp/") for url in urls), urls
    assert parsed.one("og:url") == "https://xn--r8jz45g.jp/%E8%A8%98%E4%BA%8B?q=%ED%95%9C%EA%B5%AD"
