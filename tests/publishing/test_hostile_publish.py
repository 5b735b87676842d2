"""Hostile input for publish, its paths and its store (issue 16, the publish half).

Each case runs the real CLI in a subprocess under a memory limit and a timeout
(tests/helpers_hostile.py) and checks the exit status, the one line on stderr,
that nothing was written outside --out, and that nothing already published was lost.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sharekit import load_site, publish
from tests.helpers_hostile import SRC, Outcome, assert_clean_failure, run_sharekit, tree

CONFIG = """\
[site]
name = "Hostile"
url = "https://example.com"

[card]
enabled = false
"""


def png(path: Path, size: tuple[int, int] = (1200, 630)) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (20, 90, 160)).save(path)
    return path


def record(index: int, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": f"post-{index}",
        "title": f"Headline number {index}",
        "published": f"2025-01-{1 + index % 28:02d}T09:00:00+00:00",
    }
    base.update(fields)
    return base


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site folder: sharekit.toml and an empty posts/ folder; publish runs from here."""
    folder = tmp_path / "site"
    (folder / "posts").mkdir(parents=True)
    (folder / "sharekit.toml").write_text(CONFIG)
    return folder


def write_posts(site: Path, *records: dict[str, object], name: str = "records.json") -> Path:
    path = site / "posts" / name
    path.write_text(json.dumps(list(records)))
    return path


def assert_record_refused(outcome: Outcome, *mentions: str) -> None:
    """A bad record is one warning line naming it (the others go on), then the summary; exit 2."""
    assert outcome.code == 2, outcome.stderr
    assert "Traceback" not in outcome.stderr, outcome.stderr
    warnings = [line for line in outcome.stderr_lines if line.startswith("sharekit: warning:")]
    assert len(warnings) == 1, outcome.stderr
    for text in mentions:
        assert text in warnings[0], warnings[0]
    assert outcome.stderr_lines[-1].startswith("sharekit: 0 written"), outcome.stderr


# --- 1. a record's local image stays in the record's folder and is an image ---------


@pytest.mark.parametrize(
    ("hero", "refusal"),
    [
        ("/etc/hostname", "outside the record's folder"),  # absolute, outside
        ("../../../../../../../../etc/hostname", "outside the record's folder"),  # climbs out
        ("../outside.png", "outside the record's folder"),  # a real image, beside the folder
        ("link.png", "outside the record's folder"),  # a link in the folder to a file outside
        ("dev.png", "not a regular file"),  # a link in the folder to /dev/zero
    ],
)
def test_a_hero_outside_the_records_folder_is_refused(site: Path, hero: str, refusal: str) -> None:
    png(site / "outside.png")
    (site / "posts" / "link.png").symlink_to(site / "outside.png")
    (site / "posts" / "dev.png").symlink_to("/dev/zero")
    write_posts(site, record(1, image={"path": hero, "alt": "x"}))
    outcome = run_sharekit("publish", "posts", "--out", "out", cwd=site)
    assert_record_refused(outcome, "image.path", refusal)
    assert not (site / "out" / "articles").exists()


def test_a_hero_that_is_a_fifo_or_a_folder_or_not_an_image_is_refused(site: Path) -> None:
    os.mkfifo(site / "posts" / "fifo.png")
    (site / "posts" / "folder.png").mkdir()
    (site / "posts" / "text.png").write_text("root:x:0:0:root:/root:/bin/bash\n")
    write_posts(
        site,
        record(1, image={"path": "fifo.png"}),
        record(2, image={"path": "folder.png"}),
        record(3, image={"path": "text.png"}),
        record(4),
    )
    outcome = run_sharekit("publish", "posts", "--out", "out", "--workers", "1", cwd=site)
    assert outcome.code == 2, outcome.stderr
    assert "Traceback" not in outcome.stderr
    lines = [line for line in outcome.stderr_lines if "warning" in line]
    assert len(lines) == 3, outcome.stderr
    assert "[0]: image.path: not a regular file" in lines[0]
    assert "[1]: image.path: not a regular file" in lines[1]
    assert "[2]: image.path: not an image" in lines[2]
    # the good record is published, the bad ones left nothing behind
    assert sorted(p.name for p in (site / "out" / "articles").iterdir()) == ["headline-number-4"]


