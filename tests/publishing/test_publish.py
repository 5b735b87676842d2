"""Publish (SPEC 2.6): the output tree, idempotence, slugs per id, batches, concurrency."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import sharekit
from sharekit import load_site, publish
from tests.conftest import EXAMPLES, SEED

SITE = {
    "site": {
        "name": "View Us Global",
        "url": "https://www.viewusglobal.com",
        "timezone": "Asia/Seoul",
    }
}


def record(index: int, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": f"post-{index}",
        "title": f"Headline number {index}",
        "section": "World" if index % 2 else "Culture",
        "published": f"2025-01-{1 + index % 28:02d}T09:00:00+09:00",
        "author": "Daniel Kim",
    }
    base.update(fields)
    return base


def tree(root: Path) -> dict[str, tuple[int, str]]:
    """Every file under root (but the store) with its mtime and content hash."""
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".sharekit" not in p.parts
    }


def test_output_tree_for_the_seed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = publish(SEED, load_site(), out)
    assert report.errors == [] and len(report.written) == 1
    slug = "russia-calls-out-fake-news-on-north-korean-troops-but-us-sees-signs"
    folder = out / "articles" / slug
    for name in ("card.png", "head.html", "share.html", "manifest.json"):
        assert (folder / name).is_file(), name
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["slug"] == slug
    for entry in manifest["files"]:
        data = (out / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    card = next(e for e in manifest["files"] if e["path"].endswith("card.png"))
    assert (card["width"], card["height"], card["media_type"]) == (1200, 630, "image/png")
    assert card["alt"].startswith("Russia Calls Out")
    head = (folder / "head.html").read_text()
    assert f"https://www.viewusglobal.com/articles/{slug}/card.png" in head
    for feed in ("feed.xml", "atom.xml", "feed.json"):
        assert (out / feed).is_file(), feed
    assert (out / "sections/world/feed.xml").is_file()
    assert (out / ".sharekit/store.sqlite").is_file()


def test_idempotent_no_byte_and_no_mtime_changes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = load_site(SITE)
    records = [record(i) for i in range(4)]
    first = publish(records, site, out, workers=1)
    assert len(first.written) == 4
    before = tree(out)
    again = publish(records, site, out, workers=1)
    assert len(again.unchanged) == 4 and again.written == [] and again.feeds == []
    assert tree(out) == before


def test_updated_record_replaces_outputs_and_feed_entry(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = load_site(SITE)
    publish([record(1, slug="story")], site, out, workers=1)
    card_before = (out / "articles/story/card.png").read_bytes()
    corrected = record(
        1, slug="story", title="A corrected headline", updated="2025-02-01T09:00:00+09:00"
    )
    report = publish([corrected], site, out, workers=1)
    assert [(a.status, a.slug, a.old_slug) for a in report.articles] == [("written", "story", None)]
    assert (out / "articles/story/card.png").read_bytes() != card_before
    assert "A corrected headline" in (out / "articles/story/head.html").read_text()
    atom = ET.parse(out / "atom.xml").getroot()
    entries = list(atom.iter("{http://www.w3.org/2005/Atom}entry"))
    assert [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries] == [
        "A corrected headline"
    ]


def test_headline_change_without_a_slug_moves_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = load_site(SITE)
    publish([record(1)], site, out, workers=1)
    report = publish([record(1, title="A corrected headline")], site, out, workers=1)
    (moved,) = report.moved
    assert (moved.old_slug, moved.slug) == ("headline-number-1", "a-corrected-headline")
    feed = json.loads((out / "feed.json").read_text())
    assert [item["title"] for item in feed["items"]] == ["A corrected headline"]  # replaced by id


def test_slug_change_is_reported_and_old_folder_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = load_site(SITE)
    publish([record(1, slug="old-name")], site, out, workers=1)
    report = publish([record(1, slug="new-name")], site, out, workers=1)
    (moved,) = report.moved
    assert (moved.old_slug, moved.slug) == ("old-name", "new-name")
    assert (out / "articles/old-name/manifest.json").is_file()
    assert (out / "articles/new-name/manifest.json").is_file()


def test_two_ids_never_share_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = load_site({"site": {**SITE["site"], "permalink": "/{year}/{slug}/"}})
    report = publish(
        [record(1, title="Same headline"), record(2, title="Same headline")], site, out, workers=1
    )
    assert [a.slug for a in report.articles] == ["same-headline", "same-headline-2"]
    head = (out / "articles/same-headline-2/head.html").read_text()
    assert "https://www.viewusglobal.com/2025/same-headline-2/" in head
    again = publish([record(2, title="Same headline")], site, out, workers=1)
    assert again.articles[0].slug == "same-headline-2" and again.articles[0].status == "unchanged"


def test_bad_records_are_named_and_skipped(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    lines = [
        record(1),
        {"title": "no date", "published": "yesterday"},
        record(3),
        {"titel": "typo"},
    ]
    batch.write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    report = publish(batch, load_site(SITE), tmp_path / "out", workers=1)
    assert len(report.written) == 2
    assert [str(e) for e in report.errors] == [
        f'{batch}:2: published: not an ISO 8601 date: "yesterday"',
        f'{batch}:4: titel: unknown field; did you mean "title"?',
    ]
    assert report.exit_code == 2


def test_parallel_gives_the_same_bytes_as_serial(tmp_path: Path) -> None:
    site = load_site(SITE)
    records = [record(i) for i in range(6)]
    publish(records, site, tmp_path / "one", workers=1)
    publish(records, site, tmp_path / "two", workers=2)
    one = {k: v[1] for k, v in tree(tmp_path / "one").items()}
    two = {k: v[1] for k, v in tree(tmp_path / "two").items()}
    assert one == two


def test_a_render_failure_in_a_worker_spares_the_others(tmp_path: Path) -> None:
    """Workers render articles in chunks: one failing article costs only itself."""
    hero = Path.cwd() / "hero.jpg"
    hero.write_text("not a JPEG")  # passes the load; fails in the worker, where it is read
    records = [record(i) for i in range(11)]
    for bad in (2, 5, 10):
        records[bad]["image"] = {"path": str(hero), "alt": "unreadable"}
    reports = {n: publish(records, load_site(SITE), tmp_path / f"w{n}", workers=n) for n in (1, 2)}
    for report in reports.values():
        assert sorted(a.id for a in report.written) == sorted(
            f"post-{i}" for i in range(11) if i not in (2, 5, 10)
        )
        assert [str(e) for e in report.errors] == [
            f"<record>: image.path: not an image: {hero}; expected JPEG, PNG, GIF or WebP"
        ] * 3
        assert report.exit_code == 2
    one = {k: v[1] for k, v in tree(tmp_path / "w1").items()}
    two = {k: v[1] for k, v in tree(tmp_path / "w2").items()}
    assert one == two


def test_a_run_stopped_before_the_feeds_is_redone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Digests are kept only once the feed entries are in: otherwise a run
    stopped between the files and the feeds would leave those articles out of
    the feeds for good (the next run would call them unchanged)."""
    module = sys.modules["sharekit.publishing._run"]
    site, out = load_site(SITE), tmp_path / "out"
    records = [record(i) for i in range(3)]

    def stopped(*args: object) -> list[Path]:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(module, "update_feeds", stopped)
        with pytest.raises(KeyboardInterrupt):
            publish(records, site, out, workers=1)
    assert not (out / "feed.xml").exists()
    again = publish(records, site, out, workers=1)
    assert len(again.written) == 3 and again.unchanged == []
    titles = [e.findtext("title") for e in ET.parse(out / "feed.xml").iter("item")]
    assert sorted(titles) == [f"Headline number {i}" for i in range(3)]
    assert len(publish(records, site, out, workers=1).unchanged) == 3


