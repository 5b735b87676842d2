"""Jekyll sites as they are (SPEC 8.3): _config.yml, permalinks, dates, categories, defaults.

Each rule is checked against Jekyll's documentation (docs/_docs/permalinks.md,
configuration/front-matter-defaults.md, posts.md) and, when Jekyll is
installed, against a build of the same site by Jekyll itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sharekit import InputError, load_article, load_articles, load_site_at, site_report
from sharekit.records._permalink_jekyll import JekyllDoc, jekyll_url, slugify_jekyll, style_template
from tests.records.helpers_sites import (
    SITES,
    Head,
    jekyll_urls,
    our_urls,
    recorded,
    write_site,
)

JEKYLL_DOCS = SITES / "jekyll-docs"
LA = ZoneInfo("America/Los_Angeles")


# --- the real sample: jekyllrb.com's own news ------------------------------------


def test_the_sample_reads_jekylls_own_configuration() -> None:
    site = load_site_at(JEKYLL_DOCS)
    assert site.url == "https://jekyllrb.com"
    assert site.name == "Jekyll • Simple, blog-aware, static sites"
    assert site.timezone == "America/Los_Angeles"
    assert site.twitter == "@jekyllrb"
    assert site.logo == str(JEKYLL_DOCS / "img" / "logo-2x.png")
    assert site.feed.description == "Transform your plain text into static websites and blogs"
    assert site.generator == JEKYLL_DOCS


def test_every_post_has_the_url_jekyll_gives_it() -> None:
    """All 102 posts, against the list Jekyll 4.3.1 built (URLS.jekyll-4.3.1)."""
    theirs = recorded(JEKYLL_DOCS / "URLS.jekyll-4.3.1")
    ours = our_urls(JEKYLL_DOCS)
    assert len(theirs) == 102
    assert {k: "https://jekyllrb.com" + x for k, x in theirs.items()} == ours


def test_the_issues_examples() -> None:
    site = load_site_at(JEKYLL_DOCS)
    stickers = load_article(
        JEKYLL_DOCS / "_posts" / "2014-06-04-jekyll-stickers-1-dollar-stickermule.markdown", site
    )
    assert stickers.title == "Pick Up your $1 Jekyll Sticker"
    assert stickers.url == (
        "https://jekyllrb.com/news/2014/06/04/jekyll-stickers-1-dollar-stickermule/"
    )
    first = load_article(JEKYLL_DOCS / "_posts" / "2013-05-06-jekyll-1-0-0-released.markdown", site)
    assert first.url == "https://jekyllrb.com/news/2013/05/05/jekyll-1-0-0-released/"
    assert first.published == datetime(2013, 5, 5, 17, 12, 52, tzinfo=LA)
    odd = load_article(JEKYLL_DOCS / "_posts" / "2023-01-29-jekyll-3-9-3-released.markdown", site)
    assert odd.published == datetime(2023, 1, 29, 18, 30, 22, tzinfo=LA)  # Ruby's Time.parse


def test_the_site_wide_default_image_applies_to_posts_as_jekyll_applies_it() -> None:
    """``defaults: - scope: {path: ""} values: {image: /img/jekyll-og.png}``."""
    site = load_site_at(JEKYLL_DOCS)
    post = load_article(
        JEKYLL_DOCS / "_posts" / "2016-03-10-making-it-easier-to-contribute-to-jekyll.md", site
    )
    assert post.image is not None and post.image.path == JEKYLL_DOCS / "img" / "jekyll-og.png"


def test_the_sample_built_by_jekyll_gives_the_same_urls(tmp_path: Path) -> None:
    theirs = jekyll_urls(JEKYLL_DOCS, tmp_path)
    ours = our_urls(JEKYLL_DOCS)
    assert {k: "https://jekyllrb.com" + x for k, x in theirs.items()} == ours


# --- rules, each from Jekyll's documentation --------------------------------------

DOC = JekyllDoc(
    collection="posts",
    path="/2009-04-29-slap-chop",
    basename="2009-04-29-slap-chop",
    slug="slap-chop",
    categories=["food"],
    date=datetime(2009, 4, 29, 13, 5, 9),
)


@pytest.mark.parametrize(
    ("style", "url"),
    [
        # docs/_docs/permalinks.md, "Built-in formats"
        ("date", "/food/2009/04/29/slap-chop.html"),
        ("pretty", "/food/2009/04/29/slap-chop/"),
        ("ordinal", "/food/2009/119/slap-chop.html"),
        ("weekdate", "/food/2009/W18/Wed/slap-chop.html"),
        ("none", "/food/slap-chop.html"),
        ("/:categories/:title:output_ext", "/food/slap-chop.html"),
        ("/:year/:i_month/:i_day/:short_year/:hour:minute:second/", "/2009/4/29/09/130509/"),
        ("/:collection/:path:output_ext", "/posts/2009-04-29-slap-chop.html"),
        ("/:month_:day/:name", "/04_29/2009-04-29-slap-chop"),
        (
            "/:short_month/:long_month/:long_day/:y_day/:w_year/:week/:w_day/",
            "/Apr/April/Wednesday/119/2009/18/3/",
        ),
    ],
)
def test_permalink_styles_and_placeholders(style: str, url: str) -> None:
    assert jekyll_url(style_template(style), DOC) == url


def test_title_is_the_file_name_cased_and_slug_lower_cased() -> None:
    """``:title`` is slugify(slug, pretty, cased); ``:slug`` slugify(slug) (UrlDrop)."""
    doc = JekyllDoc(
        "posts", "/x", "2020-01-02-Hello World!", "Hello World!", [], datetime(2020, 1, 2)
    )
    assert jekyll_url("/:title/", doc) == "/Hello-World!/"
    assert jekyll_url("/:slug/", doc) == "/hello-world/"


@pytest.mark.parametrize(
    ("text", "mode", "slug"),
    [  # Utils.slugify's documented examples
        ("The _config.yml file", "default", "the-config-yml-file"),
        ("The _config.yml file", "pretty", "the-_config.yml-file"),
        ("The _config.yml file", "raw", "the-_config.yml-file"),
        ("The _cönfig.yml file", "ascii", "the-c-nfig-yml-file"),
        ("The cönfig.yml file", "latin", "the-config-yml-file"),
        ("The _config.yml file", "none", "the _config.yml file"),
    ],
)
def test_slugify_modes(text: str, mode: str, slug: str) -> None:
    assert slugify_jekyll(text, mode) == slug


def test_categories_are_escaped_as_jekyll_escapes_them() -> None:
    doc = JekyllDoc("posts", "/x", "x", "Héllo Wörld!", ["Foo Bar", "C++"], datetime(2020, 1, 3))
    assert jekyll_url("/:categories/:title/", doc) == "/foo%20bar/c++/H%C3%A9llo-W%C3%B6rld!/"


def test_an_unknown_placeholder_is_named(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "_config.yml": "url: https://example.org\npermalink: /:nope/:title/\n",
        "_posts/2020-01-02-a.md": "---\ntitle: A\n---\nx\n",
    })  # fmt: skip
    with pytest.raises(InputError, match=r"permalink: .*:nope"):
        load_article(root / "_posts" / "2020-01-02-a.md", load_site_at(root))


RULES_SITE = {
    "_config.yml": (
        "url: https://example.org\nbaseurl: /blog\ntimezone: Asia/Tokyo\npermalink: pretty\n"
        "title: Rules\ntwitter: {username: rules}\nexcerpt_separator: <!--more-->\n"
        "author: Site Author\n"
        "collections:\n  recipes:\n    output: true\n    permalink: /r/:name:output_ext\n"
        "defaults:\n"
        "- scope: {path: '', type: posts}\n  values: {image: /img/x.png}\n"
        "- scope: {path: _posts/special}\n  values: {permalink: '/special/:slug/'}\n"
        "- scope: {path: _posts/special, type: posts}\n  values: {image: /img/y.png}\n"
    ),
    "img/x.png": "",
    "_posts/2020-01-02-Hello World.md": "---\ntitle: Hi\ncategories: Tech News\n---\nOne.\n\nTwo.\n",
    "es/_posts/2020-02-03-hola.md": "---\ntitle: Hola\n---\nx\n",
    "_posts/special/2020-03-04-x.md": "---\ntitle: X\nslug: My Slug\n---\nx\n",
    "_posts/2020-04-05-early.md": "---\ntitle: E\ndate: 2020-04-05 01:00:00 +0000\n---\nx\n",
    "_posts/2020-04-05-late.md": "---\ntitle: L\ndate: '2020-04-05 20:00:00 -0500'\n---\nx\n",
    "_posts/2020-04-07-naive.md": "---\ntitle: N\ndate: 2020-04-07 20:00:00\n---\nx\n",
    "_posts/2020-04-08-slashes.md": "---\ntitle: S\ndate: 2020/04/09\n---\nx\n",
    "_posts/2020-05-06-own.md": (
        "---\ntitle: O\ncategories: [C++]\ncategory: Zed Zone\n"
        "permalink: /:categories/:i_month/:i_day/:short_year/:slug:output_ext\n---\nx\n"
    ),
    "_posts/2020-06-07-Ünïcode Title!.md": "---\ntitle: U\n---\nBefore <b>the</b> break.\n\nStill.\n<!--more-->\nAfter.\n",
    "_posts/2020-06-08-untitled-post.md": "---\nlayout: post\n---\nx\n",
    "_recipes/Pasta Dish.md": "---\ntitle: Pasta\ndate: 2021-01-01\n---\nx\n",
}
RULES_EXPECTED = {  # what Jekyll 4.3.1 builds (checked live below)
    "_posts/2020-01-02-Hello World.md": "/tech/news/2020/01/02/Hello-World/",
    "es/_posts/2020-02-03-hola.md": "/es/2020/02/03/hola/",
    "_posts/special/2020-03-04-x.md": "/special/my-slug/",
    "_posts/2020-04-05-early.md": "/2020/04/05/early/",
    "_posts/2020-04-05-late.md": "/2020/04/06/late/",
    "_posts/2020-04-07-naive.md": "/2020/04/08/naive/",
    "_posts/2020-04-08-slashes.md": "/2020/04/09/slashes/",
    "_posts/2020-05-06-own.md": "/c++/zed%20zone/5/6/20/own.html",
    "_posts/2020-06-07-Ünïcode Title!.md": "/2020/06/07/%C3%9Cn%C3%AFcode-Title!/",
    "_posts/2020-06-08-untitled-post.md": "/2020/06/08/untitled-post/",
    "_recipes/Pasta Dish.md": "/r/pasta-dish.html",
}


@pytest.fixture
def rules_site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "rules", RULES_SITE)


def test_each_rule_gives_the_documented_url(rules_site: Path) -> None:
    ours = our_urls(rules_site)
    assert ours == {k: "https://example.org/blog" + x for k, x in RULES_EXPECTED.items()}


def test_each_rule_matches_a_build_by_jekyll(rules_site: Path, tmp_path: Path) -> None:
    theirs = jekyll_urls(rules_site, tmp_path / "build")
    assert theirs == RULES_EXPECTED


def test_rules_site_fields(rules_site: Path) -> None:
    site = load_site_at(rules_site)
    assert (site.url, site.name, site.twitter, site.timezone) == (
        "https://example.org/blog", "Rules", "@rules", "Asia/Tokyo",
    )  # fmt: skip
    posts = {Path(a.source).name: a for a in load_articles(rules_site, site)}
    hello = posts["2020-01-02-Hello World.md"]
    assert hello.tags == ("Tech", "News")
    assert hello.authors[0].name == "Site Author"  # site.author when the post has none
    assert hello.image is not None and hello.image.path == rules_site / "img" / "x.png"
    assert hello.slug == "hello-world"
    special = posts["2020-03-04-x.md"]
    assert special.image is not None and special.image.url == "https://example.org/blog/img/y.png"
    assert posts["2020-06-08-untitled-post.md"].title == "Untitled Post"  # titleize_slug
    # excerpt_separator: the text before it, every paragraph
    assert posts["2020-06-07-Ünïcode Title!.md"].description == "Before the break. Still."


def test_sharekit_toml_wins_over_the_config(rules_site: Path) -> None:
    (rules_site / "sharekit.toml").write_text(
        '[site]\nurl = "https://www.example.net"\nname = "Ours"\n', encoding="utf-8"
    )
    site = load_site_at(rules_site)
    assert (site.url, site.name, site.timezone) == ("https://www.example.net", "Ours", "Asia/Tokyo")
    post = load_article(rules_site / "es" / "_posts" / "2020-02-03-hola.md", site)
    assert post.url == "https://www.example.net/es/2020/02/03/hola/"


def test_a_date_ruby_refuses_is_one_clean_error(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "_config.yml": "url: https://example.org\n",
        "_posts/2020-01-02-a.md": "---\ntitle: A\ndate: soon\n---\nx\n",
    })  # fmt: skip
    with pytest.raises(InputError, match='date: not a date Jekyll reads: "soon"'):
        load_article(root / "_posts" / "2020-01-02-a.md", load_site_at(root))


def test_without_a_url_the_message_says_what_to_set(tmp_path: Path) -> None:
    root = write_site(
        tmp_path, {"_config.yml": "title: T\n", "_posts/2020-01-02-a.md": "---\ntitle: A\n---\nx\n"}
    )
    report = site_report(root)
    assert report is not None and any("set [site] url" in note for note in report.notes)
    with pytest.raises(InputError, match="url"):
        load_article(root / "_posts" / "2020-01-02-a.md", load_site_at(root))


# --- the command line: no sharekit.toml, run inside the site or given its root -----


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sharekit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_meta_inside_a_site_with_no_sharekit_toml(rules_site: Path) -> None:
    done = _cli("meta", "--format", "json", "_posts/2020-02-03-hola.md", cwd=rules_site / "es")
    assert done.returncode == 0, done.stderr
    tags = {t.get("property") or t.get("name") or t.get("rel"): t for t in json.loads(done.stdout)}
    assert tags["og:url"]["content"] == "https://example.org/blog/es/2020/02/03/hola/"


def test_publish_from_the_root_canonical_and_og_url(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "_config.yml": "url: https://example.org\ntimezone: America/Los_Angeles\n"
                       "collections:\n  posts:\n    permalink: /news/:year/:month/:day/:title/\n",
        "_posts/2013-05-06-jekyll-1-0-0-released.markdown":
            '---\ntitle: "Jekyll 1.0.0 Released"\ndate: "2013-05-06 02:12:52 +0200"\n---\nHi.\n',
        "about.md": "---\ntitle: About\n---\nA page, not a post.\n",
        "_layouts/post.html": "<html>{{ content }}</html>\n",
    })  # fmt: skip
    done = _cli(
        "publish", str(root), "--out", str(tmp_path / "out"), "--workers", "1", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    head = next((tmp_path / "out" / "articles").glob("*/head.html")).read_text(encoding="utf-8")
    url = "https://example.org/news/2013/05/05/jekyll-1-0-0-released/"
    assert f'<link rel="canonical" href="{url}">' in head
    assert f'<meta property="og:url" content="{url}">' in head


def test_the_site_command_shows_what_was_read_from_where(rules_site: Path) -> None:
    done = _cli("site", cwd=rules_site / "_posts")
    assert done.returncode == 0, done.stderr
    assert f"jekyll site at {rules_site}" in done.stdout
    assert 'site.timezone = "Asia/Tokyo"  (from _config.yml timezone)' in done.stdout
    assert "permalink of recipes = /r/:name:output_ext" in done.stdout
    missing = _cli("site", cwd=rules_site.parent)
    assert missing.returncode == 2
    assert missing.stderr.strip().endswith(
        "no Jekyll, Hugo or Eleventy site here or in a parent folder"
    )


@pytest.mark.parametrize(
    ("style", "files", "expected"),
    [  # Page#template: docs/_docs/permalinks.md, "Pages and collections"
        ("date", {"about.md": ""}, "/about.html"),
        ("pretty", {"about.md": ""}, "/about/"),
        ("pretty", {"docs/index.md": ""}, "/docs/"),
        ("date", {"docs/Getting Started.md": ""}, "/docs/Getting%20Started.html"),
        ("date", {"contact.md": "permalink: /reach-us/\n"}, "/reach-us/"),
    ],
)
def test_a_page_named_on_its_own_has_jekylls_page_url(
    tmp_path: Path, style: str, files: dict[str, str], expected: str
) -> None:
    name, extra = next(iter(files.items()))
    root = write_site(tmp_path, {
        "_config.yml": f"url: https://example.org\npermalink: {style}\n",
        name: f"---\ntitle: Page\n{extra}---\nx\n",
    })  # fmt: skip
    assert load_article(root / name, load_site_at(root)).url == "https://example.org" + expected


def test_the_sample_published_from_its_root_has_jekylls_urls(tmp_path: Path) -> None:
    """SPEC 8.3's "done": all 102 posts, no sharekit.toml; canonical and og:url parsed."""
    from sharekit import publish

    theirs = recorded(JEKYLL_DOCS / "URLS.jekyll-4.3.1")
    report = publish([JEKYLL_DOCS], load_site_at(JEKYLL_DOCS), tmp_path / "out", workers=2)
    assert report.exit_code == 0 and report.skipped == [] and len(report.articles) == 102
    for result in report.articles:
        head = Head((tmp_path / "out" / "articles" / result.slug / "head.html").read_text("utf-8"))
        expected = (
            "https://jekyllrb.com" + theirs[str(Path(result.source).relative_to(JEKYLL_DOCS))]
        )
        assert (head.canonical, head.og_url) == (expected, expected)