@pytest.mark.parametrize("name", ["page.html", "icon.svg", "noext"])
def test_a_hero_is_served_only_under_an_image_name(site: Path, name: str) -> None:
    """The copy is served as hero.SUFFIX: a GIF that is also HTML must not become a page."""
    from PIL import Image

    Image.new("RGB", (1200, 630)).save(site / "posts" / name, format="GIF")
    write_posts(site, record(1, image={"path": name}))
    outcome = run_sharekit("publish", "posts", "--out", "out", cwd=site)
    assert_record_refused(outcome, "image.path", "expected a .jpg, .jpeg, .png, .gif, .webp file")
    assert not (site / "out" / "articles").exists()


def test_a_hero_anywhere_under_the_folder_walked_is_copied(site: Path) -> None:
    """`publish content` with content/posts/a.json naming ../images/x.png: the folder
    given is the records' folder (examples/ is laid out so)."""
    content = site / "content"
    png(content / "images" / "x.png")
    (content / "posts").mkdir()
    (content / "posts" / "a.json").write_text(
        json.dumps(record(1, image={"path": "../images/x.png"}))
    )
    outcome = run_sharekit("publish", "content", "--out", "out", cwd=site)
    assert outcome.code == 0, outcome.stderr
    assert (site / "out" / "articles" / "headline-number-1" / "hero.png").is_file()
    # the same file given alone: its folder is posts/, and ../images is outside it
    outcome = run_sharekit("publish", "content/posts/a.json", "--out", "out2", cwd=site)
    assert_record_refused(outcome, "image.path", "outside the record's folder")


def test_a_hero_inside_the_folder_or_the_assets_root_is_copied(site: Path) -> None:
    png(site / "posts" / "img" / "inside.png")
    png(site / "static" / "shared.png", (1000, 500))
    write_posts(
        site,
        record(1, image={"path": "img/inside.png"}),
        record(2, image={"path": "../static/shared.png"}),
    )
    refused = run_sharekit("publish", "posts", "--out", "out", cwd=site)
    assert refused.code == 2 and "[1]: image.path: " in refused.stderr
    config = site / "sharekit.toml"
    config.write_text(CONFIG + '\n[publish]\nassets_root = "static"\n')
    outcome = run_sharekit("publish", "posts", "--out", "out", cwd=site)
    assert outcome.code == 0, outcome.stderr
    hero = site / "out" / "articles" / "headline-number-2" / "hero.png"
    assert hero.read_bytes() == (site / "static" / "shared.png").read_bytes()


def test_an_article_built_in_python_is_checked_too(tmp_path: Path) -> None:
    """Article objects skip the record checks; publish checks the hero again when it copies."""
    import dataclasses

    from sharekit import load_article
    from sharekit.model import Image

    site = load_site({"site": {"name": "S", "url": "https://example.com"}})
    article = load_article(record(1), site)
    outside = png(tmp_path / "outside.png")
    article = dataclasses.replace(article, image=Image(path=outside, alt="x"))
    report = publish([article], site, tmp_path / "out", workers=1)
    assert [str(e) for e in report.errors] == [
        f"<record>: image.path: {outside} is outside the record's folder ({Path.cwd()});"
        " set [publish] assets_root to allow another folder"
    ]
    assert not (tmp_path / "out" / "articles").exists()


# --- 2. publish never writes outside --out ---------------------------------------


@pytest.mark.parametrize("link", ["articles/headline-number-1", "articles", "sections", "feed.xml"])
def test_links_inside_out_are_never_followed(site: Path, tmp_path: Path, link: str) -> None:
    (site / "sharekit.toml").write_text(CONFIG + "\n[feed]\nsections = true\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    out = site / "out"
    target = out / link
    target.parent.mkdir(parents=True, exist_ok=True)
    if link == "feed.xml":
        (elsewhere / "feed.xml").write_text("mine too")
        target.symlink_to(elsewhere / "feed.xml")
    else:
        target.symlink_to(elsewhere, target_is_directory=True)
    before = tree(elsewhere)
    write_posts(site, record(1, section="World"))
    outcome = run_sharekit("publish", "posts", "--out", "out", cwd=site)
    assert outcome.code == 2, outcome.stderr
    assert "Traceback" not in outcome.stderr
    refusals = [line for line in outcome.stderr_lines if "symbolic link" in line]
    assert len(refusals) == 1 and f"out/{link}" in refusals[0], outcome.stderr
    assert tree(elsewhere) == before
    assert (elsewhere / "keep.txt").read_text() == "mine"


def test_stale_files_are_never_removed_through_a_link(site: Path, tmp_path: Path) -> None:
    """A hashed card that changed name removes the old one: never through a link."""
    write_posts(site, record(1, image={"path": "a.png"}))
    png(site / "posts" / "a.png")
    assert run_sharekit("publish", "posts", "--out", "out", cwd=site).code == 0
    folder = site / "out" / "articles" / "headline-number-1"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "hero.png").write_text("not yours")
    for name in os.listdir(folder):
        (folder / name).unlink()
    folder.rmdir()
    folder.symlink_to(elsewhere, target_is_directory=True)
    write_posts(site, record(1))  # no hero now: the old hero.png is stale
    outcome = run_sharekit("publish", "posts", "--out", "out", cwd=site)
    assert outcome.code == 2 and "symbolic link" in outcome.stderr
    assert (elsewhere / "hero.png").read_text() == "not yours"


