"""The PostgreSQL store (SPEC 7.7) against a real server: the Store interface on both
backends, migrations, errors, publish through it, publishers sharing it, a restart."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import feedparser
import pytest

from sharekit import InputError, load_article, load_site, publish
from sharekit.errors import NetworkError
from sharekit.feed import FeedStore, item_from_article
from sharekit.feed._item import FeedFilter, Item
from sharekit.feed._stored import stored_items, upsert_items
from sharekit.store._interface import FeedRow, Store
from sharekit.store._open import open_store, output_key
from sharekit.store._schema import SCHEMA_VERSION
from sharekit.store._sqlite import SQLiteStore
from tests.helpers_servers import Postgres, free_port

ROOT = Path(__file__).parent.parent.parent
SITE = {
    "site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"},
    "card": {"enabled": False},
    "feed": {"max_items": 500},
}


def record(index: int, **fields: object) -> dict[str, object]:
    return {
        "id": f"post-{index}",
        "title": f"Headline number {index}",
        "section": "World" if index % 2 else "Science",
        "tags": ["Climate"] if index % 3 == 0 else [],
        "published": f"2025-01-{1 + index % 28:02d}T09:{index % 60:02d}:00+09:00",
        **fields,
    }


def item(index: int, **fields: object) -> Item:
    site = load_site(SITE)
    made = item_from_article(load_article(record(index, **fields), site), site)
    assert made is not None
    return made


# --- the interface, on both backends -------------------------------------------------

StoreFactory = Callable[..., Store]


@pytest.fixture(params=["sqlite", "postgres"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """Opens a new connection to one store of the backend (several: concurrent users)."""
    opened: list[Store] = []
    target: str = str(tmp_path)
    if request.param == "postgres":
        target = request.getfixturevalue("pg_url")

    def make(keep: bool = True) -> Store:
        """keep=False: the caller closes it (a store opened in another thread)."""
        store = open_store(target if request.param == "postgres" else None, tmp_path)
        if keep:
            opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def test_claims_number_slugs_and_keep_them(make_store: StoreFactory) -> None:
    store = make_store()
    assert [store.claim(f"id-{n}", "a_b")[0] for n in range(3)] == ["a_b", "a_b-2", "a_b-3"]
    assert store.claim("id-x", "a%b") == ("a%b", None)
    assert store.claim("id-y", "a%b") == ("a%b-2", None)  # % is literal, not a wildcard
    assert store.claim("id-1", "a_b") == ("a_b-2", None)  # keeps its number
    store.record_files("id-1", ["articles/a_b-2/head.html"])
    store.confirm([("id-1", "d1")])
    assert store.stored("id-1") == ("d1", ["articles/a_b-2/head.html"])
    assert store.claim("id-1", "renamed") == ("renamed", "a_b-2")
    assert store.stored("id-1") == (None, ["articles/a_b-2/head.html"])  # digest forgotten
    assert store.stored("nobody") == (None, [])


def test_record_files_unsets_the_digest_until_confirmed(make_store: StoreFactory) -> None:
    store = make_store()
    store.claim("a", "story")
    store.confirm([("a", "old")])
    store.record_files("a", ["x", "y"])
    assert store.stored("a") == (None, ["x", "y"])
    store.confirm([("a", "new")])
    assert store.stored("a") == ("new", ["x", "y"])


def test_transactions_are_all_or_nothing_and_nest(make_store: StoreFactory) -> None:
    store = make_store()
    with pytest.raises(KeyError), store.transaction():
        store.claim("a", "story")
        with store.transaction():
            store.claim("b", "story")
        raise KeyError
    assert store.stored("a") == (None, [])
    assert make_store().claim("c", "story") == ("story", None)  # nothing of a or b was kept


def test_feed_files_keep_their_registration_order(make_store: StoreFactory) -> None:
    store = make_store()
    files = [
        FeedRow("zz/feed.xml", "rss"),
        FeedRow("atom.xml", "atom", section="World"),
        FeedRow("m.json", "json", tag="Climate", author="Daniel", url="https://x.test/m"),
    ]
    for feed in files:
        store.add_feed(feed)
    assert make_store().feeds() == files


def test_entries_upsert_filter_sort_and_count(make_store: StoreFactory) -> None:
    store = make_store()
    assert upsert_items(store, [item(n) for n in range(12)]) == []
    assert store.entry_count() == 12
    newest = stored_items(store, limit=3)
    assert [i.id for i in newest] == ["post-11", "post-10", "post-9"]
    science = stored_items(store, FeedFilter(section="science"))
    assert {i.id for i in science} == {f"post-{n}" for n in range(0, 12, 2)}
    climate = stored_items(store, FeedFilter(tag="CLIMATE"))
    assert {i.id for i in climate} == {"post-0", "post-3", "post-6", "post-9"}
    replaced = upsert_items(store, [item(3, title="Rewritten", tags=[])])
    assert [(i.id, i.title) for i in replaced] == [("post-3", "Headline number 3")]
    assert store.entry_count() == 12
    assert "post-3" not in {i.id for i in stored_items(store, FeedFilter(tag="climate"))}
    assert stored_items(make_store(), limit=20)[8].title == "Rewritten"  # post-3, committed


def test_entries_with_equal_dates_sort_by_id_bytewise(make_store: StoreFactory) -> None:
    """Both backends order ties by id as bytes (COLLATE "C"), not by a locale's rules."""
    store = make_store()
    ids = ["B", "a", "_x", "Ä", "a-b", "ab"]
    upsert_items(store, [item(1, id=i, published="2025-02-01T00:00:00Z") for i in ids])
    assert [i.id for i in stored_items(store)] == sorted(ids)


