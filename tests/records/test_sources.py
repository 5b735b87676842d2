"""Record sources (SPEC 7.2): real Jekyll, Hugo, Eleventy posts and WordPress and Ghost exports.

The samples under tests/data/sources/ are real files from public repositories
(each folder has its LICENSE and a SOURCE naming the commit); each post is
checked field by field.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sharekit import InputError, Site, load_article, load_articles, load_site, publish
from sharekit.text._clean import clean_text, has_visible_text
from tests.helpers_meta import BLNS

NAUGHTY = [s for s in BLNS if clean_text(s)]
ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES = ROOT / "tests" / "data" / "sources"
WXR = SOURCES / "wordpress" / "themeunittestdata.wordpress.xml"
GHOST = SOURCES / "ghost" / "v4_export.json"


@pytest.fixture
def site() -> Site:
    return load_site({"site": {"url": "https://blog.example", "name": "Example"}})


def _load(source: Path, site: Site) -> tuple[dict[str, Any], list[Any], list[InputError]]:
    skipped: list[Any] = []
    errors: list[InputError] = []
    articles = {
        Path(a.source.split("#")[0]).name
        + ("#" + a.source.split("#")[1] if "#" in a.source else ""): a
        for a in load_articles(source, site, on_error=errors.append, on_skip=skipped.append)
    }
    return articles, skipped, errors


def test_every_sample_has_its_licence_and_source() -> None:
    for folder in SOURCES.iterdir():
        assert (folder / "LICENSE").read_text("utf-8").strip(), folder
        source = (folder / "SOURCE").read_text("utf-8")
        assert "https://github.com/" in source and "commit " in source, folder


def test_jekyll_posts(site: Site) -> None:
    articles, skipped, errors = _load(SOURCES / "jekyll", site)
    assert (len(articles), skipped, errors) == (3, [], [])
    release = articles["2025-01-29-jekyll-4-4-1-released.markdown"]
    assert release.title == "Jekyll 4.4.1 Released"
    # "date: 2025-01-29 18:15:32 +0530": Jekyll's format, offset kept
    assert release.published == datetime(
        2025, 1, 29, 18, 15, 32, tzinfo=timezone(timedelta(hours=5, minutes=30))
    )
    assert release.published.utcoffset() == timedelta(hours=5, minutes=30)
    assert release.updated == release.published
    assert (release.section, release.tags) == ("release", ("release",))
    assert [(a.name, a.url) for a in release.authors] == [("ashmaroli", None)]
    assert release.image is None and release.lang == "en"
    assert release.description.startswith("Publishing a patch release to restore")
    # no date in the front matter: the YYYY-MM-DD- of the file name, in the site's time zone
    birthday = articles["2014-05-06-jekyll-turns-2-0-0.markdown"]
    assert birthday.published == datetime(2014, 5, 6, tzinfo=UTC)
    assert [a.name for a in birthday.authors] == ["parkr"]
    contribute = articles["2016-03-10-making-it-easier-to-contribute-to-jekyll.md"]
    assert contribute.published == datetime(2016, 3, 10, tzinfo=UTC)
    assert contribute.section == "community"


def test_hugo_multilingual_page_bundle(site: Site) -> None:
    articles, skipped, errors = _load(SOURCES / "hugo-loveit", site)
    assert errors == []
    assert [(Path(s.source).name, s.reason, s.detail) for s in skipped] == [
        ("_index.en.md", "not an article", "a list page (_index)")
    ]
    bundle = SOURCES / "hugo-loveit/content/posts/theme-documentation-built-in-shortcodes"
    english, chinese = articles["index.en.md"], articles["index.zh-cn.md"]
    assert english.title == "Theme Documentation - Built-in Shortcodes"
    assert chinese.title == "主题文档 - 内置 Shortcodes"
    china = timezone(timedelta(hours=8))
    assert english.published == datetime(2020, 3, 4, 16, 29, 41, tzinfo=china)
    assert english.published.utcoffset() == timedelta(hours=8)
    assert english.updated == datetime(2020, 3, 4, 16, 29, 41, tzinfo=china)  # lastmod
    assert chinese.published == datetime(2020, 3, 4, 16, 29, 59, tzinfo=china)
    for article in (english, chinese):
        assert article.section == "documentation"
        assert article.tags == ("documentation", "shortcodes")
        assert [(a.name, a.url) for a in article.authors] == [("Dillon", "https://dillonzq.com")]
        # the bundle's resource named "featured-image"
        assert article.image is not None
        assert article.image.path == (bundle / "featured-image.png").resolve()
    assert (english.lang, chinese.lang) == ("en", "zh-CN")  # from index.zh-cn.md
    assert (
        chinese.description
        == "Hugo 提供了多个内置的 Shortcodes, 以方便作者保持 Markdown 内容的整洁."
    )


def test_eleventy_posts_and_refused_javascript_front_matter(site: Site) -> None:
    articles, skipped, errors = _load(SOURCES / "eleventy", site)
    assert sorted(articles) == ["firstpost.md", "fourthpost.md"]
    first = articles["firstpost.md"]
    assert first.published == datetime(2018, 5, 1, tzinfo=UTC)
    assert first.tags == ("another tag",) and first.section == ""
    assert first.description == "This is a post on My Blog about agile frameworks."
    assert "<h2>Section Header</h2>" in first.content_html
    assert [(Path(s.source).name, s.reason) for s in skipped] == [("404.md", "not an article")]
    # fifthpost.md has ---js front matter: refused by name, the batch goes on
    assert [str(e) for e in errors] == [
        f"{SOURCES / 'eleventy/content/blog/fifthpost.md'}: JavaScript front matter (---js)"
        " cannot be evaluated; expected YAML (---), TOML (+++) or JSON ({) front matter"
    ]


def test_astro_mdx_post(site: Site) -> None:
    articles, skipped, errors = _load(SOURCES / "astro", site)
    assert (skipped, errors) == ([], [])
    post = articles["using-mdx.mdx"]
    assert post.title == "Using MDX" and post.description == "Lorem ipsum dolor sit amet"
    assert post.published == datetime(2024, 6, 1, tzinfo=UTC)  # pubDate: 'Jun 01 2024'
    assert post.image is not None and post.image.url == "/blog-placeholder-5.jpg"  # heroImage
    assert post.url == "https://blog.example/using-mdx/"
    # MDX's imports and components are not text; what they wrap is kept
    assert "import ServerIsland" not in post.content_html
    assert "ServerIsland" not in post.content_html and "HeaderLink" not in post.content_html
    assert "Fallback for 3000ms" in post.content_html
    assert "<h2>Why MDX?</h2>" in post.content_html


def test_wordpress_theme_unit_test_export(site: Site) -> None:
    articles, skipped, errors = _load(WXR, site)
    assert errors == []
    assert sorted(articles) == [f"{WXR.name}#1011", f"{WXR.name}#1016", f"{WXR.name}#1241"]
    assert sorted((s.source.split("#")[1], s.reason, s.detail) for s in skipped) == [
        ("1153", "draft", "status future"),
        ("1164", "draft", "status draft"),
        ("2", "not an article", "a WordPress page"),
    ]
    post = articles[f"{WXR.name}#1011"]
    assert post.title == "Template: Featured Image (Horizontal)"
    assert (
        post.url
        == "https://wpthemetestdata.wordpress.com/2012/03/15/template-featured-image-horizontal/"
    )
    assert post.id == "http://wptest.io/demo/?p=1011" or post.id.endswith("?p=1011")
    assert post.slug == "template-featured-image-horizontal"
    # post_date 15:15:12 local, post_date_gmt 22:15:12: the offset is kept
    assert post.published == datetime(2012, 3, 15, 15, 15, 12, tzinfo=timezone(timedelta(hours=-7)))
    assert post.published.utcoffset() == timedelta(hours=-7)
    assert post.section == "Classic"
    assert post.tags[:3] == ("Classic", "Template", "Uncategorized")
    assert "featured image" in post.tags and "edge case" in post.tags
    assert [a.name for a in post.authors] == ["Theme Buster"]  # dc:creator -> display name
    assert post.image is not None  # _thumbnail_id 1022 -> the attachment
    assert (
        post.image.url
        == "https://wpthemetestdata.files.wordpress.com/2013/03/featured-image-horizontal.jpg"
    )
    assert post.image.alt == "Horizontal Featured Image"
    assert post.lang == "en"
    assert post.content_html.startswith("<p>This post should display a <a ")  # paragraphs wrapped
    assert articles[f"{WXR.name}#1241"].image is None


def test_ghost_export(site: Site) -> None:
    articles, skipped, errors = _load(GHOST, site)
    assert errors == []
    assert [(s.source.split("#")[1], s.reason, s.detail) for s in skipped] == [
        ("605ac141a2d5a6aa9e101ecb", "not an article", "a Ghost page")
    ]
    (post,) = articles.values()
    assert post.title == "Start here for a quick overview of everything you need to know"
    assert post.id == "605ac141a2d5a6aa9e101ec9" and post.slug == "welcome"
    assert post.url == "https://blog.example/welcome/"
    assert post.published == datetime(2021, 3, 24, 4, 34, 15, tzinfo=UTC)
    assert post.updated == datetime(2021, 3, 24, 4, 34, 9, tzinfo=UTC)
    assert (post.section, post.tags) == ("Getting Started", ("Getting Started",))
    assert [(a.name, a.url) for a in post.authors] == [("Ghost", "https://ghost.org")]
    assert post.image is not None
    assert post.image.url == "https://static.ghost.org/v4.0.0/images/welcome-to-ghost.png"
    assert post.description.startswith("We've crammed the most important information")
    assert "__GHOST_URL__" not in post.content_html and 'href="/design/"' in post.content_html


def test_a_folder_of_real_posts_publishes_with_drafts_reported(tmp_path: Path, site: Site) -> None:
    sources = [SOURCES / "jekyll", SOURCES / "hugo-loveit", SOURCES / "astro", WXR, GHOST]
    report = publish(sources, site, tmp_path / "out", workers=1)
    assert report.errors == []
    assert len(report.written) == 3 + 2 + 1 + 3 + 1
    assert (len(report.drafts), len(report.not_articles)) == (2, 3)
    assert "2 drafts and 3 not articles skipped" in report.summary()
    feed = json.loads((tmp_path / "out" / "feed.json").read_text("utf-8"))
    titles = {item["title"] for item in feed["items"]}
    assert "Jekyll 4.4.1 Released" in titles and "主题文档 - 内置 Shortcodes" in titles
    assert "Draft" not in titles and "Scheduled" not in titles


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_formats_and_the_mapping_table(tmp_path: Path, site: Site) -> None:
    toml = _write(
        tmp_path,
        "toml.md",
        '+++\ntitle = "T"\ndate = 2024-10-24T09:00:00-04:00\nlastmod = 2024-10-25\n'
        'summary = "S"\ntags = ["a"]\ncategories = ["World"]\nweight = 3\n+++\nBody\n',
    )
    article = load_article(toml, site)
    assert article.published == datetime(2024, 10, 24, 9, tzinfo=timezone(timedelta(hours=-4)))
    assert article.updated == datetime(2024, 10, 25, tzinfo=UTC)
    assert (article.description, article.section, article.tags) == ("S", "World", ("World", "a"))
    as_json = _write(
        tmp_path,
        "json.md",
        '{"title": "J", "publishDate": "2024-01-02T03:04:05Z", "cover": {"image": "https://x.example/c.png", "alt": "A"}, "url": "/j/"}\nBody\n',
    )
    article = load_article(as_json, site)
    assert article.published == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert article.image is not None and (article.image.url, article.image.alt) == (
        "https://x.example/c.png",
        "A",
    )
    assert article.url == "https://blog.example/j/"  # site-relative url resolved
    astro = _write(
        tmp_path,
        "astro.md",
        "---\ntitle: A\npubDate: 'Jul 08 2022'\nheroImage: /hero.jpg\n---\n",
    )
    assert load_article(astro, site).published == datetime(2022, 7, 8, tzinfo=UTC)
    astro.write_text("---\ntitle: A\npubDate: Yesterday\n---\n")
    with pytest.raises(InputError, match=r'pubDate: not a date: "Yesterday"'):
        load_article(astro, site)
    astro.write_text(
        "---\ntitle: A\npubDate: 2022-07-08\nheroImage: /hero.jpg\nlanguage: fr\n---\n"
    )
    article = load_article(astro, site)
    assert article.image is not None and article.image.url == "/hero.jpg"
    assert article.lang == "fr"


def test_generator_patterns_and_pages_eleventy_does_not_list(tmp_path: Path, site: Site) -> None:
    jekyll = _write(
        tmp_path, "j.md", "---\ntitle: J\ndate: 2024-01-01\npermalink: /:year/:title/\n---\n"
    )
    assert load_article(jekyll, site).url == "https://blog.example/j/"  # a pattern: not a URL
    eleventy = _write(
        tmp_path,
        "e.md",
        '---\ntitle: E\ndate: 2024-01-01\npermalink: "/blog/{{ page.fileSlug }}/"\n---\n',
    )
    assert load_article(eleventy, site).url == "https://blog.example/e/"
    _write(tmp_path, "n.md", "---\ntitle: N\ndate: 2024-01-01\npermalink: false\n---\n")
    _write(
        tmp_path,
        "x.md",
        "---\ntitle: X\ndate: 2024-01-01\neleventyExcludeFromCollections: true\n---\n",
    )
    skipped: list[Any] = []
    assert sorted(a.title for a in load_articles(tmp_path, site, on_skip=skipped.append)) == [
        "E",
        "J",
    ]
    assert sorted((Path(s.source).name, s.reason) for s in skipped) == [
        ("n.md", "not an article"),
        ("x.md", "not an article"),
    ]


def test_theme_keys_are_ignored_but_near_misses_are_errors(
    tmp_path: Path, site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    themed = _write(
        tmp_path, "t.md", "---\ntitle: T\ndate: 2024-01-01\ntoc: true\nlightgallery: true\n---\n"
    )
    with caplog.at_level("DEBUG", logger="sharekit"):
        load_article(themed, site)
    assert "front matter keys not read: lightgallery, toc" in caplog.text
    typo = _write(tmp_path, "typo.md", "---\ntitle: T\npublised: 2024-01-01\n---\n")
    with pytest.raises(InputError) as info:
        load_article(typo, site)
    assert str(info.value) == f'{typo}: publised: unknown field; did you mean "published"?'
    # JSON and YAML records stay strict
    strict = _write(tmp_path, "r.json", '{"title": "T", "toc": true, "url": "https://x.example/"}')
    with pytest.raises(InputError, match="toc: unknown field"):
        load_article(strict, site)


def test_drafts_are_skipped_in_a_batch_but_load_by_name(tmp_path: Path, site: Site) -> None:
    draft = _write(tmp_path, "d.md", "---\ntitle: D\ndate: 2024-01-01\ndraft: true\n---\n")
    unpublished = _write(
        tmp_path, "u.md", "---\ntitle: U\ndate: 2024-01-01\npublished: false\n---\n"
    )
    skipped: list[Any] = []
    assert list(load_articles(tmp_path, site, on_skip=skipped.append)) == []
    assert sorted((Path(s.source).name, s.reason, s.detail) for s in skipped) == [
        ("d.md", "draft", "draft: true"),
        ("u.md", "draft", "published: false"),
    ]
    assert load_article(draft, site).title == "D"  # named on its own: loads, to preview it
    assert load_article(unpublished, site).published == datetime(2024, 1, 1, tzinfo=UTC)


BAD_EXPORTS = [
    (
        "feed.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
        "not a WordPress export (WXR): expected <rss> with the wp: export namespace",
    ),
    (
        "bomb.xml",
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss xmlns:wp="http://wordpress.org/export/1.2/"/>',
        "a WordPress export (WXR) has no DTD; refused",
    ),
    (
        "broken.xml",
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version><item>',
        "not valid XML",
    ),
    (
        "ghost.json",
        '{"db": [{"meta": {"version": "0.4.2"}, "data": {"posts": []}}]}',
        'db[0].meta.version: unknown Ghost export version "0.4.2"; expected 1.x to 6.x',
    ),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD_EXPORTS, ids=[b[0] for b in BAD_EXPORTS])
def test_bad_exports_fail_in_one_line_and_the_batch_goes_on(
    tmp_path: Path, site: Site, name: str, text: str, message: str
) -> None:
    bad = _write(tmp_path, name, text)
    good = _write(tmp_path, "good.json", '{"title": "G", "url": "https://blog.example/g/"}')
    errors: list[InputError] = []
    assert [a.title for a in load_articles(bad, site, on_error=errors.append)] == []
    assert len(errors) == 1 and str(errors[0]).startswith(f"{bad}: ") and message in str(errors[0])
    report = publish([bad, good], site, tmp_path / "out", workers=1)
    assert len(report.written) == 1 and len(report.errors) == 1


def test_cli_publishes_an_export_and_reports_skips(tmp_path: Path) -> None:
    config = _write(
        tmp_path, "sharekit.toml", '[site]\nurl = "https://blog.example"\nname = "Example"\n'
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sharekit",
            "--config",
            str(config),
            "publish",
            str(WXR),
            str(SOURCES / "eleventy"),
            "--out",
            str(tmp_path / "out"),
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2, done.stderr  # fifthpost.md's ---js front matter
    lines = done.stderr.splitlines()
    assert f"sharekit: note: {WXR}#1164: draft (status draft), skipped" in lines
    assert any(
        line.endswith("404.md: not an article (eleventyExcludeFromCollections: true), skipped")
        for line in lines
    )
    assert lines[-1] == (
        "sharekit: 5 written, 0 unchanged, 1 failed, 2 drafts and 2 not articles skipped,"
        " 6 feed files updated"
    )


# --- hostile input: the new readers fail cleanly or load, never crash -------------

_FRONT_KEYS = st.sampled_from(
    [
        "title",
        "date",
        "pubDate",
        "lastmod",
        "summary",
        "excerpt",
        "categories",
        "category",
        "tags",
        "keywords",
        "author",
        "authors",
        "authorLink",
        "image",
        "images",
        "cover",
        "featuredImage",
        "heroImage",
        "thumbnail",
        "resources",
        "lang",
        "language",
        "slug",
        "permalink",
        "url",
        "draft",
        "published",
        "toc",
        "weight",
        "publised",
    ]
)
_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.dates().map(str),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(front=st.dictionaries(_FRONT_KEYS, _VALUES, max_size=8))
def test_any_front_matter_loads_or_fails_in_one_line(tmp_path: Path, front: dict[str, Any]) -> None:
    import yaml

    path = tmp_path / "index.fr.md"
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\nBody\n", "utf-8")
    site = load_site({"site": {"url": "https://blog.example"}})
    try:
        article = load_article(path, site)
    except InputError as error:
        assert str(error).startswith(str(path)) and "\n" not in str(error)
    else:
        assert article.title


def test_naughty_strings_in_front_matter_and_exports_round_trip(tmp_path: Path) -> None:
    site = load_site({"site": {"url": "https://blog.example"}})
    for index, text in enumerate(NAUGHTY):  # as Hugo's JSON front matter
        if not has_visible_text(text):  # refused as a missing title (tests/test_hostile.py)
            continue
        post = tmp_path / f"2024-01-02-p{index}.md"
        post.write_text(
            json.dumps({"title": text, "categories": [text], "author": text}) + "\nBody\n",
            "utf-8",
        )
        article = load_article(post, site)
        assert (article.title, article.section) == (clean_text(text), clean_text(text))
        assert [a.name for a in article.authors] == [clean_text(text)]
    from xml.sax.saxutils import escape

    items = "".join(
        f"<item><title>{escape(text)}</title><link>https://blog.example/{i}/</link>"
        f"<dc:creator>{escape(text)}</dc:creator><wp:post_id>{i}</wp:post_id>"
        "<wp:post_date>2024-01-02 03:04:05</wp:post_date><wp:status>publish</wp:status>"
        f'<wp:post_type>post</wp:post_type><category domain="post_tag">{escape(text)}</category></item>'
        for i, text in enumerate(NAUGHTY)
        if all(c in "\t\n\r" or ord(c) >= 0x20 for c in text)  # what XML 1.0 can hold
        and not any(0xD800 <= ord(c) <= 0xDFFF or ord(c) in (0xFFFE, 0xFFFF) for c in text)
    )
    wxr = _write(
        tmp_path,
        "naughty.xml",
        '<?xml version="1.0" encoding="UTF-8"?><rss xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><wp:wxr_version>1.2</wp:wxr_version>'
        f"{items}</channel></rss>",
    )
    errors: list[InputError] = []
    articles = list(load_articles(wxr, site, on_error=errors.append))
    assert len(articles) + len(errors) == items.count("<item>") > 400
    # white space only, or nothing visible (zero-width characters): no headline
    assert all(
        "title: must not be empty" in str(e) or "title: required: it has no visible" in str(e)
        for e in errors
    ), errors
    for article in articles:
        assert article.title and article.authors[0].name == article.title


def test_billion_laughs_and_external_entities_are_refused(tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&lol2;</title></channel></rss>'
    )
    external = (
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&x;</title></channel></rss>'
    )
    for name, text in (("laughs.xml", laughs), ("xxe.xml", external)):
        path = _write(tmp_path, name, text)
        with pytest.raises(InputError) as info:
            load_article(path)
        assert str(info.value) == f"{path}: a WordPress export (WXR) has no DTD; refused"
    # A DTD pushed past the first 64 KB by a comment is refused as a DTD: the prolog is
    # parsed, not searched (issue 27: a comment that spells the wp: namespace got it past)
    padded = _write(
        tmp_path, "padded.xml", laughs.replace("?>\n", "?><!--" + "x" * 70000 + "-->", 1)
    )
    with pytest.raises(InputError, match="has no DTD; refused"):
        load_article(padded)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=10,
)
_GHOST_POST = st.fixed_dictionaries(
    {},
    optional={
        key: _JSON | st.just(value)
        for key, value in (
            ("id", "p1"),
            ("title", "T"),
            ("slug", "t"),
            ("type", "post"),
            ("status", "published"),
            ("html", "<p>x</p>"),
            ("published_at", "2021-03-24T04:34:15.000Z"),
            ("feature_image", "__GHOST_URL__/content/images/a.png"),
            ("custom_excerpt", "E"),
            ("author_id", "u1"),
            ("canonical_url", "https://x.example/t/"),
            ("locale", "ko"),
        )
    },
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    posts=st.lists(_GHOST_POST | _JSON, max_size=3),
    joins=st.lists(
        st.dictionaries(
            st.sampled_from(["post_id", "tag_id", "author_id", "sort_order"]), _JSON | st.just("p1")
        ),
        max_size=3,
    ),
    tags=st.lists(
        st.dictionaries(st.sampled_from(["id", "name"]), _JSON | st.just("t1")), max_size=2
    ),
    version=st.sampled_from(["4.1.0", "5.0", "1.25.4"]) | _JSON,
)
def test_any_ghost_export_loads_or_fails_in_one_line(
    tmp_path: Path, posts: list[Any], joins: list[Any], tags: list[Any], version: Any
) -> None:
    document = {
        "db": [
            {
                "meta": {"version": version},
                "data": {
                    "posts": posts,
                    "posts_tags": joins,
                    "posts_authors": joins,
                    "tags": tags,
                    "users": [{"id": "u1", "name": "U"}],
                },
            }
        ]
    }
    path = tmp_path / "ghost.json"
    path.write_text(json.dumps(document), "utf-8")
    errors: list[InputError] = []
    site = load_site({"site": {"url": "https://blog.example"}})
    for article in load_articles(path, site, on_error=errors.append):
        assert article.title and "__GHOST_URL__" not in article.content_html
    assert all(str(e).startswith(str(path)) and "\n" not in str(e) for e in errors)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cuts=st.lists(
        st.tuples(st.integers(0, 16000), st.integers(0, 200), st.text(max_size=20)), max_size=4
    )
)
def test_a_mangled_wordpress_export_loads_or_fails_in_one_line(
    tmp_path: Path, cuts: list[tuple[int, int, str]]
) -> None:
    text = WXR.read_text("utf-8")
    for start, length, insert in cuts:  # replace a slice with arbitrary text
        text = text[:start] + insert + text[start + length :]
    path = tmp_path / "mangled.xml"
    path.write_text(text, "utf-8", errors="surrogatepass")
    errors: list[InputError] = []
    site = load_site({"site": {"url": "https://blog.example"}})
    for article in load_articles(path, site, on_error=errors.append):
        assert article.title
    assert all(str(e).startswith(str(path)) and "\n" not in str(e) for e in errors)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sample=st.sampled_from(
        [
            "hugo-loveit/content/posts/theme-documentation-built-in-shortcodes/index.zh-cn.md",
            "jekyll/_posts/2025-01-29-jekyll-4-4-1-released.markdown",
            "astro/src/content/blog/using-mdx.mdx",
        ]
    ),
    opener=st.sampled_from(["", "+++\n", "{", "---js\n", "---\n---\n"]),
    cuts=st.lists(
        st.tuples(st.integers(0, 400), st.integers(0, 40), st.text(max_size=20)), max_size=3
    ),
)
def test_a_mangled_real_post_loads_or_fails_in_one_line(
    tmp_path: Path, sample: str, opener: str, cuts: list[tuple[int, int, str]]
) -> None:
    text = opener + (SOURCES / sample).read_text("utf-8")
    for start, length, insert in cuts:
        text = text[:start] + insert + text[start + length :]
    path = tmp_path / Path(sample).name
    path.write_text(text, "utf-8", errors="surrogatepass")
    site = load_site({"site": {"url": "https://blog.example"}})
    try:
        load_article(path, site)
    except InputError as error:
        assert str(error).startswith(str(path)) and "\n" not in str(error), str(error)
