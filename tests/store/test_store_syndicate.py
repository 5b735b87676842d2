"""The store's SPEC 7.4 tables: sitemap elements, IndexNow's queue and the posts (one row
per article and target).

Written against the abstract Store's methods only, and run on both backends: the
SQLite file and a real PostgreSQL database (tests/helpers_servers.py starts the
cluster; these tests skip on PostgreSQL without it). The concurrency test uses
two connections to one store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sharekit import load_article, load_site
from sharekit.feed import item_from_article
from sharekit.feed._item import Item
from sharekit.store._interface import Post, SitemapUrl, Store
from sharekit.store._open import open_store

T0 = "2026-03-10T12:00:00.000000Z"
LATER = "2026-03-10T12:45:00.000000Z"


def post(article: str, target: str = "mastodon", published: str = T0) -> Post:
    return Post(article, target, "queued", published, '{"title": "t"}', updated=T0)


StoreFactory = Callable[[], Store]


@pytest.fixture(params=["sqlite", "postgres"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """Opens a new connection to one store of the backend (the caller closes it)."""
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None

    def make() -> Store:
        return open_store(url, tmp_path)

    yield make


def test_indexnow_queue_keeps_one_row_per_url_oldest_first(make_store: StoreFactory) -> None:
    with make_store() as store:
        store.queue_indexnow(["https://a.example/2", "https://a.example/1"])
        store.queue_indexnow(["https://a.example/1", "https://a.example/3"])
        assert store.indexnow_queue(10) == [
            "https://a.example/1",  # same time queued: by URL
            "https://a.example/2",
            "https://a.example/3",
        ]
        assert store.indexnow_queue(2) == ["https://a.example/1", "https://a.example/2"]
        store.indexnow_sent(["https://a.example/1", "https://a.example/2"])
        assert store.indexnow_queue(10) == ["https://a.example/3"]


def test_a_post_is_queued_once_and_an_edit_queues_nothing(make_store: StoreFactory) -> None:
    with make_store() as store:
        assert store.queue_posts([post("a"), post("a", "bluesky")]) == [
            post("a"),
            post("a", "bluesky"),
        ]
        assert store.queue_posts([post("a"), post("b")]) == [post("b")]
        assert [(p.article_id, p.target) for p in store.posts()] == [
            ("a", "bluesky"),
            ("a", "mastodon"),
            ("b", "mastodon"),
        ]


def test_takes_finishes_and_what_is_open(make_store: StoreFactory) -> None:
    with make_store() as store:
        store.queue_posts([post("old", published="2026-03-01T00:00:00.000000Z"), post("new")])
        since = "2026-03-08T00:00:00.000000Z"
        [new] = store.open_posts(since)  # old: too old
        assert new.article_id == "new" and len(store.open_posts("")) == 2
        assert store.take_post(new, T0, "host 1")
        assert not store.take_post(new, T0, "host 2")  # taken: the row changed
        [taken] = store.open_posts(since)
        assert (taken.status, taken.claim, taken.updated) == ("posting", "host 1", T0)
        store.finish_post(
            Post("new", "mastodon", "failed", T0, "{}", attempts=1, error="HTTP 500", updated=LATER)
        )
        [failed] = store.open_posts(since)
        assert (failed.status, failed.attempts, failed.error) == ("failed", 1, "HTTP 500")
        assert failed.payload == '{"title": "t"}'  # finish keeps what is posted
        assert not store.take_post(taken, LATER, "host 2")  # as read before: stale
        assert store.take_post(failed, LATER, "host 2")
        store.finish_post(
            Post("new", "mastodon", "posted", T0, "{}", "42", "https://m/42", 2, "", LATER)
        )
        assert store.open_posts(since) == []
        assert store.posted_since("mastodon", T0) == [LATER]
        assert store.posted_since("mastodon", "2026-03-11") == []
        [done] = store.posts("new")
        assert (done.post_id, done.post_url, done.attempts) == ("42", "https://m/42", 2)


def test_a_post_waiting_for_its_time_is_open_past_the_age_window(
    make_store: StoreFactory,
) -> None:
    """A record's syndicate_at may lie beyond max_age_hours: its row stays open."""
    with make_store() as store:
        waiting = Post(
            "later",
            "bluesky",
            "queued",
            "2026-03-01T00:00:00.000000Z",
            "{}",
            updated=T0,
            not_before="2026-03-20T00:00:00.000000Z",
        )
        store.queue_posts([waiting])
        assert store.open_posts("2026-03-08T00:00:00.000000Z") == [waiting]