def test_every_example_publishes(tmp_path: Path) -> None:
    report = publish(EXAMPLES, load_site(), tmp_path / "out", workers=2)
    assert report.errors == []
    assert len(report.written) == len(list(sharekit.load_articles(EXAMPLES)))


def test_hashed_names_remove_the_stale_card(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = load_site({**SITE, "card": {"hashed_names": True}})
    first = publish([record(1, slug="story")], site, out, workers=1)
    old_card = next(f for f in first.articles[0].files if "/card-" in f)
    second = publish([record(1, slug="story", title="New title, new card")], site, out, workers=1)
    new_card = next(f for f in second.articles[0].files if "/card-" in f)
    assert old_card != new_card
    assert not (out / old_card).exists() and (out / new_card).is_file()


def test_local_hero_and_logo_are_copied(tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "img").mkdir()
    Image.new("RGB", (1600, 900), "#336699").save(tmp_path / "img/hero.jpg")
    Image.new("RGBA", (200, 60), "#ffffff").save(tmp_path / "logo.png")
    post = tmp_path / "post.json"
    post.write_text(json.dumps(record(1, image={"path": "img/hero.jpg", "alt": "A blue field"})))
    config = tmp_path / "sharekit.toml"
    config.write_text('[site]\nname = "X"\nurl = "https://x.example"\nlogo = "logo.png"\n')
    out = tmp_path / "out"
    report = publish(post, load_site(config), out, workers=1)
    assert report.errors == []
    slug = report.articles[0].slug
    assert (out / f"articles/{slug}/hero.jpg").read_bytes() == (
        tmp_path / "img/hero.jpg"
    ).read_bytes()
    assert (out / "assets/logo.png").is_file()


def test_concurrent_publishers_lose_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = tmp_path / "sharekit.toml"
    config.write_text(
        '[site]\nname = "X"\nurl = "https://x.example"\n[feed]\nmax_items = 500\n[card]\nenabled = false\n'
    )
    batches = []
    for worker in range(4):
        path = tmp_path / f"batch{worker}.jsonl"
        path.write_text("\n".join(json.dumps(record(worker * 100 + i)) for i in range(10)) + "\n")
        batches.append(path)
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    procs = [
        subprocess.Popen([sys.executable, "-m", "sharekit", "--config", str(config), "publish", str(b),
                          "--out", str(out), "--workers", "1", "--quiet"], env=env, stderr=subprocess.PIPE)
        for b in batches
    ]  # fmt: skip
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    feed = json.loads((out / "feed.json").read_text())
    assert len(feed["items"]) == 40
    assert len({item["id"] for item in feed["items"]}) == 40
    assert len(list((out / "articles").iterdir())) == 40


def test_cli_publish_exit_status_and_summary(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "T", "url": "https://x.example/", "published": "nope"}')
    result = subprocess.run([sys.executable, "-m", "sharekit", "publish", str(SEED), str(bad), "--out",
                             str(tmp_path / "out"), "--workers", "1"], capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 2
    assert f'{bad}: published: not an ISO 8601 date: "nope"' in result.stderr
    assert "1 written, 0 unchanged, 1 failed" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("workers", "tuned"), [(1, True), (2, False)])
def test_publish_tunes_the_memory_of_its_process_when_it_renders_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int, tuned: bool
) -> None:
    """With one worker every card is drawn in the calling process (see test_malloc.py)."""
    from sharekit.publishing import _malloc

    calls: list[None] = []
    monkeypatch.setattr(_malloc, "keep_freed_memory", lambda: calls.append(None))
    publish([], load_site(SITE), tmp_path / "out", workers=workers)  # no records: no worker
    assert calls == ([None] if tuned else [])


