"""The one store of an output root: schema versions and migrations, one connection, errors."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from sharekit import InputError, load_article, load_site, publish
from sharekit.feed import FeedStore, item_from_article, update_feed
from sharekit.store._interface import Store
from sharekit.store._schema import SCHEMA_VERSION
from sharekit.store._sqlite import SQLiteStore

ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "article.json"
SITE = {
    "site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"},
    "card": {"enabled": False},
}

# The two layouts today's main writes, as it writes them: publish's registry
# (no version) and the feed store's tables with store_meta "1".
OLD_PUBLISHED = (
    "CREATE TABLE IF NOT EXISTS published (id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE,"
    " digest TEXT, files TEXT)"
)
OLD_FEEDS = """
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feed_entries (
    id TEXT PRIMARY KEY, published_key TEXT NOT NULL, section_key TEXT NOT NULL,
    slug TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS feed_entries_newest ON feed_entries (published_key DESC, id);
CREATE INDEX IF NOT EXISTS feed_entries_section
    ON feed_entries (section_key, published_key DESC, id);
CREATE TABLE IF NOT EXISTS feed_entry_tags (
    tag_key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tag_key, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS feed_entry_tags_id ON feed_entry_tags (id);
CREATE TABLE IF NOT EXISTS feed_entry_authors (
    author_key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (author_key, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS feed_entry_authors_id ON feed_entry_authors (id);
CREATE TABLE IF NOT EXISTS feed_files (
    path TEXT PRIMARY KEY, format TEXT NOT NULL, section TEXT, tag TEXT, author TEXT, url TEXT);
INSERT OR IGNORE INTO store_meta VALUES ('schema_version', '1');
"""


def record(index: int, **fields: object) -> dict[str, object]:
    return {
        "id": f"post-{index}",
        "title": f"Headline number {index}",
        "section": "World",
        "published": f"2025-01-{1 + index:02d}T09:00:00+09:00",
        **fields,
    }


def old_store(root: Path, *, registry: bool = True, feeds: bool = True) -> Path:
    """A store as today's main leaves it, with a row in each table it has."""
    folder = root / ".sharekit"
    folder.mkdir(parents=True)
    db = sqlite3.connect(folder / "store.sqlite", isolation_level=None)
    if registry:
        db.execute(OLD_PUBLISHED)
        db.execute("INSERT INTO published VALUES ('post-1', 'old-slug', 'x', '[]')")
    if feeds:
        db.executescript(OLD_FEEDS)
        site = load_site(SITE)
        item = item_from_article(load_article(record(0), site), site)
        assert item is not None
        db.execute(
            "INSERT INTO feed_entries VALUES ('post-0', '2025-01-01T00:00:00.000000Z', 'world',"
            " 'headline-number-0', ?)",
            (json.dumps(item.to_json()),),
        )
        db.execute("INSERT INTO feed_files VALUES ('feed.xml', 'rss', NULL, NULL, NULL, NULL)")
    db.close()
    return folder / "store.sqlite"


def schema_version(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return str(db.execute("SELECT value FROM store_meta").fetchone()[0])
    finally:
        db.close()


def titles(feed: Path) -> list[str | None]:
    return [item.findtext("title") for item in ET.parse(feed).iter("item")]


def test_a_store_of_both_old_owners_is_migrated_and_keeps_working(tmp_path: Path) -> None:
    path = old_store(tmp_path)
    report = publish([record(1)], load_site(SITE), tmp_path, workers=1)
    assert report.errors == []
    # the registry row was read: the id moves from the slug it had
    [moved] = report.moved
    assert (moved.old_slug, moved.slug) == ("old-slug", "headline-number-1")
    # the feed entry was read: the feed has the old entry and the new one
    assert titles(tmp_path / "feed.xml") == ["Headline number 1", "Headline number 0"]
    assert schema_version(path) == str(SCHEMA_VERSION)
    assert len(publish([record(1)], load_site(SITE), tmp_path, workers=1).unchanged) == 1


def test_a_store_only_publish_made_is_migrated(tmp_path: Path) -> None:
    path = old_store(tmp_path, feeds=False)
    update_feed(tmp_path / "atom.xml", [load_article(record(2), load_site(SITE))], load_site(SITE))
    with FeedStore(tmp_path) as store:
        assert store.count() == 1
        assert store.store.claim("post-1", "old-slug") == ("old-slug", None)
    assert schema_version(path) == str(SCHEMA_VERSION)


def test_a_store_only_feeds_made_is_migrated(tmp_path: Path) -> None:
    path = old_store(tmp_path, registry=False)
    report = publish([record(1)], load_site(SITE), tmp_path, workers=1)
    assert [a.slug for a in report.written] == ["headline-number-1"]
    assert titles(tmp_path / "feed.xml") == ["Headline number 1", "Headline number 0"]
    assert schema_version(path) == str(SCHEMA_VERSION)


def newer(root: Path) -> Path:
    path = root / ".sharekit" / "store.sqlite"
    SQLiteStore(root).close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("UPDATE store_meta SET value = ? WHERE key = 'schema_version'", (99,))
    db.close()
    return path


def test_a_store_of_a_newer_sharekit_is_refused(tmp_path: Path) -> None:
    path = newer(tmp_path)
    expected = f"{path}: schema version 99 is newer than this sharekit ({SCHEMA_VERSION}); upgrade sharekit"
    with pytest.raises(InputError) as caught:
        publish([record(1)], load_site(SITE), tmp_path, workers=1)
    assert str(caught.value) == expected
    with pytest.raises(InputError) as caught:
        update_feed(tmp_path / "feed.xml", [], load_site(SITE))
    assert str(caught.value) == expected
    assert schema_version(path) == "99"  # left as it was


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sharekit", *args], capture_output=True, text=True, cwd=cwd
    )


def garbage(root: Path) -> None:
    (root / ".sharekit").mkdir(parents=True)
    (root / ".sharekit" / "store.sqlite").write_bytes(b"not a database, " * 256)


def folder(root: Path) -> None:
    (root / ".sharekit" / "store.sqlite").mkdir(parents=True)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (garbage, "cannot use the store: file is not a database"),
        (folder, "cannot use the store: unable to open database file"),
        (newer, "schema version 99 is newer than this sharekit"),
    ],
    ids=["garbage", "folder", "newer"],
)
@pytest.mark.parametrize(
    "args",
    [
        ["publish", str(EXAMPLE), "--out", "public", "--quiet"],
        ["feed", "--update", "public/feed.xml", str(EXAMPLE)],
    ],
    ids=["publish", "feed-update"],
)
def test_cli_a_store_it_cannot_use_exits_2_with_one_line(
    tmp_path: Path, make: Callable[[Path], object], expected: str, args: list[str]
) -> None:
    make(tmp_path / "public")
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "public/.sharekit/store.sqlite: " + expected in result.stderr


def test_an_error_in_the_middle_of_a_run_names_the_store(tmp_path: Path) -> None:
    SQLiteStore(tmp_path).close()
    db = sqlite3.connect(tmp_path / ".sharekit" / "store.sqlite", isolation_level=None)
    db.execute("DROP TABLE published")
    db.close()
    with pytest.raises(InputError, match=r"store\.sqlite: not a sharekit store: table published"):
        publish([record(1)], load_site(SITE), tmp_path, workers=1)


def test_publish_opens_one_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []
    connect = sqlite3.connect

    def counting(*args: object, **kwargs: object) -> sqlite3.Connection:
        opened.append(args[0])
        return connect(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", counting)
    report = publish([record(1), record(2)], load_site(SITE), tmp_path, workers=1)
    assert len(report.written) == 2 and report.feeds
    assert opened == [tmp_path.absolute() / ".sharekit" / "store.sqlite"]


def journal_mode(root: Path) -> str:
    db = sqlite3.connect(root / ".sharekit" / "store.sqlite")
    try:
        return str(db.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        db.close()


def test_the_journal_mode_is_the_same_whoever_comes_first(tmp_path: Path) -> None:
    site = load_site(SITE)
    update_feed(tmp_path / "feeds" / "feed.xml", [load_article(record(1), site)], site)
    assert journal_mode(tmp_path / "feeds") == "wal"
    publish([record(1)], site, tmp_path / "out", workers=1)
    assert journal_mode(tmp_path / "out") == "wal"
    old_store(tmp_path / "old")  # made in the rollback journal, as feeds made it before
    assert journal_mode(tmp_path / "old") == "delete"
    update_feed(tmp_path / "old" / "feed.xml", [load_article(record(1), site)], site)
    assert journal_mode(tmp_path / "old") == "wal"


def test_transactions_are_all_or_nothing_and_nest(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path) as store:
        assert isinstance(store, Store)
        with pytest.raises(KeyError), store.transaction():
            store.claim("a", "story")
            with store.transaction():  # joins the outer one
                store.claim("b", "story")
            raise KeyError
        assert store.stored("a") == (None, [])
        with store.transaction():
            assert store.claim("a", "story") == ("story", None)
            assert store.claim("b", "story") == ("story-2", None)
        assert store.claim("b", "story") == ("story-2", None)  # keeps its number


def test_slugs_with_like_wildcards_are_numbered_right(tmp_path: Path) -> None:
    """``_`` and ``%`` are literal in a slug: `a_b-2` is taken by `a_b`'s second id."""
    with SQLiteStore(tmp_path) as store:
        assert [store.claim(f"id-{n}", "a_b")[0] for n in range(3)] == ["a_b", "a_b-2", "a_b-3"]


def test_commits_under_the_writer_lock_reach_the_disk_first(tmp_path: Path) -> None:
    """Feed files are written from commits made under the lock: those are synchronous=FULL."""

    def synchronous(store: SQLiteStore) -> int:
        return int(store._db.execute("PRAGMA synchronous").fetchone()[0])

    with SQLiteStore(tmp_path) as store:
        assert synchronous(store) == 1  # NORMAL
        with store.lock():
            assert synchronous(store) == 2  # FULL
        assert synchronous(store) == 1