def test_of_two_runs_claiming_at_once_one_wins(make_store: StoreFactory) -> None:
    with make_store() as store:
        store.queue_posts([post(f"a{n}") for n in range(50)])
    wins: list[list[str]] = [[], []]
    start = threading.Barrier(2)

    def claim(index: int) -> None:
        with make_store() as store:
            start.wait()
            for n in range(50):
                if store.take_post(post(f"a{n}"), LATER, f"host {index}"):
                    wins[index].append(f"a{n}")

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins[0] + wins[1]) == sorted(f"a{n}" for n in range(50))
    assert not set(wins[0]) & set(wins[1])


def sitemap_item(index: int, published: str) -> Item:
    site = load_site({"site": {"name": "Example", "url": "https://a.example"}})
    record = {"id": f"s{index}", "title": f"Story {index}", "published": published}
    made = item_from_article(load_article(record, site), site)
    assert made is not None
    return made


def test_sitemap_elements_upsert_by_id_oldest_first(make_store: StoreFactory) -> None:
    first = sitemap_item(1, "2026-03-01T10:00:00+09:00")
    second = sitemap_item(2, "2026-03-01T01:00:00Z")  # the same instant: by id
    third = sitemap_item(3, "2026-02-01T00:00:00Z")
    with make_store() as store:
        assert store.sitemap_count() == 0 and store.sitemap_urls() == []
        store.upsert_sitemap_urls(
            [
                SitemapUrl(first.id, first.published, first.section, "2026-03-01", "<url>1</url>"),
                SitemapUrl(
                    second.id, second.published, second.section, "2026-03-01", "<url>2</url>"
                ),
            ]
        )
        store.upsert_sitemap_urls(
            [
                SitemapUrl(third.id, third.published, third.section, "2026-02-01", "<url>3</url>"),
                SitemapUrl(first.id, first.published, first.section, "2026-03-02", "<url>1b</url>"),
            ]
        )
        assert store.sitemap_count() == 3
        assert store.sitemap_urls() == [
            ("", "2026-02-01", "<url>3</url>"),
            ("", "2026-03-02", "<url>1b</url>"),  # replaced, not added
            ("", "2026-03-01", "<url>2</url>"),
        ]


def test_a_schema_5_store_keeps_its_posts_and_gets_their_waits(tmp_path: Path) -> None:
    """SPEC 8.7's migration adds not_before and claim to posts; the rows stay, and a
    migration run again (a store whose version was set back) adds nothing twice."""
    import sqlite3

    from sharekit.store._schema import SCHEMA_VERSION
    from sharekit.store._sqlite import SQLiteStore

    folder = tmp_path / ".sharekit"
    folder.mkdir()
    db = sqlite3.connect(folder / "store.sqlite", isolation_level=None)
    for step in range(5):
        for statement in SQLiteStore.migration(step):
            db.execute(statement)
    db.execute("INSERT INTO store_meta VALUES ('schema_version', '5')")
    db.execute(
        "INSERT INTO posts (article_id, target, status, published, payload, updated)"
        f" VALUES ('a', 'telegram', 'posted', '{T0}', '{{}}', '{T0}')"
    )
    db.close()
    with SQLiteStore(tmp_path) as store:
        [kept] = store.posts()
        assert (kept.status, kept.not_before, kept.claim) == ("posted", "", "")
    db = sqlite3.connect(folder / "store.sqlite", isolation_level=None)
    db.execute("UPDATE store_meta SET value = '5'")
    db.close()
    with SQLiteStore(tmp_path) as store:
        assert len(store.posts()) == 1
    db = sqlite3.connect(folder / "store.sqlite")
    assert db.execute("SELECT value FROM store_meta").fetchall() == [(str(SCHEMA_VERSION),)]
    db.close()