def test_a_script_without_a_main_guard_gets_a_clear_error(tmp_path: Path) -> None:
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import sharekit\n"
        f"sharekit.publish([{{'title': 'T', 'url': 'https://x.example/t'}}], sharekit.load_site(), {str(tmp_path / 'out')!r}, workers=2)\n"
    )
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode != 0
    assert 'if __name__ == "__main__":' in result.stderr


def test_a_run_stopped_by_an_error_stops_its_workers_and_closes_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    from sharekit.store._sqlite import SQLiteStore

    claim, close = SQLiteStore.claim, SQLiteStore.close
    closed: list[SQLiteStore] = []

    def failing_claim(self: SQLiteStore, article_id: str, wanted: str) -> tuple[str, str | None]:
        if article_id == "post-9":  # chunks are in the pool by then
            raise sharekit.InputError(self.name, None, "cannot use the store: disk I/O error")
        return claim(self, article_id, wanted)

    def recorded_close(self: SQLiteStore) -> None:
        closed.append(self)
        close(self)

    monkeypatch.setattr(SQLiteStore, "claim", failing_claim)
    monkeypatch.setattr(SQLiteStore, "close", recorded_close)
    site = load_site({**SITE, "card": {"enabled": False}})
    with pytest.raises(sharekit.InputError, match="disk I/O error"):
        publish([record(i) for i in range(12)], site, tmp_path / "out", workers=2)
    assert len(closed) == 1
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "out" / "feed.xml").exists()