def test_where_the_site_lies_is_not_part_of_a_digest() -> None:
    """Moving a site's folder (or adding Site.generator at all) republishes nothing."""
    import dataclasses

    from sharekit import Site
    from sharekit.publishing._digest import site_hash

    assert site_hash(Site()) == site_hash(dataclasses.replace(Site(), generator=JEKYLL_DOCS))


@pytest.mark.parametrize(
    ("future", "published"), [("", 1), ("future: false\n", 1), ("future: true\n", 2)]
)
def test_a_post_dated_in_the_future_is_built_with_future_true_only(
    tmp_path: Path, future: str, published: int
) -> None:
    """Jekyll's ``future`` (default false): a later post is not on the site yet, so not shared."""
    root = write_site(tmp_path, {
        "_config.yml": f"url: https://example.org\n{future}",
        "_posts/2020-01-02-past.md": "---\ntitle: Past\n---\nx\n",
        "_posts/2999-01-02-later.md": "---\ntitle: Later\n---\nx\n",
    })  # fmt: skip
    skipped: list[object] = []
    site = load_site_at(root)
    articles = list(load_articles(root, site, on_skip=skipped.append))
    assert len(articles) == published
    if published == 1:
        assert [str(s) for s in skipped] == [
            f"{root / '_posts' / '2999-01-02-later.md'}: draft (dated in the future;"
            " Jekyll builds it with future: true), skipped"
        ]