def test_the_writer_lock_excludes_a_second_holder(make_store: StoreFactory) -> None:
    first = make_store()
    order: list[str] = []

    def other() -> None:  # a connection of its own, opened in its thread (sqlite3's rule)
        with make_store(keep=False) as second, second.lock():
            order.append("second")

    with first.lock():
        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.5)
        order.append("first done")
    thread.join(10)
    assert order == ["first done", "second"]


def test_concurrent_claims_of_one_slug_get_distinct_numbers(make_store: StoreFactory) -> None:
    slugs: list[str] = []

    def claim(index: int) -> None:
        with make_store(keep=False) as store:
            for n in range(10):
                slugs.append(store.claim(f"{index}-{n}", "same")[0])

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(slugs) == 40 and len(set(slugs)) == 40


def test_a_slug_once_given_stays_its_ids(make_store: StoreFactory) -> None:
    """slug_owners (schema 4): an id that moved on keeps its old slug reserved (its old
    folder may still be served), and gets it back if it returns to it."""
    store = make_store()
    assert store.claim("a", "first") == ("first", None)
    assert store.claim("a", "renamed") == ("renamed", "first")
    assert store.claim("b", "first") == ("first-2", None)  # not free: a had it
    assert store.claim("a", "first") == ("first", "renamed")
    assert store.claim("c", "renamed") == ("renamed-2", None)


