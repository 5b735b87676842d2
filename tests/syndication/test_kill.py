"""Exactly once, or at most once and said so (SPEC 8.7): a run killed (SIGKILL) or
timed out after the service accepted its post, then run again.

The stand-in handles the post, tells the test (``StandIn.accepted``) and holds
its answer; the test kills ``sharekit syndicate`` then. The next run makes no
second post: Mastodon answers the same ``Idempotency-Key`` with the status it
made, Bluesky's record key is found in the repo (getRecord) and a second one
would be refused; Telegram, Facebook, Threads, LinkedIn and a webhook have no
such key,
so the post is ``unknown`` until an operator resolves it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sharekit import load_site
from tests.helpers_syndicate import Fault, StandIn
from tests.syndication.helpers import no_secret_in, record, service_config, store_dump

# target -> (the route whose request makes the post, what the stand-in keeps of posts)
MAKES = {
    "mastodon": ("mastodon", "statuses"),
    "bluesky": ("com.atproto.repo.createRecord", "records"),
    "telegram": ("telegram.sendPhoto", "messages"),
    "facebook": ("facebook.feed", "page_posts"),
    "threads": ("threads.threads_publish", "threads"),
    "linkedin": ("linkedin", "linkedin"),
    "webhook": ("webhook", "deliveries"),
}
EXACTLY_ONCE = {"mastodon", "bluesky"}


def _toml(table: dict[str, Any]) -> str:
    lines = []
    for name, values in table.items():
        lines.append(f"[{name}]")
        nested = []
        for key, value in values.items():
            if isinstance(value, dict):
                nested.append((f"{name}.{key}", value))
            else:
                lines.append(f"{key} = {json.dumps(value)}")
        for sub, inner in nested:
            lines.append(f"[{sub}]")
            lines += [f"{k} = {json.dumps(v)}" for k, v in inner.items()]
    return "\n".join(lines) + "\n"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sharekit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )


def _lines(done: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize("target", list(MAKES))
def test_a_run_killed_after_the_service_accepted_never_posts_twice(
    target: str, server: StandIn, out: Path, tmp_path: Path
) -> None:
    route, kept = MAKES[target]
    (tmp_path / "sharekit.toml").write_text(_toml(service_config(server, target)))
    (tmp_path / "a.json").write_text(json.dumps(record(server, 1)))
    server.faults[route] = [Fault(0, hold=60)]  # posts, then holds its answer
    run = subprocess.Popen(
        [sys.executable, "-m", "sharekit", "syndicate", "a.json", "--out", str(out)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert server.accepted.wait(60), run.communicate(timeout=60)
    finally:
        run.kill()  # SIGKILL: no handler, no finally, the store row says "posting"
        run.communicate(timeout=30)
        server.release.set()
    assert len(getattr(server, kept)) == 1
    again = _run(["syndicate", "a.json", "--out", str(out)], tmp_path)
    [line] = _lines(again)
    assert len(getattr(server, kept)) == 1  # never a second post
    status = _lines(_run(["syndicate", "--status", "--out", str(out)], tmp_path))
    if target in EXACTLY_ONCE:
        assert again.returncode == 0 and line["status"] == "posted", again.stdout + again.stderr
        assert [s["status"] for s in status] == ["posted"]
    else:
        assert again.returncode == 3 and line["status"] == "unknown", again.stdout + again.stderr
        assert "--resolve" in line["note"] and [s["status"] for s in status] == ["unknown"]
        third = _run(["syndicate", "a.json", "--out", str(out)], tmp_path)
        assert [s["status"] for s in _lines(third)] == ["unknown"]  # reported, not retried
        resolved = _run(["syndicate", "--resolve", "post-1", "posted", "--out", str(out)], tmp_path)
        assert resolved.returncode == 0 and _lines(resolved)[0]["status"] == "posted"
        after = _run(["syndicate", "a.json", "--out", str(out)], tmp_path)
        assert after.returncode == 0 and _lines(after)[0]["note"] == "posted before"
    assert len(getattr(server, kept)) == 1
    no_secret_in(again.stdout, again.stderr, store_dump(out))


@pytest.mark.parametrize("target", list(MAKES))
def test_a_post_timed_out_after_the_service_accepted_is_not_made_twice(
    target: str, server: StandIn, out: Path
) -> None:
    """The answer comes after the client's timeout: a slow service that did post."""
    from sharekit import load_article, syndicate

    route, kept = MAKES[target]
    cfg = load_site(
        {**service_config(server, target), "network": {"allow_private": True, "timeout": 0.5}}
    )
    article = load_article(record(server, 1), cfg)
    server.faults[route] = [Fault(0, hold=1.5)]
    [first] = syndicate([article], cfg, out)
    assert first.status == ("failed" if target in EXACTLY_ONCE else "unknown"), first
    server.release.set()
    [second] = syndicate([article], cfg, out)
    assert second.status == ("posted" if target in EXACTLY_ONCE else "unknown"), second
    assert len(getattr(server, kept)) == 1