def test_a_symlinked_store_folder_is_refused(site: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site / "out").mkdir()
    (site / "out" / ".sharekit").symlink_to(elsewhere, target_is_directory=True)
    write_posts(site, record(1))
    outcome = run_sharekit("publish", "posts", "--out", "out", cwd=site)
    assert_clean_failure(outcome, 2, mentions="symbolic link")
    assert list(elsewhere.iterdir()) == []


# --- 3. data loss -----------------------------------------------------------------


def test_a_slug_once_used_by_an_id_stays_reserved(tmp_path: Path) -> None:
    site, out = load_site({"site": {"name": "S", "url": "https://example.com"}}), tmp_path / "o"
    publish([record(1, slug="old")], site, out, workers=1)
    publish([record(1, slug="new")], site, out, workers=1)  # post-1 moved; articles/old stays
    report = publish([record(2, slug="old")], site, out, workers=1)
    assert [a.slug for a in report.written] == ["old-2"]
    manifest = json.loads((out / "articles" / "old" / "manifest.json").read_text())
    assert manifest["id"] == "post-1"
    # and the id that had it may have it back
    report = publish([record(1, slug="old")], site, out, workers=1)
    assert [a.slug for a in report.written] == ["old"]


@pytest.mark.parametrize("slug", ["a_b", "x_", "_", "a-b_c", "a__b"])
def test_slugs_with_like_wildcards_number_cleanly(tmp_path: Path, slug: str) -> None:
    site, out = load_site({"site": {"name": "S", "url": "https://example.com"}}), tmp_path / "o"
    records = [record(i, slug=slug) for i in range(7)]
    for _ in range(2):
        report = publish(records, site, out, workers=1)
        assert report.errors == []
    slugs = [a.slug for a in report.articles]
    assert slugs == [slug, *(f"{slug}-{n}" for n in range(2, 8))]
    assert (out / "feed.xml").is_file()


def test_the_store_numbers_any_slug_characters(tmp_path: Path) -> None:
    """Records allow few slug characters; the store itself must not care (LIKE wildcards)."""
    from sharekit.store._sqlite import SQLiteStore

    with SQLiteStore(tmp_path) as store:
        for wanted in ["a_b", "a%b", "a\\b", "%", "_", "a\\%", "a-2_"]:
            slugs = [store.claim(f"{wanted}/{i}", wanted)[0] for i in range(30)]
            assert slugs == [wanted, *(f"{wanted}-{n}" for n in range(2, 31))]
            again = [store.claim(f"{wanted}/{i}", wanted)[0] for i in range(30)]
            assert again == slugs


def test_the_same_id_twice_in_one_batch_is_refused_clearly(site: Path) -> None:
    """The second occurrence is refused and named; page and feed both show the first."""
    records = [record(i) for i in range(12)]
    records.insert(9, record(3, title="Second version of three"))
    write_posts(site, *records)
    outcome = run_sharekit("publish", "posts", "--out", "out", "--workers", "2", cwd=site)
    assert outcome.code == 2
    warnings = [line for line in outcome.stderr_lines if "warning" in line]
    assert len(warnings) == 1
    assert "records.json[9]: id: " in warnings[0] and "records.json[3]" in warnings[0]
    head = (site / "out" / "articles" / "headline-number-3" / "head.html").read_text()
    assert "Headline number 3" in head
    feed = json.loads((site / "out" / "feed.json").read_text())
    titles = {item["id"]: item["title"] for item in feed["items"]}
    assert "Second version of three" not in titles.values()
    assert not (site / "out" / "articles" / "second-version-of-three").exists()


