"""Eleventy sites (SPEC 8.3): _data/metadata.json, JavaScript named once, permalink or input path.

Rules from Eleventy's documentation (docs/permalinks.md: "the default
permalink is the input path", ``index`` files give their folder; a
``permalink`` string is the output path).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sharekit import InputError, load_article, load_articles, load_site_at, site_report

METADATA = (
    '{"title": "Eleventy Base Blog", "url": "https://example.com/", "language": "en",'
    ' "description": "I am writing about my experiences.", "author": {"name": "Your Name"}}'
)


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    files = {
        "_data/metadata.json": METADATA,
        "_data/site.js": "export default {};\n",
        "eleventy.config.js": "export default function (c) {};\n",
        "blog/firstpost.md": "---\ntitle: First\ndate: 2018-05-01\n---\nx\n",
        "blog/second/index.md": "---\ntitle: Second\ndate: 2018-06-01\n---\nx\n",
        "blog/third.md": "---\ntitle: Third\ndate: 2018-07-01\npermalink: /custom/path/index.html\n---\nx\n",
        "blog/fourth.md": "---\ntitle: Fourth\ndate: 2018-08-01\npermalink: '/{{ title | slugify }}/'\n---\nx\n",
        "node_modules/pkg/readme.md": "---\ntitle: Not mine\ndate: 2018-01-01\n---\nx\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_metadata_json_is_read(site_root: Path) -> None:
    site = load_site_at(site_root)
    assert (site.url, site.name, site.lang) == ("https://example.com", "Eleventy Base Blog", "en")
    assert site.feed.description == "I am writing about my experiences."


def test_javascript_is_named_once_with_the_keys_to_set(
    site_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    report = site_report(site_root)
    assert report is not None and report.kind == "eleventy"
    notes = " ".join(report.notes)
    assert "eleventy.config.js is JavaScript and cannot be read" in notes
    assert "_data/site.js is JavaScript and cannot be read (skipped)" in notes
    assert "[site] url, name, lang and timezone" in notes
    with caplog.at_level(logging.WARNING, logger="sharekit"):
        load_site_at(site_root)
        load_site_at(site_root)
    said = [r for r in caplog.records if "eleventy.config.js" in r.getMessage()]
    assert len(said) <= 1


def test_urls_from_the_input_path_or_permalink(site_root: Path) -> None:
    site = load_site_at(site_root)
    errors: list[InputError] = []
    urls = {
        Path(a.source).relative_to(site_root).as_posix(): a.url
        for a in load_articles(site_root, site, on_error=errors.append)
    }
    assert urls == {
        "blog/firstpost.md": "https://example.com/blog/firstpost/",
        "blog/second/index.md": "https://example.com/blog/second/",
        "blog/third.md": "https://example.com/custom/path/",
    }
    assert [str(e) for e in errors] == [
        f"{site_root / 'blog' / 'fourth.md'}: permalink: a template that needs Eleventy to"
        ' evaluate it: "/{{ title | slugify }}/"; give the post a url'
    ]


def test_a_template_permalink_is_refused_by_name(site_root: Path) -> None:
    with pytest.raises(InputError, match="permalink: a template that needs Eleventy"):
        load_article(site_root / "blog" / "fourth.md", load_site_at(site_root))


def test_last_modified_and_created_are_the_files_times(site_root: Path) -> None:
    import os
    from datetime import UTC, datetime

    post = site_root / "blog" / "modified.md"
    post.write_text("---\ntitle: M\ndate: Last Modified\n---\nx\n", encoding="utf-8")
    os.utime(post, (1_600_000_000, 1_600_000_000))
    article = load_article(post, load_site_at(site_root))
    assert article.published == datetime.fromtimestamp(1_600_000_000, UTC)
    created = site_root / "blog" / "created.md"
    created.write_text("---\ntitle: C\ndate: Created\n---\nx\n", encoding="utf-8")
    assert load_article(created, load_site_at(site_root)).published is not None


def test_a_literal_input_folder_is_read_from_the_configs_text(tmp_path: Path) -> None:
    """eleventy-base-blog: ``dir: {input: "content", data: "../_data"}`` in eleventy.config.js."""
    config = (
        "export default async function(eleventyConfig) {}\n"
        'export const config = {\n\tdir: {\n\t\tinput: "content",\n'
        '\t\tincludes: "../_includes",\n\t\tdata: "../_data",\n\t\toutput: "_site"\n\t},\n};\n'
    )
    files = {
        "eleventy.config.js": config,
        "_data/metadata.json": METADATA,
        "content/blog/firstpost.md": "---\ntitle: First\ndate: 2018-05-01\n---\nx\n",
        "content/index.md": "---\ntitle: Home\n---\nx\n",
        "_includes/layout.md": "---\ntitle: not a post\ndate: 2018-01-01\n---\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    site = load_site_at(tmp_path)
    urls = [a.url for a in load_articles(tmp_path, site, on_skip=lambda _: None)]
    assert urls == ["https://example.com/blog/firstpost/"]
    report = site_report(tmp_path)
    assert (
        report is not None
        and ("input folder", "content", "eleventy.config.js dir.input (text)") in report.read
    )