def test_retry_resolves_an_unknown_post_by_posting_it_again(server: StandIn, out: Path) -> None:
    """The operator looked and found nothing: retry queues it for the next run."""
    from sharekit import load_article, resolve_post, syndicate, syndication_status

    cfg = load_site(
        {**service_config(server, "telegram"), "network": {"allow_private": True, "timeout": 0.5}}
    )
    article = load_article(record(server, 1), cfg)
    server.faults["telegram.sendPhoto"] = [Fault(0, pause=1.5)]  # answers late and posts late
    [first] = syndicate([article], cfg, out)
    assert first.status == "unknown"
    [row] = syndication_status(cfg, out)
    assert (row.target, row.status) == ("telegram", "unknown") and "did not answer" in row.error
    with pytest.raises(Exception, match="posted or retry"):
        resolve_post("post-1", "maybe", cfg, out)
    with pytest.raises(Exception, match="no unknown or failed post"):
        resolve_post("post-9", "retry", cfg, out)
    [queued] = resolve_post("post-1", "retry", cfg, out, target="telegram")
    assert queued.status == "queued"
    server.release.set()
    [second] = syndicate([article], cfg, out)
    assert second.status == "posted"
    assert len(server.of("telegram.sendPhoto")) == 2  # the operator asked for it


def test_a_garbled_answer_to_the_post_itself_is_unknown_not_retried(
    server: StandIn, out: Path
) -> None:
    """A 2xx that cannot be read most likely made the post: Telegram gets no second."""
    from sharekit import load_article, syndicate

    cfg = load_site(service_config(server, "telegram"))
    article = load_article(record(server, 1), cfg)
    server.faults["telegram.sendPhoto"] = [Fault(200, body=b"<html>proxy</html>")]
    [first] = syndicate([article], cfg, out)
    assert first.status == "unknown" and "not JSON" in first.error
    [second] = syndicate([article], cfg, out)
    assert second.status == "unknown" and len(server.of("telegram.sendPhoto")) == 1


def test_a_mastodon_retry_after_its_key_expired_finds_the_status(
    server: StandIn, out: Path
) -> None:
    """Mastodon keeps an Idempotency-Key an hour; a retry a day later looks for the
    article's URL among the account's statuses instead of posting it again."""
    from sharekit import load_article, syndicate

    cfg = load_site(
        {**service_config(server, "mastodon"), "network": {"allow_private": True, "timeout": 0.5}}
    )
    article = load_article(record(server, 1), cfg)
    server.faults["mastodon"] = [Fault(0, hold=1.5)]
    [first] = syndicate([article], cfg, out)
    assert first.status == "failed" and len(server.statuses) == 1
    server.release.set()
    server.idempotency.clear()  # an hour later: Mastodon forgot the key
    [second] = syndicate([article], cfg, out)
    assert second.status == "posted" and len(server.statuses) == 1
    assert second.post_url == server.statuses[0]["url"]
    assert len(server.of("mastodon")) == 1  # found, not posted again
