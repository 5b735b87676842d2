"""`sharekit feed`: the CLI twin of build_feed / update_feed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sharekit import load_article
from sharekit.cli import main
from sharekit.feed import FeedStore, build_feed
from tests.helpers_feed import check, json_feed, record, site, strict

EXAMPLE = str(Path(__file__).parent.parent.parent / "examples" / "article.json")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a sharekit.toml and three records."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sharekit.toml").write_text(
        '[site]\nname = "View Us Global"\nurl = "https://www.viewusglobal.com"\n'
        '[feed]\nhubs = ["https://hub.example.com/"]\n',
        encoding="utf-8",
    )
    for n in (1, 2, 3):
        fields = {"section": "Lifestyle"} if n == 3 else {}
        (tmp_path / f"a{n}.json").write_text(json.dumps(record(n, **fields)), encoding="utf-8")
    return tmp_path


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("format", ["rss", "atom", "json"])
def test_stdout_is_the_library_result(folder: Path, format: str) -> None:
    result = run("feed", "a1.json", "a2.json", "--format", format)
    assert result.exit_code == 0, result.output
    articles = [load_article(folder / f"a{n}.json", site()) for n in (1, 2)]
    config = site(max_items=50, hubs=["https://hub.example.com/"])
    assert result.stdout_bytes == build_feed(articles, config, format=format)
    check(result.stdout_bytes, format)


def test_output_file_format_from_its_name_and_self_url(folder: Path) -> None:
    result = run("feed", "a1.json", "a2.json", "-o", "news.atom")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == b""
    root = strict((folder / "news.atom").read_bytes())
    self_link = root.find("{http://www.w3.org/2005/Atom}link[@rel='self']")
    assert self_link.get("href") == "https://www.viewusglobal.com/news.atom"
    result = run("feed", "a1.json", "-o", "x.json", "--url", "https://cdn.example/x.json")
    assert json_feed((folder / "x.json").read_bytes())["feed_url"] == "https://cdn.example/x.json"


def test_filters(folder: Path) -> None:
    for option, value, expected in [
        ("--section", "lifestyle", ["post-3"]),
        ("--tag", "none", []),
        ("--author", "Daniel Kim", ["post-3", "post-2", "post-1"]),
    ]:
        result = run("feed", "a1.json", "a2.json", "a3.json", "--format", "json", option, value)
        assert [i["id"] for i in json_feed(result.stdout_bytes)["items"]] == expected


def test_invalid_input_writes_nothing_and_exits_2(folder: Path) -> None:
    (folder / "bad.json").write_text('{"title": "x", "publised": "2024"}', encoding="utf-8")
    result = run("feed", "a1.json", "bad.json", "-o", "out.xml")
    assert result.exit_code == 2
    assert 'bad.json: publised: unknown field; did you mean "published"?' in result.stderr
    assert not (folder / "out.xml").exists()
    result = run("feed", "--update", "site/feed.xml", "a1.json", "bad.json")
    assert result.exit_code == 2
    assert not (folder / "site").exists()


def test_update_in_place(folder: Path) -> None:
    result = run("feed", "--update", "public/feed.xml", "a1.json", "a2.json")
    assert result.exit_code == 0, result.output
    assert "wrote " in result.stderr
    result = run("feed", "--update", "public/feed.json", "a3.json")
    assert result.exit_code == 0, result.output
    ids = [i["id"] for i in json_feed((folder / "public/feed.json").read_bytes())["items"]]
    assert ids == ["post-3", "post-2", "post-1"]
    assert len(strict((folder / "public/feed.xml").read_bytes()).findall("channel/item")) == 3
    # nothing new: no file rewritten, nothing said
    result = run("feed", "--update", "public/feed.xml", "a3.json")
    assert (result.exit_code, result.stderr) == (0, "")
    with FeedStore(folder / "public") as store:
        assert sorted(f.path for f in store.feeds()) == ["feed.json", "feed.xml"]


def test_update_of_a_file_no_store_serves_exits_2(folder: Path) -> None:
    assert run("feed", "a1.json", "-o", "feed.xml").exit_code == 0
    before = (folder / "feed.xml").read_bytes()
    result = run("feed", "--update", "feed.xml", "a2.json")
    assert result.exit_code == 2
    assert "feed.xml: exists but no feed store serves it" in result.stderr
    assert (folder / "feed.xml").read_bytes() == before
    result = run("feed", "--update", "new.xml", "a2.json", "-o", "x.xml")
    assert result.exit_code == 2
    assert "--output: not with --update" in result.stderr


def test_records_without_published_warn(folder: Path) -> None:
    (folder / "draft.json").write_text(json.dumps({"title": "Draft", "url": "https://e.com/d"}))
    result = run("feed", "draft.json", "a1.json", "--format", "rss")
    assert result.exit_code == 0
    assert "sharekit: warning: draft.json: left out of the feed: no published date" in result.stderr
    assert strict(result.stdout_bytes).findtext("channel/item/guid") == "post-1"


def test_help() -> None:
    result = run("feed", "--help")
    assert result.exit_code == 0
    for option in ("--format", "--output", "--url", "--section", "--tag", "--author", "--update"):
        assert option in result.output


def test_example_article() -> None:
    result = run("feed", EXAMPLE, "--format", "atom")
    assert result.exit_code == 0
    check(result.stdout_bytes, "atom")
