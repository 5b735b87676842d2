"""Hostile input against the core's trust rules (SPEC 8.2, issue 27), through the real CLI.

Every case runs ``python -m sharekit`` in a subprocess under a memory limit
and a timeout (tests/helpers_hostile.py) and asserts what an operator can
act on: exit 2 (bad input) or 3 (network or store), one line on stderr, no
traceback, no secret in any output in any escaped form, nothing written
where it was not asked. Each failed before its fix (exit 70, a secret
printed, a stray folder, a silent skip).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.helpers_hostile import Outcome, assert_clean_failure, run_sharekit, tree
from tests.helpers_servers import free_port, syndication_stand_in
from tests.helpers_syndicate import MASTODON_TOKEN, Fault

GOOD = {
    "id": "a-1",
    "title": "A fine headline",
    "url": "https://news.example/a",
    "published": "2024-10-24",
}
PASSWORD = "Pw-Zq81-never-shown"
KEY = "k" * 20 + "-signing-key-never-shown"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "a.json").write_text(json.dumps(GOOD))
    return tmp_path


def _forms(secret: str) -> list[str]:
    forms = [secret, repr(secret)[1:-1], json.dumps(secret)[1:-1], quote(secret, safe="")]
    forms += [part for part in secret.replace("\\", " ").split() if len(part) >= 8]
    return forms


def assert_no_secret(secret: str, *texts: str) -> None:
    for text in texts:
        for form in _forms(secret):
            assert form not in text, (form, text[-2000:])


def _both(site: Path, *args: str, env: dict[str, str] | None = None) -> tuple[Outcome, Outcome]:
    """The command, then again with --debug: the traceback is added, the status kept."""
    plain = run_sharekit(*args, cwd=site, env=env)
    debug = run_sharekit("--debug", *args, cwd=site, env=env)
    assert debug.code == plain.code, (plain.stderr, debug.stderr)
    return plain, debug


# --- store URLs: one line, exit 2 for a bad URL, 3 when unreachable, never the password ----


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u@[::1:5432/db",
        "postgresql://u@127.0.0.1:99999/db",
        "postgresql://u:" + PASSWORD + "@[::1:5432/db",
        "postgresql://u@127.0.0.1:0/db",
        "mysql://u:" + PASSWORD + "@127.0.0.1/db",
        "host=127.0.0.1 password=" + PASSWORD + " dbname=x",
        "host=127.0.0.1 password='" + PASSWORD + "' dbname=x",
    ],
)
def test_a_malformed_store_url_is_exit_2_in_one_line_without_its_password(
    site: Path, url: str
) -> None:
    plain, debug = _both(site, "publish", "a.json", "--out", "out", "--store", url)
    assert_clean_failure(plain, 2, mentions="--store")
    assert debug.code == 2 and "Traceback" in debug.stderr
    assert_no_secret(PASSWORD, plain.stderr, debug.stderr, plain.stdout)
    assert not (site / "out" / "articles").exists()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://sharekit:{pw}@127.0.0.1:{port}/db",
        "postgresql://sharekit@127.0.0.1:{port}/db?password={pw}",
        "postgresql://sharekit@127.0.0.1:{port}/db?sslmode=disable&password={qpw}",
    ],
)
def test_an_unreachable_store_is_exit_3_and_never_shows_its_password(site: Path, url: str) -> None:
    secret = PASSWORD + "\n/%&"  # escaped by every layer differently
    url = url.format(pw=quote(secret, safe=""), qpw=quote(secret, safe=""), port=free_port())
    plain, debug = _both(site, "publish", "a.json", "--out", "out", "--store", url)
    assert_clean_failure(plain, 3, mentions="cannot reach the store")
    assert debug.code == 3
    assert_no_secret(secret, plain.stderr, debug.stderr)
    assert_no_secret(PASSWORD, plain.stderr, debug.stderr)


def test_a_store_password_in_the_config_is_never_shown(site: Path) -> None:
    url = f"postgresql://sharekit:{PASSWORD}@127.0.0.1:{free_port()}/db"
    (site / "sharekit.toml").write_text(f'[publish]\nstore = "{url}"\n')
    plain, debug = _both(site, "publish", "a.json", "--out", "out")
    assert_clean_failure(plain, 3)
    assert_no_secret(PASSWORD, plain.stderr, debug.stderr)


def test_database_does_not_exist_and_a_bad_sslmode_are_bad_input(site: Path, pg_url: str) -> None:
    missing = pg_url.rsplit("/", 1)[0] + "/no_such_database"
    outcome = run_sharekit("publish", "a.json", "--out", "out", "--store", missing, cwd=site)
    assert_clean_failure(outcome, 2, mentions="does not exist")
    bad_mode = pg_url + "?sslmode=bogus"
    outcome = run_sharekit("publish", "a.json", "--out", "out", "--store", bad_mode, cwd=site)
    assert_clean_failure(outcome, 2, mentions="sslmode")


# --- configuration and environment secrets ---------------------------------------------------


@pytest.mark.parametrize(
    "table",
    [
        f'[serve]\nsecret_keys = [["{KEY}"]]\n',
        f'[serve]\nsecret_keys = "{KEY}"\n',
        f'[serve]\nsecret_keys = [{{k = "{KEY}"}}]\n',
        f'[syndicate.mastodon]\ninstance = "https://m.example"\ntoken = ["{KEY}"]\n',
        f'[syndicate]\nfacebook_token = {{t = "{KEY}"}}\n',
        f'[publish]\nstore = ["postgresql://u:{KEY}@h/db"]\n',
    ],
)
def test_a_secret_of_the_wrong_type_is_named_not_shown(site: Path, table: str) -> None:
    (site / "sharekit.toml").write_text(table)
    plain, debug = _both(site, "meta", "a.json")
    assert_clean_failure(plain, 2, mentions="expected")
    assert_no_secret(KEY, plain.stderr, debug.stderr, plain.stdout)


def test_serve_workers_have_a_maximum(site: Path) -> None:
    (site / "sharekit.toml").write_text("[serve]\nworkers = 100000\n")
    assert_clean_failure(run_sharekit("meta", "a.json", cwd=site), 2, mentions="serve.workers")
    outcome = run_sharekit("serve", "--workers", "100000", cwd=site, timeout=20)
    assert outcome.code == 2 and "Traceback" not in outcome.stderr


def test_non_utf8_bytes_in_the_secret_key_are_bad_input_naming_the_variable(site: Path) -> None:
    env = {"SHAREKIT_SECRET_KEY": "x" * 40 + "\udcff\udcfe"}  # raw bytes 0xff 0xfe
    outcome = run_sharekit("serve", "--port", str(free_port()), cwd=site, env=env, timeout=20)
    assert_clean_failure(outcome, 2, mentions="SHAREKIT_SECRET_KEY")


def test_non_utf8_bytes_in_a_token_variable_are_bad_input_naming_it(site: Path) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"  # nothing listens: no packet leaves
    (site / "sharekit.toml").write_text(f'[syndicate.mastodon]\ninstance = "{nowhere}"\n')
    env = {"SHAREKIT_MASTODON_TOKEN": "tok-\udcff-en"}
    outcome = run_sharekit("syndicate", "a.json", "--out", "out", cwd=site, env=env)
    assert_clean_failure(outcome, 2, mentions="SHAREKIT_MASTODON_TOKEN")
    outcome = run_sharekit("publish", "a.json", "--out", "out", cwd=site, env=env)
    assert outcome.code == 2 and "Traceback" not in outcome.stderr, outcome.stderr


def test_a_token_with_a_newline_is_never_printed_nor_stored(site: Path) -> None:
    """requests quoted the header value (the token, escaped) in its error."""
    token = MASTODON_TOKEN + "\nsecond-line-of-token"
    out = site / "out"
    out.mkdir()
    with syndication_stand_in(out) as service:
        (site / "sharekit.toml").write_text(
            f'[site]\nurl = "{service.url}"\n[network]\nallow_private = true\ntimeout = 2\n'
            f'[syndicate.mastodon]\ninstance = "{service.url}"\ntoken = {json.dumps(token)}\n'
        )
        record = {**GOOD, "url": f"{service.url}/a/"}
        (site / "a.json").write_text(json.dumps(record))
        plain, debug = _both(site, "syndicate", "a.json", "--out", "out")
    assert plain.code == 3 and "Traceback" not in plain.stderr
    with sqlite3.connect(out / ".sharekit/store.sqlite") as db:
        stored = "\n".join(db.iterdump())
    assert "mastodon" in plain.stdout and "header" in plain.stdout
    assert_no_secret(token, plain.stdout, plain.stderr, debug.stdout, debug.stderr, stored)
    assert_no_secret(MASTODON_TOKEN, plain.stdout, plain.stderr, debug.stderr, stored)


def test_a_deeply_nested_json_answer_fails_the_post_not_the_run(site: Path) -> None:
    out = site / "out"
    out.mkdir()
    with syndication_stand_in(out) as service:
        deep = b"[" * 200_000 + b"]" * 200_000
        service.faults["mastodon"] = [Fault(200, {}, b'{"id": ' + deep + b"}")]
        (site / "sharekit.toml").write_text(
            f'[site]\nurl = "{service.url}"\n[network]\nallow_private = true\ntimeout = 2\n'
            f'[syndicate.mastodon]\ninstance = "{service.url}"\n'
        )
        (site / "a.json").write_text(json.dumps({**GOOD, "url": f"{service.url}/a/"}))
        env = {"SHAREKIT_MASTODON_TOKEN": MASTODON_TOKEN}
        outcome = run_sharekit("syndicate", "a.json", "--out", "out", cwd=site, env=env)
    assert outcome.code == 3 and "Traceback" not in outcome.stderr, outcome.stderr
    [line] = [json.loads(line) for line in outcome.stdout.splitlines()]
    assert line["status"] == "failed" and "nested deeper" in line["error"]
    with sqlite3.connect(out / ".sharekit/store.sqlite") as db:
        assert db.execute("SELECT status FROM posts").fetchall() == [("failed",)]


# --- outputs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "mentions"),
    [
        ("file://otherhost/tmp/x", "another host"),
        ("file://out", "another host"),
        ("file://localhost", "needs a folder"),
        ("file://", "needs a folder"),
        ("FILE://Other.Host/x", "another host"),
        ("simplecache::s3://bucket/x", "chained URL"),
        ("simplecache::file:///tmp/x", "chained URL"),
        ("zip://x.zip", "archive"),
        ("tar://x.tar", "archive"),
        ("memory://x", "lost"),
        ("filecache://x", "cache"),
        ("https://example.invalid/x", "read-only"),
    ],
)
def test_an_out_url_fsspec_would_write_elsewhere_is_refused(
    site: Path, out: str, mentions: str
) -> None:
    before = tree(site)
    outcome = run_sharekit("publish", "a.json", "--out", out, cwd=site)
    assert_clean_failure(outcome, 2, mentions=mentions)
    assert tree(site) == before  # no relative folder under the current one
    (site / "sharekit.toml").write_text(f'[publish]\nout = "{out}"\n')
    before = tree(site)
    outcome = run_sharekit("publish", "a.json", cwd=site)
    assert_clean_failure(outcome, 2, mentions=mentions)
    assert tree(site) == before


def test_file_localhost_writes_at_the_absolute_path(
    site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    target = tmp_path_factory.mktemp("elsewhere") / "public"
    before = tree(site)
    outcome = run_sharekit("publish", "a.json", "--out", f"file://localhost{target}", cwd=site)
    assert outcome.code == 0, outcome.stderr
    assert (target / "articles" / "a-fine-headline" / "head.html").is_file()
    assert tree(site) == before


def test_an_ftp_out_whose_host_is_down_is_a_network_failure(site: Path) -> None:
    pytest.importorskip("fsspec")
    outcome = run_sharekit(
        "publish", "a.json", "--out", f"ftp://127.0.0.1:{free_port()}/x", cwd=site
    )
    assert_clean_failure(outcome, 3, mentions="cannot reach")
    url = f"ftp://editor:{PASSWORD}@127.0.0.1:{free_port()}/x"
    plain, debug = _both(site, "publish", "a.json", "--out", url)
    assert_clean_failure(plain, 3, mentions="cannot reach")
    assert_no_secret(PASSWORD, plain.stderr, debug.stderr)


def test_syndicate_to_a_remote_out_needs_a_store_and_creates_nothing(site: Path) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    (site / "sharekit.toml").write_text(f'[syndicate.mastodon]\ninstance = "{nowhere}"\n')
    before = tree(site)
    env = {"SHAREKIT_MASTODON_TOKEN": MASTODON_TOKEN}
    for extra in ((), ("--dry-run",)):
        outcome = run_sharekit(
            "syndicate", "a.json", "--out", "s3://bucket/x", *extra, cwd=site, env=env
        )
        assert_clean_failure(outcome, 2, mentions="--store")
    assert tree(site) == before  # no ./s3:/bucket/x/.sharekit/store.sqlite


# --- workers and --debug ------------------------------------------------------------------------


@pytest.mark.parametrize("workers", ["100000", "1025", "1e20", "99999999999999999999999", "-1"])
def test_publish_workers_have_one_maximum(site: Path, workers: str) -> None:
    outcome = run_sharekit("publish", "a.json", "--out", "out", "--workers", workers, cwd=site)
    assert outcome.code == 2 and "Traceback" not in outcome.stderr, outcome.stderr
    assert not (site / "out" / "articles").exists()


def test_debug_adds_the_traceback_and_keeps_the_status(site: Path) -> None:
    (site / "bad.json").write_text(json.dumps({**GOOD, "published": "yesterday"}))
    plain, debug = _both(site, "meta", "bad.json")
    assert_clean_failure(plain, 2, mentions="published")
    assert (
        "Traceback" in debug.stderr
        and debug.stderr.rstrip().splitlines()[-1] == plain.stderr.strip()
    )
    plain, debug = _both(site, "inspect", f"http://127.0.0.1:{free_port()}/", "--allow-private")
    assert plain.code == 3 and debug.code == 3


def test_a_secret_from_the_environment_is_hidden_from_every_message(site: Path) -> None:
    """A token that also appears in a record (pasted by mistake) is not echoed back."""
    secret = "env-token-" + "x" * 12
    (site / "bad.json").write_text(json.dumps({**GOOD, "published": secret}))
    env = {"SHAREKIT_TELEGRAM_TOKEN": secret}
    plain, debug = _both(site, "meta", "bad.json", env=env)
    assert plain.code == 2
    assert_no_secret(secret, plain.stderr, debug.stderr)


def test_syndicate_without_out_uses_the_store_publish_used(site: Path) -> None:
    """Before, `sharekit syndicate` defaulted to the current folder, a store publish never
    wrote: what publish had posted was posted again."""
    out = site / "public"
    out.mkdir()
    with syndication_stand_in(out) as service:
        (site / "sharekit.toml").write_text(
            f'[site]\nurl = "{service.url}"\n[network]\nallow_private = true\ntimeout = 2\n'
            f'[publish]\nout = "public"\n[syndicate.mastodon]\ninstance = "{service.url}"\n'
        )
        now = datetime.now(UTC).isoformat()  # recent: publish posts it
        (site / "a.json").write_text(
            json.dumps({**GOOD, "url": f"{service.url}/a/", "published": now})
        )
        env = {"SHAREKIT_MASTODON_TOKEN": MASTODON_TOKEN}
        published = run_sharekit("publish", "a.json", cwd=site, env=env)
        assert published.code == 0, published.stderr
        assert len(service.statuses) == 1
        again = run_sharekit("syndicate", "a.json", cwd=site, env=env)
        assert again.code == 0, again.stderr
        assert [json.loads(line)["status"] for line in again.stdout.splitlines()] == ["skipped"]
        assert len(service.statuses) == 1
    assert not (site / ".sharekit").exists()
