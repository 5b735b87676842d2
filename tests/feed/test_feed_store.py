"""Feeds updated in place: the SQLite store, update_feed, locking and atomic replacement."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sharekit.errors import InputError
from sharekit.feed import FeedStore, build_feed, update_feed
from tests.helpers_feed import NS, SITE_CONFIG, article, check, feedparse, json_feed, site, strict

ROOT = Path(__file__).parent.parent.parent


def ids(path: Path) -> list[str]:
    data = path.read_bytes()
    if path.suffix == ".json":
        return [item["id"] for item in json_feed(data)["items"]]
    if path.name == "atom.xml":
        return [
            e.findtext("atom:id", namespaces=NS) for e in strict(data).iterfind("atom:entry", NS)
        ]
    return [item.findtext("guid") for item in strict(data).iter("item")]


def test_update_creates_the_store_and_registers_the_file(tmp_path: Path) -> None:
    feed = tmp_path / "public" / "feed.xml"
    feed.parent.mkdir()
    assert update_feed(feed, [article(1), article(2)], site()) == [feed]
    assert (tmp_path / "public" / ".sharekit" / "store.sqlite").is_file()
    assert ids(feed) == ["post-2", "post-1"]
    with FeedStore(feed.parent) as store:
        [registered] = store.feeds()
        assert (registered.path, registered.format, registered.url) == ("feed.xml", "rss", None)
        assert store.count() == 2
    # the same record again: no byte changes, no rewrite, same mtime
    mtime = feed.stat().st_mtime_ns
    assert update_feed(feed, [article(1)], site()) == []
    assert feed.stat().st_mtime_ns == mtime
    # the same bytes as a stateless build of the same records
    assert feed.read_bytes() == build_feed([article(1), article(2)], site(), format="rss")


def test_add_replace_order_and_newest_n(tmp_path: Path) -> None:
    feed = tmp_path / "atom.xml"
    small = site(max_items=3)
    for n in (5, 1, 4, 2, 3):
        update_feed(feed, [article(n, published=f"2024-01-0{n}T00:00:00Z")], small)
    assert ids(feed) == [f"tag:www.viewusglobal.com,2024:post-{n}" for n in (5, 4, 3)]
    update_feed(
        feed, [article(4, title="Four, corrected", published="2024-01-04T00:00:00Z")], small
    )
    fp = feedparse(feed.read_bytes())
    assert [e.title for e in fp.entries] == ["Article 5", "Four, corrected", "Article 3"]
    with FeedStore(tmp_path) as store:
        assert store.count() == 5  # the archive stays in the store
    # a replaced entry moves when its date does
    update_feed(feed, [article(1, published="2024-02-01T00:00:00Z")], small)
    assert ids(feed)[0].endswith("post-1")


def test_every_served_feed_whose_filter_matches_is_rewritten(tmp_path: Path) -> None:
    with FeedStore(tmp_path) as store:
        store.register_site_feeds(site(), sections=["World", "Lifestyle"])
        assert sorted(f.path for f in store.feeds()) == [
            "atom.xml", "feed.json", "feed.xml",
            *(f"sections/{s}/{n}" for s in ("lifestyle", "world")
              for n in ("atom.xml", "feed.json", "feed.xml")),
        ]  # fmt: skip
        store.register("tags/korea.json", tag="Korea")
        store.register("authors/dk.xml", author="Daniel Kim", url="https://feeds.example/dk")
        written = store.write_feeds(site())
    assert len(written) == 11  # every new file is written, empty or not
    json_feed((tmp_path / "tags/korea.json").read_bytes())
    world = tmp_path / "sections/world/feed.json"
    written = update_feed(world, [article(1, tags=["Korea"])], site())
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "atom.xml", "authors/dk.xml", "feed.json", "feed.xml",
        "sections/world/atom.xml", "sections/world/feed.json", "sections/world/feed.xml",
        "tags/korea.json",
    ]  # fmt: skip
    assert json_feed(world.read_bytes())["title"] == "View Us Global — World"
    dk = strict((tmp_path / "authors/dk.xml").read_bytes())
    assert dk.find("channel/atom:link[@rel='self']", NS).get("href") == "https://feeds.example/dk"
    self_link = strict((tmp_path / "sections/world/atom.xml").read_bytes()).find(
        "atom:link[@rel='self']", NS
    )
    assert self_link.get("href") == "https://www.viewusglobal.com/sections/world/atom.xml"
    # moving the article to another section rewrites both section feeds
    written = update_feed(tmp_path / "feed.xml", [article(1, section="Lifestyle")], site())
    assert {"sections/world/feed.json", "sections/lifestyle/feed.json"} <= {
        p.relative_to(tmp_path).as_posix() for p in written
    }
    assert ids(world) == []
    assert ids(tmp_path / "sections/lifestyle/feed.json") == ["post-1"]


def test_the_store_is_found_in_a_folder_above(tmp_path: Path) -> None:
    update_feed(tmp_path / "feed.xml", [article(1)], site())
    nested = tmp_path / "sections" / "world" / "feed.json"
    update_feed(nested, [article(2)], site())
    assert not (nested.parent / ".sharekit").exists()
    assert ids(nested) == ["post-2", "post-1"]
    assert ids(tmp_path / "feed.xml") == ["post-2", "post-1"]


def test_a_file_no_store_serves_is_an_error(tmp_path: Path) -> None:
    stateless = tmp_path / "feed.xml"
    stateless.write_bytes(build_feed([article(1)], site()))
    with pytest.raises(InputError, match=r"feed\.xml: exists but no feed store serves it"):
        update_feed(stateless, [article(2)], site())
    assert not (tmp_path / ".sharekit").exists()
    update_feed(tmp_path / "new" / "atom.xml", [article(2)], site())
    stray = tmp_path / "new" / "other.xml"
    stray.write_text("<rss/>")
    with pytest.raises(
        InputError, match=r"other\.xml: exists but the feed store .* does not serve"
    ):
        update_feed(stray, [article(3)], site())
    with pytest.raises(InputError, match="serves it as atom, not json"):
        update_feed(tmp_path / "new" / "atom.xml", [article(3)], site(), format="json")
    with pytest.raises(InputError, match="cannot tell the feed format"):
        update_feed(tmp_path / "new" / "feed.txt", [article(3)], site())


def test_records_without_published_are_not_stored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    undated = article(1, published=None)
    assert update_feed(tmp_path / "feed.json", [undated], site()) == [tmp_path / "feed.json"]
    assert ids(tmp_path / "feed.json") == []
    assert "left out of the feed: no published date" in caplog.text


def test_stale_temp_files_of_a_killed_writer_are_removed(tmp_path: Path) -> None:
    update_feed(tmp_path / "feed.xml", [article(1)], site())
    stale = tmp_path / ".feed.xml.abc123.tmp"
    stale.write_bytes(b"<rss")
    update_feed(tmp_path / "feed.xml", [article(2)], site())
    assert not stale.exists()


# --- several writers at once, readers meanwhile, a writer killed mid-update ------------------

WRITER = textwrap.dedent(
    """
    import json, sys
    from sharekit import load_article, load_site
    from sharekit.feed import update_feed
    config, feed = json.loads(sys.argv[1]), sys.argv[2]
    start, count = int(sys.argv[3]), int(sys.argv[4])
    site = load_site(config)
    for n in range(start, start + count):
        when = f"2024-01-01T{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z"
        record = {"title": f"Article {n}", "url": f"https://www.viewusglobal.com/a/{n}/",
                  "id": f"post-{n}", "published": when, "section": "World",
                  "tags": [f"t{n % 7}"], "content_html": "<p>" + "x" * 200 + "</p>"}
        update_feed(feed, [load_article(record, site)], site)
    """
)


def _writer(
    config: dict[str, object], feed: Path, start: int, count: int
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, json.dumps(config), str(feed), str(start), str(count)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


def _read_all(paths: list[Path], feedparser: bool = True) -> int:
    """Read every file as consumers do; the strict parsers only when ``feedparser`` is off."""
    reads = 0
    for path in paths:
        if path.exists():
            data = path.read_bytes()
            format = {"feed.xml": "rss", "atom.xml": "atom"}.get(path.name, "json")
            if feedparser or format == "json":
                check(data, format)
            else:
                strict(data)
            reads += 1
    return reads


@pytest.mark.slow
def test_eight_writers_at_once_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    config = json.loads(json.dumps(SITE_CONFIG))
    with FeedStore(tmp_path) as store:
        store.register_site_feeds(site())
        store.write_feeds(site())
    paths = [tmp_path / name for name in ("feed.xml", "atom.xml", "feed.json")]
    writers = [_writer(config, tmp_path / "feed.xml", 1 + 25 * w, 25) for w in range(8)]
    reads = 0
    while any(w.poll() is None for w in writers):
        reads += _read_all(paths, feedparser=reads % 10 == 0)  # never a half-written file
    assert [w.returncode for w in writers] == [0] * 8
    assert reads > 10
    expected = [f"post-{n}" for n in range(200, 0, -1)]
    assert ids(tmp_path / "feed.xml") == expected
    assert ids(tmp_path / "feed.json") == expected
    assert len(ids(tmp_path / "atom.xml")) == 200
    with FeedStore(tmp_path) as store:
        assert store.count() == 200
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.slow
def test_a_writer_killed_mid_update_leaves_valid_feeds_and_a_consistent_store(
    tmp_path: Path,
) -> None:
    config = json.loads(json.dumps(SITE_CONFIG))
    config["feed"]["max_items"] = 50
    update_feed(tmp_path / "feed.xml", [article(1)], site())
    with FeedStore(tmp_path) as store:
        store.register_site_feeds(site())
    delays = [0.35, 0.5, 0.6, 0.75, 0.9, 1.1]
    for round, delay in enumerate(delays):
        writer = _writer(config, tmp_path / "feed.xml", 1000 * (round + 1), 500)
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        _read_all([tmp_path / n for n in ("feed.xml", "atom.xml", "feed.json")])
        db = sqlite3.connect(tmp_path / ".sharekit" / "store.sqlite")
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        orphans = db.execute(
            "SELECT count(*) FROM feed_entry_tags t LEFT JOIN feed_entries e USING (id)"
            " WHERE e.id IS NULL"
        ).fetchone()
        assert orphans == (0,)
        db.close()
    # the lock died with the writer: the next update goes through and sees every stored entry
    update_feed(tmp_path / "feed.xml", [article(2, published="2030-01-01T00:00:00Z")], site())
    with FeedStore(tmp_path) as store:
        newest = [item.id for item in store.items(limit=50)]
    assert ids(tmp_path / "feed.json")[:50] == newest[:50]
    assert newest[0] == "post-2"