def raw(make_store: StoreFactory, request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Runs one SQL statement on the store's own database, behind sharekit's back."""
    if request.node.callspec.params["make_store"] == "postgres":
        url = request.getfixturevalue("pg_url")

        def on_postgres(statement: str) -> None:
            psql(url, statement)

        return on_postgres
    path = request.getfixturevalue("tmp_path") / ".sharekit" / "store.sqlite"

    def run(statement: str) -> None:
        db = sqlite3.connect(path, isolation_level=None)
        try:
            db.execute(statement)
        finally:
            db.close()

    return run


def test_corrupt_rows_are_a_corrupt_store_not_a_crash(
    make_store: StoreFactory, request: pytest.FixtureRequest
) -> None:
    store = make_store()
    store.claim("a", "a")
    store.record_files("a", ["articles/a/head.html"])
    upsert_items(store, [item(1)])
    execute = raw(make_store, request)
    execute("UPDATE written SET files = '{\"not\": \"a list\"}' WHERE id = 'a'")
    execute("UPDATE feed_entries SET data = '[1, 2' WHERE id = 'post-1'")
    with pytest.raises(InputError, match="corrupt store: the files of id 'a' are not a JSON list"):
        store.stored("a")
    with pytest.raises(InputError, match="corrupt store: a feed entry does not read back"):
        stored_items(store)
    with pytest.raises(InputError, match="corrupt store: a feed entry does not read back"):
        upsert_items(store, [item(1)])


# --- PostgreSQL: schema versions, errors ---------------------------------------------


def psql(url: str, *statements: str) -> list[tuple[object, ...]]:
    import psycopg

    rows: list[tuple[object, ...]] = []
    with psycopg.connect(url, autocommit=True) as db:
        for statement in statements:
            cursor = db.execute(statement)  # type: ignore[call-overload]
            if cursor.description:
                rows = cursor.fetchall()
    return rows


def test_a_version_1_database_is_migrated_and_keeps_its_entries(pg_url: str) -> None:
    from sharekit.store._postgres import PostgresStore

    psql(
        pg_url, *PostgresStore.migration(0), "INSERT INTO store_meta VALUES ('schema_version', '1')"
    )
    with open_store(pg_url, "unused") as store:
        upsert_items(store, [item(1)])
    psql(pg_url, "DROP TABLE published", "UPDATE store_meta SET value = '1'")
    with open_store(pg_url, "unused") as store:
        assert store.entry_count() == 1
        assert store.claim("post-1", "headline") == ("headline", None)
    assert psql(pg_url, "SELECT value FROM store_meta WHERE key = 'schema_version'") == [
        (str(SCHEMA_VERSION),)
    ]


def test_a_version_2_database_gets_every_later_table_and_reserves_its_slugs(
    pg_url: str,
) -> None:
    """One migration history: 3 syndication, 4 slug_owners (filled from published), 5 objects."""
    from sharekit.store._postgres import PostgresStore

    psql(
        pg_url,
        *PostgresStore.migration(0),
        *PostgresStore.migration(1),
        "INSERT INTO store_meta VALUES ('schema_version', '2')",
        "INSERT INTO published VALUES ('old', 'kept', 'digest', '[]')",
    )
    with open_store(pg_url, "unused") as store:
        assert store.claim("new", "kept") == ("kept-2", None)
        # rows from before outputs were known are no out's (SPEC 8.2): written once more
        assert store.stored("old") == (None, [])
        store.output = ""
        assert store.stored("old") == ("digest", [])
        store.output = output_key("unused")
        store.queue_indexnow(["https://a.example/1"])
        store.record_objects([("feed.xml", "0" * 64)])
        assert store.object_digests(["feed.xml"]) == {"feed.xml": "0" * 64}
        assert store.sitemap_count() == 0 and store.posts() == []
    assert psql(pg_url, "SELECT slug, id FROM slug_owners ORDER BY slug") == [
        ("kept", "old"),
        ("kept-2", "new"),
    ]
    assert psql(pg_url, "SELECT value FROM store_meta WHERE key = 'schema_version'") == [
        (str(SCHEMA_VERSION),)
    ]


def test_a_sqlite_store_of_schema_4_is_migrated_to_5(tmp_path: Path) -> None:
    """What main's sharekit made before the objects table: its rows stay, objects appears."""
    folder = tmp_path / ".sharekit"
    folder.mkdir()
    db = sqlite3.connect(folder / "store.sqlite", isolation_level=None)
    for step in range(4):
        for statement in SQLiteStore.migration(step):
            db.execute(statement)
    db.execute("INSERT INTO store_meta VALUES ('schema_version', '4')")
    db.execute("INSERT INTO published VALUES ('old', 'kept', 'digest', '[]')")
    db.execute("INSERT INTO slug_owners VALUES ('kept', 'old')")
    db.close()
    with SQLiteStore(tmp_path) as store:
        assert store.stored("old") == ("digest", [])
        assert store.claim("new", "kept") == ("kept-2", None)
        store.record_objects([("feed.xml", "1" * 64)])
        assert store.object_digests(["feed.xml", "other"]) == {"feed.xml": "1" * 64}
    db = sqlite3.connect(folder / "store.sqlite")
    assert db.execute("SELECT value FROM store_meta").fetchall() == [(str(SCHEMA_VERSION),)]
    db.close()
    assert (
        SCHEMA_VERSION >= 9
    )  # redirects (8.4), post states (8.7), hook deliveries, per-out writes (8.2)


def test_another_programs_tables_are_refused_untouched(pg_url: str) -> None:
    psql(pg_url, "CREATE TABLE published (id TEXT PRIMARY KEY, title TEXT)")
    with pytest.raises(InputError) as caught:
        open_store(pg_url, "unused")
    assert str(caught.value) == (
        f"{pg_url}: not a sharekit store: table published lacks digest, files, slug"
        " (use another database or schema for a new store)"
    )
    assert psql(pg_url, "SELECT to_regclass('store_meta') IS NULL") == [(True,)]


def test_a_database_of_a_newer_sharekit_is_refused(pg_url: str, tmp_path: Path) -> None:
    open_store(pg_url, tmp_path).close()
    psql(pg_url, "UPDATE store_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(InputError) as caught:
        publish([record(1)], load_site(SITE), tmp_path, store=pg_url, workers=1)
    assert str(caught.value) == (
        f"{pg_url}: schema version 99 is newer than this sharekit ({SCHEMA_VERSION});"
        " upgrade sharekit"
    )
    assert not (tmp_path / "articles").exists()


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "sharekit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def test_cli_an_unreachable_database_exits_3_with_one_line(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql://sharekit:s3cret@127.0.0.1:{free_port()}/news"
    example = str(ROOT / "examples" / "article.json")
    result = cli("publish", example, "--out", "public", "--store", url, cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(
        f"sharekit: postgresql://sharekit@127.0.0.1:{url.split(':')[3]}: cannot reach the store:"
    ), result.stderr
    assert "s3cret" not in result.stderr
    assert not (tmp_path / "public" / "articles").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--store", "mysql://db/news"], "--store: not a store URL: 'mysql://db/news'"),
        (["--store", "redis://:pw@db/0"], "--store: not a store URL: 'redis://@db/0'"),
        (["--out", "s3://bucket/site"], "--store: a remote --out (s3://bucket/site) needs a store"),
        (["--executor", "ray://h:1"], "--executor: expected local or dask://HOST:PORT"),
    ],
    ids=["unknown-scheme", "password-hidden", "remote-out-without-store", "executor"],
)
def test_cli_bad_store_and_executor_options_exit_2_naming_the_option(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    example = str(ROOT / "examples" / "article.json")
    result = cli("publish", example, "--out", "public", *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert expected in result.stderr
    assert not (tmp_path / "public" / "articles").exists()


# --- publish through PostgreSQL --------------------------------------------------------


def feed_ids(path: Path) -> list[str]:
    return [entry["id"] for entry in json.loads(path.read_text())["items"]]


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".sharekit" not in p.parts
    }


def test_publish_into_postgres_writes_what_sqlite_writes(pg_url: str, tmp_path: Path) -> None:
    site = load_site(SITE)
    records = [record(n) for n in range(8)] + [record(9, title="Headline number 1")]
    local = publish(records, site, tmp_path / "local", workers=1)
    shared = publish(records, site, tmp_path / "pg", store=pg_url, workers=1)
    assert local.errors == shared.errors == []
    assert [a.slug for a in shared.written] == [a.slug for a in local.written]
    assert "headline-number-1-2" in {a.slug for a in shared.written}
    assert tree(tmp_path / "pg") == tree(tmp_path / "local")
    assert not (tmp_path / "pg" / ".sharekit" / "store.sqlite").exists()
    again = publish(records, site, tmp_path / "pg", store=pg_url, workers=1)
    assert len(again.unchanged) == 9 and again.feeds == []
    parsed = feedparser.parse((tmp_path / "pg" / "feed.xml").read_bytes())
    assert len(parsed.entries) == 9 and not parsed.bozo


def test_a_store_object_is_used_and_left_open(pg_url: str, tmp_path: Path) -> None:
    with open_store(pg_url, tmp_path) as store:
        report = publish([record(1)], load_site(SITE), tmp_path, store=store, workers=1)
        assert len(report.written) == 1
        assert store.stored("post-1")[0] is not None  # still open, and confirmed
    with open_store(pg_url, tmp_path) as other, FeedStore(tmp_path, store=other) as feeds:
        assert feeds.count() == 1


PUBLISHER = """
import sys
from sharekit import load_site, publish
site = load_site({site!r})
start, stop = int(sys.argv[1]), int(sys.argv[2])
records = [
    {{"id": f"post-{{n}}", "title": f"Headline {{n % 7}}", "section": "World",
      "published": f"2025-03-{{1 + n % 28:02d}}T10:00:00Z"}}
    for n in range(start, stop)
]
report = publish(records, site, sys.argv[3], store=sys.argv[4], workers=1)
assert not report.errors, report.errors
"""


def test_four_publishers_into_one_database_lose_nothing(pg_url: str, tmp_path: Path) -> None:
    """Overlapping ids and clashing titles from 4 processes at once: every id once,
    every slug distinct, every entry in the feed."""
    script = tmp_path / "publisher.py"
    script.write_text(PUBLISHER.format(site=SITE))
    out = tmp_path / "public"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    ranges = [(0, 40), (30, 70), (60, 100), (90, 130)]  # each overlaps the next by 10
    runs = [
        subprocess.Popen(
            [sys.executable, str(script), str(a), str(b), str(out), pg_url],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for a, b in ranges
    ]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    ids = feed_ids(out / "feed.json")
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 130
    slugs = psql(pg_url, "SELECT slug FROM published")
    assert len(slugs) == 130 and len(set(slugs)) == 130
    assert psql(pg_url, "SELECT count(*) FROM written WHERE digest IS NULL") == [(0,)]
    assert psql(pg_url, "SELECT count(*) FROM written") == [(130,)]
    for (slug,) in slugs:
        assert (out / "articles" / str(slug) / "manifest.json").is_file()


def test_the_database_restarted_mid_run(
    postgres: Postgres,
    pg_url: str,
    tmp_path: Path,
) -> None:
    """The run in flight fails naming the store (exit 3); the next completes, each article once."""
    site = load_site(SITE)
    records = [record(n) for n in range(10)]
    seen: list[object] = []

    def restart_after_three(result: object) -> None:
        seen.append(result)
        if len(seen) == 3:
            postgres.restart()

    with pytest.raises(NetworkError) as caught:
        publish(records, site, tmp_path, store=pg_url, workers=1, progress=restart_after_three)
    assert caught.value.exit_code == 3
    assert str(caught.value).startswith(f"{pg_url}: cannot reach the store:")
    report = publish(records, site, tmp_path, store=pg_url, workers=1)
    assert report.errors == []
    assert len(report.written) >= 7  # the 3 done before may be confirmed or redone
    ids = feed_ids(tmp_path / "feed.json")
    assert len(ids) == len(set(ids)) == 10
    assert len(publish(records, site, tmp_path, store=pg_url, workers=1).unchanged) == 10


def test_sqlite_is_still_the_default(tmp_path: Path) -> None:
    with open_store(None, tmp_path) as store:
        assert isinstance(store, SQLiteStore)