def test_publish_does_not_read_its_own_output(site: Path) -> None:
    write_posts(site, record(1), record(2))
    for _ in range(2):
        outcome = run_sharekit("publish", ".", "--out", "public", cwd=site)
        assert outcome.code == 0, outcome.stderr
        assert "2 written" in outcome.stderr or "2 unchanged" in outcome.stderr
    # another publish's output under the records is skipped too
    outcome = run_sharekit("publish", ".", "--out", "elsewhere", cwd=site)
    assert outcome.code == 0, outcome.stderr
    assert sorted(os.listdir(site / "elsewhere" / "articles")) == [
        "headline-number-1",
        "headline-number-2",
    ]
    inside = run_sharekit("publish", "public/articles", "--out", "public", cwd=site)
    assert_record_refused(inside, "public/articles: ", "inside the output folder")


# --- 4. processes -------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    """Every descendant of pid (from /proc), the resource tracker included."""
    found: set[int] = set()
    parents = {pid}
    for _ in range(4):
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid in parents:
                found.add(int(entry))
        parents = parents | found
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_slow_publish(site: Path) -> tuple[subprocess.Popen[bytes], set[int]]:
    """A two-worker publish of many carded records, stopped once its workers run."""
    (site / "sharekit.toml").write_text(CONFIG.replace("enabled = false", "enabled = true"))
    write_posts(site, *(record(i) for i in range(400)))
    process = subprocess.Popen(
        [sys.executable, "-m", "sharekit", "publish", "posts", "--out", "out", "--workers", "2"],
        cwd=site,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = _children(process.pid)
        if len(children) >= 3 and (site / "out" / "articles").is_dir():
            return process, children
        time.sleep(0.1)
    process.kill()
    process.communicate()
    pytest.fail("publish did not start its workers")


def _wait_gone(pids: set[int], seconds: float = 20) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)
    return {pid for pid in pids if _alive(pid)}


def _kill_left(children: set[int]) -> set[int]:
    """The children still alive after a while; killed, so a failing test leaks nothing."""
    left = _wait_gone(children)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_killing_publish_kills_its_workers_and_resource_tracker(site: Path) -> None:
    process, children = _start_slow_publish(site)
    try:
        process.kill()
        process.wait(timeout=60)
    finally:
        left = _kill_left(children)
        process.communicate()
    assert left == set()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_sigterm_stops_publish_cleanly(site: Path) -> None:
    process, children = _start_slow_publish(site)
    try:
        process.terminate()
        process.wait(timeout=60)
    finally:
        left = _kill_left(children)
        _, stderr = process.communicate()
    assert left == set()
    lines = [line for line in stderr.decode().splitlines() if line.strip()]
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert lines == ["sharekit: stopped by SIGTERM; run publish again to finish"], stderr
    # the store is consistent: the next run finishes the job
    outcome = run_sharekit(
        "publish", "posts", "--out", "out", "--workers", "2", cwd=site, timeout=600
    )
    assert outcome.code == 0, outcome.stderr
    assert len(os.listdir(site / "out" / "articles")) == 400


# --- 5. the store -------------------------------------------------------------------


def _published_once(site: Path) -> dict[str, int]:
    write_posts(site, record(1), record(2))
    assert run_sharekit("publish", "posts", "--out", "out", cwd=site).code == 0
    return {k: v for k, v in tree(site / "out").items() if ".sharekit" not in k}


def _store(site: Path) -> Path:
    return site / "out" / ".sharekit" / "store.sqlite"


def _rerun_fails_cleanly(site: Path, before: dict[str, int], mentions: str) -> None:
    write_posts(site, record(1, title="Changed"), record(2), record(3))
    outcome = run_sharekit("publish", "posts", "--out", "out", cwd=site)
    assert_clean_failure(outcome, 2, mentions=mentions)
    after = {k: v for k, v in tree(site / "out").items() if ".sharekit" not in k}
    assert set(before) <= set(after)  # a run stopped midway may have added, never removed
    for name in ("feed.xml", "atom.xml", "feed.json"):
        assert after[name] > 0


def _remove_wal(site: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(_store(site)) + suffix).unlink(missing_ok=True)


def test_a_corrupt_store_is_one_line(site: Path) -> None:
    before = _published_once(site)
    _remove_wal(site)
    data = _store(site).read_bytes()
    _store(site).write_bytes(data[:100] + b"\xff" * 4000 + data[4100:])
    _rerun_fails_cleanly(site, before, "store.sqlite")


