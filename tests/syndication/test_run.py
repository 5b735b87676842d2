"""The run: `sharekit syndicate` (a dry run, then once), publish's JSON lines,
a shared PostgreSQL store.

Every service is a stand-in on 127.0.0.1 (tests/helpers_syndicate.py) written
from its official reference: it checks what the real one checks and answers
as it does. Faults are injected per route.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sharekit import publish
from tests.helpers_syndicate import MASTODON_TOKEN, StandIn
from tests.syndication.helpers import config, no_secret_in, record, site, store_dump


def _cli(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "sharekit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_cli_syndicate_dry_run_shows_what_would_go_then_posts_once(
    server: StandIn, out: Path, tmp_path: Path
) -> None:
    cfg = config(server, indexnow_key="", bluesky=None)
    cfg["syndicate"]["mastodon"] = {"instance": server.url}  # the token from the environment
    lines = []
    for table, values in cfg.items():
        lines.append(f"[{table}]")
        for key, value in values.items():
            if isinstance(value, dict):
                continue
            lines.append(f"{key} = {json.dumps(value)}")
    for name in ("mastodon", "telegram"):
        lines.append(f"[syndicate.{name}]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in cfg["syndicate"][name].items()]
    (tmp_path / "sharekit.toml").write_text("\n".join(lines) + "\n")
    (tmp_path / "a.json").write_text(json.dumps(record(server, 1)))
    env = {"SHAREKIT_MASTODON_TOKEN": MASTODON_TOKEN}
    dry = _cli(["syndicate", "a.json", "--out", str(out), "--dry-run"], tmp_path, env)
    assert dry.returncode == 0, dry.stderr
    shown = [json.loads(line) for line in dry.stdout.splitlines()]
    assert [(s["target"], s["status"]) for s in shown] == [
        ("mastodon", "would post"),
        ("telegram", "would post"),
    ]
    assert shown[0]["text"] == "Headline 1\n\n" + record(server, 1)["url"]
    assert shown[1]["card"] == ".sharekit/syndication/headline-1.png"  # not published: rendered
    assert server.seen == [] and not any(out.iterdir())  # nothing went out or was written
    done = _cli(["syndicate", "a.json", "--out", str(out)], tmp_path, env)
    assert done.returncode == 0, done.stderr
    again = _cli(["syndicate", "a.json", "--out", str(out)], tmp_path, env)
    assert again.returncode == 0, again.stderr
    assert len(server.statuses) == 1 and len(server.messages) == 1
    card = (out / ".sharekit/syndication/headline-1.png").read_bytes()
    assert server.messages[0]["photo"][2] == card and not (out / "articles").exists()
    statuses = [json.loads(line)["status"] for line in again.stdout.splitlines()]
    assert statuses == ["skipped", "skipped"]
    no_secret_in(dry.stdout, dry.stderr, done.stdout, done.stderr, again.stdout, again.stderr)


def test_cli_publish_reports_posts_as_json_lines_without_secrets(
    server: StandIn, out: Path, tmp_path: Path
) -> None:
    cfg = config(server, bluesky=None, telegram=None)
    toml = [
        f"[{t}]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in cfg[t].items())
        for t in ("site", "feed", "network")
    ]
    syndicate = {k: v for k, v in cfg["syndicate"].items() if not isinstance(v, dict)}
    toml.append("[syndicate]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in syndicate.items()))
    toml.append(f'[syndicate.mastodon]\ninstance = "{server.url}"\ntoken = "{MASTODON_TOKEN}"\n')
    (tmp_path / "sharekit.toml").write_text("".join(toml))
    (tmp_path / "a.json").write_text(json.dumps(record(server, 1)))
    done = _cli(["publish", "a.json", "--out", str(out)], tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[0] == {"kind": "indexnow", "urls": 1, "ok": True, "status": 200, "error": ""}
    assert lines[1]["target"] == "mastodon" and lines[1]["status"] == "posted"
    assert lines[1]["post_id"] == server.statuses[0]["id"]
    assert lines[1]["post_url"] == server.statuses[0]["url"]
    assert "1 posted" in done.stderr
    no_secret_in(done.stdout, done.stderr, store_dump(out))


def test_syndicate_after_a_publish_into_postgres_uses_its_store(
    server: StandIn, out: Path, pg_url: str
) -> None:
    """Publish and `sharekit syndicate` share [publish] store: what publish posted is
    "posted before" for syndicate (the SQLite file under out would not know it)."""
    import dataclasses

    from sharekit import load_article, syndicate

    cfg = site(server, indexnow_key="", bluesky=None, telegram=None)
    shared = dataclasses.replace(cfg, publish=dataclasses.replace(cfg.publish, store=pg_url))
    report = publish([record(server, 1)], shared, out, workers=1)
    assert [post.status for post in report.posts] == ["posted"]
    assert not (out / ".sharekit" / "store.sqlite").exists()
    article = load_article(record(server, 1), cfg)
    dry = syndicate([article], shared, out, dry_run=True)
    assert [(r.target, r.status, r.note) for r in dry] == [("mastodon", "skipped", "posted before")]
    again = syndicate([article], cfg, out, store=pg_url)  # or named by the caller
    assert [(r.target, r.status) for r in again] == [("mastodon", "skipped")]
    assert len(server.statuses) == 1


def test_cli_status_and_resolve_refuse_bad_input_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"title": "T", "url": "https://e.com/t/"}))
    cases = [
        ["syndicate", "--resolve", "post-1", "maybe"],
        ["syndicate", "--resolve", "post-1", "posted"],  # no such post
        ["syndicate", "--status", "a.json"],
        ["syndicate"],
    ]
    for args in cases:
        done = _cli([*args, "--out", str(tmp_path / "out")], tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) <= 3 and "Traceback" not in done.stderr
    empty = _cli(["syndicate", "--status", "--out", str(tmp_path / "out")], tmp_path)
    assert empty.returncode == 0 and empty.stdout == ""
    assert not (tmp_path / "out").exists()  # asking made no store
