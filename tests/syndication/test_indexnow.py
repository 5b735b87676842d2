"""IndexNow (SPEC 7.4): the key file, one batch of the changed URLs, kept on failure.

Every service is a stand-in on 127.0.0.1 (tests/helpers_syndicate.py) written
from its official reference: it checks what the real one checks and answers
as it does. Faults are injected per route.
"""

from __future__ import annotations

from pathlib import Path

from sharekit import publish
from tests.helpers_syndicate import Fault, StandIn
from tests.syndication.helpers import KEY, record, site


def test_indexnow_writes_the_key_file_and_submits_changed_urls_in_one_batch(
    server: StandIn, out: Path
) -> None:
    cfg = site(server, mastodon=None, bluesky=None, telegram=None)
    records = [record(server, n) for n in range(3)]
    report = publish(records, cfg, out, workers=1)
    assert (out / f"{KEY}.txt").read_text() == KEY
    assert report.indexnow is not None and report.indexnow.ok, report.indexnow
    [batch] = server.indexnow  # the stand-in fetched the key file and found the key
    assert batch["host"] == "127.0.0.1"
    assert batch["keyLocation"] == f"{server.url}/{KEY}.txt"
    assert sorted(batch["urlList"]) == sorted(r["url"] for r in records)
    assert server.of("indexnow")[0].headers["Content-Type"].startswith("application/json")
    report = publish(records, cfg, out, workers=1)  # nothing changed: nothing to submit
    assert report.indexnow is None and len(server.of("indexnow")) == 1
    records[0]["title"] = "Headline 0, corrected"
    publish(records, cfg, out, workers=1)
    assert server.indexnow[-1]["urlList"] == [records[0]["url"]]


def test_indexnow_failure_keeps_the_urls_for_the_next_run(server: StandIn, out: Path) -> None:
    cfg = site(server, mastodon=None, bluesky=None, telegram=None)
    records = [record(server, n) for n in range(2)]
    records.append(record(server, 9, url="https://elsewhere.example/a/9/"))  # another host
    server.faults["indexnow"] = [Fault(503, {"Retry-After": "60"})]
    report = publish(records, cfg, out, workers=1)
    assert report.exit_code == 0  # never fatal
    assert report.indexnow is not None and not report.indexnow.ok
    assert report.indexnow.status == 503
    report = publish(records, cfg, out, workers=1)  # nothing written, the queue is retried
    assert report.indexnow is not None and report.indexnow.ok
    assert sorted(server.indexnow[0]["urlList"]) == sorted(r["url"] for r in records[:2])


def test_indexnow_refusal_of_the_key_is_reported_and_retried(
    server: StandIn, out: Path, tmp_path: Path
) -> None:
    cfg = site(server, mastodon=None, bluesky=None, telegram=None)
    server.site = tmp_path / "elsewhere"  # the site serves a folder without the key file
    report = publish([record(server, 1)], cfg, out, workers=1)
    assert report.exit_code == 0
    assert report.indexnow is not None and report.indexnow.status == 403
    assert "key file not found" in report.indexnow.error
    server.site = out  # the key file is served: the next run submits the kept URL
    report = publish([record(server, 1)], cfg, out, workers=1)
    assert report.indexnow is not None and report.indexnow.ok
    assert server.indexnow[0]["urlList"] == [record(server, 1)["url"]]