@pytest.mark.parametrize(
    "args",
    [
        ["links", "--format", "json"],
        ["feed", "--format", "json"],
        ["sitemap"],
        ["lint", "--format", "json"],
        ["card", "-o", "card.png"],
        ["preview", "-o", "preview.html"],
        ["syndicate", "--dry-run"],
    ],
    ids=lambda a: a[0],
)
def test_every_command_inside_a_site_with_no_sharekit_toml(
    rules_site: Path, args: list[str]
) -> None:
    """Run in the site's folder of posts, given a post: the generator's URL, never
    "required when the site has no url"."""
    done = _cli(*args, "2020-02-03-hola.md", cwd=rules_site / "es" / "_posts")
    assert done.returncode in (0, 1), done.stderr  # lint: 1 when it has findings
    assert "has no url" not in done.stderr
    if args[0] in ("links", "feed", "sitemap"):
        assert "example.org/blog/es/2020/02/03/hola/" in done.stdout.replace("%2F", "/")


COLLECTIONS_DIR_SITE = {
    "_config.yml": (
        "url: https://example.org\ncollections_dir: my_collections\npermalink: /:categories/:title/\n"
        "collections:\n  guides:\n    output: true\n"
        "defaults:\n- scope: {path: _guides}\n  values: {permalink: '/g/:path/'}\n"
    ),
    "my_collections/_posts/2021-03-04-in-the-folder.md": "---\ntitle: A\n---\nx\n",
    "my_collections/news/_posts/2021-03-05-with-a-category.md": "---\ntitle: B\n---\nx\n",
    "my_collections/_guides/setup/first steps.md": "---\ntitle: C\ndate: 2021-01-01\n---\nx\n",
}
COLLECTIONS_DIR_EXPECTED = {
    "my_collections/_posts/2021-03-04-in-the-folder.md": "/in-the-folder/",
    "my_collections/news/_posts/2021-03-05-with-a-category.md": "/news/with-a-category/",
    "my_collections/_guides/setup/first steps.md": "/g/setup/first%20steps/",
}


def test_collections_dir(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", COLLECTIONS_DIR_SITE)
    expected = {k: "https://example.org" + x for k, x in COLLECTIONS_DIR_EXPECTED.items()}
    assert our_urls(root) == expected


def test_collections_dir_matches_a_build_by_jekyll(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", COLLECTIONS_DIR_SITE)
    theirs = jekyll_urls(root, tmp_path / "build")
    assert {f"my_collections/{k}": x for k, x in theirs.items()} == COLLECTIONS_DIR_EXPECTED