def test_a_truncated_store_is_one_line(site: Path) -> None:
    before = _published_once(site)
    _remove_wal(site)
    _store(site).write_bytes(_store(site).read_bytes()[:1500])
    _rerun_fails_cleanly(site, before, "store.sqlite")


def test_a_foreign_store_is_one_line(site: Path) -> None:
    before = _published_once(site)
    _remove_wal(site)
    _store(site).unlink()
    with sqlite3.connect(_store(site)) as db:
        db.execute("CREATE TABLE published (id INTEGER, name TEXT)")
    _rerun_fails_cleanly(site, before, "not a sharekit store")


def test_a_newer_store_is_one_line(site: Path) -> None:
    before = _published_once(site)
    with sqlite3.connect(_store(site)) as db:
        db.execute("UPDATE store_meta SET value = '99' WHERE key = 'schema_version'")
    _rerun_fails_cleanly(site, before, "schema version 99 is newer")


@pytest.mark.parametrize("files", ["{not json", '{"a": 1}', "[1, 2]"])
def test_bad_json_in_the_store_is_one_line(site: Path, files: str) -> None:
    before = _published_once(site)
    with sqlite3.connect(_store(site)) as db:
        db.execute("UPDATE written SET files = ?", (files,))
    _rerun_fails_cleanly(site, before, "store.sqlite")


def test_a_bad_feed_entry_in_the_store_is_one_line(site: Path) -> None:
    before = _published_once(site)
    with sqlite3.connect(_store(site)) as db:
        db.execute("UPDATE feed_entries SET data = '{\"id\": 3}'")
    _rerun_fails_cleanly(site, before, "store.sqlite")


def test_a_journal_mode_that_cannot_be_set_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite answers PRAGMA journal_mode with the mode it kept, and raises nothing."""
    from sharekit.errors import InputError
    from sharekit.store import _sqlite as store_module

    monkeypatch.setattr(store_module, "_JOURNAL_MODE", "wal2")  # unknown: SQLite keeps "delete"
    with pytest.raises(InputError, match="journal mode"):
        store_module.SQLiteStore(tmp_path)


def _mount_tmpfs(path: Path, options: str) -> None:
    path.mkdir(exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.decode().strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> object:
    mount = tmp_path / "disk"
    _mount_tmpfs(mount, "size=16m")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_named_and_loses_nothing(site: Path, small_disk: Path) -> None:
    import random

    out = small_disk / "out"
    write_posts(site, record(1), record(2))
    assert run_sharekit("publish", "posts", "--out", out, cwd=site).code == 0
    before = {k: v for k, v in tree(out).items() if ".sharekit" not in k}
    noise = random.Random(16).randbytes
    filler = small_disk / "filler"
    try:
        with filler.open("wb") as handle:
            while True:
                handle.write(noise(16384))
                handle.flush()
    except OSError:
        pass
    big = "".join(random.Random(1).choice("abcdefghij ") for _ in range(6_000))
    write_posts(
        site, record(1, title="Changed"), *(record(i, description=big) for i in range(2, 30))
    )
    outcome = run_sharekit("publish", "posts", "--out", out, cwd=site)
    assert outcome.code == 2, outcome.stderr
    assert "Traceback" not in outcome.stderr and "rollback" not in outcome.stderr
    assert "No space left on device" in outcome.stderr or "disk is full" in outcome.stderr
    filler.unlink()
    for name in before:
        assert (out / name).exists(), name
        if name.endswith(("feed.xml", "feed.json", "atom.xml")):
            assert (out / name).stat().st_size > 0
    # once there is room again, the next run completes
    outcome = run_sharekit("publish", "posts", "--out", out, cwd=site)
    assert outcome.code == 0, outcome.stderr


def test_a_read_only_out_is_one_line(site: Path, tmp_path: Path) -> None:
    mount = tmp_path / "ro"
    _mount_tmpfs(mount, "size=4m")
    try:
        out = mount / "out"
        write_posts(site, record(1), record(2))
        assert run_sharekit("publish", "posts", "--out", out, cwd=site).code == 0
        before = tree(out)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        write_posts(site, record(1, title="Changed"), record(2))
        outcome = run_sharekit("publish", "posts", "--out", out, cwd=site)
        assert_clean_failure(outcome, 2, mentions="read-only")
        assert tree(out) == before
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
