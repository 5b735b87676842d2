"""Syndication (SPEC 7.4): IndexNow and posts to Mastodon, Bluesky and Telegram.

Every service is a stand-in on 127.0.0.1 (tests/helpers_syndicate.py) written
from its official reference: it checks what the real one checks and answers
as it does. Faults are injected per route.
"""

from __future__ import annotations

import io
import json
import logging
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sharekit import load_site, publish
from sharekit.config import Site
from tests.helpers_servers import syndication_stand_in
from tests.helpers_syndicate import (
    BLUESKY_PASSWORD,
    CHAT,
    FACEBOOK_TOKEN,
    HANDLE,
    MASTODON_TOKEN,
    TELEGRAM_TOKEN,
    Fault,
    StandIn,
)

KEY = "a1b2c3d4e5f6a7b8c9d0"
SECRETS = (MASTODON_TOKEN, BLUESKY_PASSWORD, TELEGRAM_TOKEN, FACEBOOK_TOKEN)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


@pytest.fixture
def server(out: Path) -> Iterator[StandIn]:
    out.mkdir(parents=True, exist_ok=True)
    with syndication_stand_in(out) as running:
        yield running


def config(server: StandIn, **syndicate: Any) -> dict[str, Any]:
    table: dict[str, Any] = {
        "indexnow_key": KEY,
        "indexnow_endpoint": f"{server.url}/indexnow",
        "mastodon": {"instance": server.url, "token": MASTODON_TOKEN},
        "bluesky": {"pds": server.url, "handle": HANDLE, "app_password": BLUESKY_PASSWORD},
        "telegram": {"api": server.url, "token": TELEGRAM_TOKEN, "chat": CHAT},
    }
    table.update(syndicate)
    return {
        "site": {"name": "View Us Global", "url": server.url},
        "feed": {"sections": False},
        "network": {"allow_private": True, "timeout": 2},
        "syndicate": {k: v for k, v in table.items() if v is not None},
    }


def site(server: StandIn, **syndicate: Any) -> Site:
    return load_site(config(server, **syndicate))


def record(
    server: StandIn, n: int, age: timedelta = timedelta(hours=1), **fields: Any
) -> dict[str, Any]:
    base = {
        "id": f"post-{n}",
        "title": f"Headline {n}",
        "slug": f"headline-{n}",
        "url": f"{server.url}/a/{n}/",
        "description": f"What happened in story {n}.",
        "published": (datetime.now(UTC) - age).isoformat(),
        "author": "Daniel Kim",
    }
    base.update(fields)
    return base


def no_secret_in(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text
            assert secret.replace(":", "%3A") not in text


def store_dump(out: Path) -> str:
    with sqlite3.connect(out / ".sharekit/store.sqlite") as db:
        return "\n".join(db.iterdump())


# --- IndexNow ----------------------------------------------------------------------------


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


# --- posts -------------------------------------------------------------------------------


def test_each_target_gets_one_post_per_new_article_and_edits_post_nothing(
    server: StandIn, out: Path
) -> None:
    cfg = site(server)
    records = [record(server, n) for n in range(2)]
    report = publish(records, cfg, out, workers=1)
    posted = {(p.article_id, p.target): p for p in report.posts}
    assert {p.status for p in report.posts} == {"posted"}, report.posts
    assert len(posted) == 6
    assert len(server.statuses) == len(server.records) == len(server.messages) == 2
    # Mastodon: headline and URL, an Idempotency-Key
    status = server.statuses[0]
    assert status["content"] == "Headline 0\n\n" + records[0]["url"]
    assert server.of("mastodon")[0].headers["Idempotency-Key"]
    assert posted[("post-0", "mastodon")].post_url == status["url"]
    # Bluesky: the card uploaded as the external embed's thumb, a link facet
    post = server.records[0]
    external = post["embed"]["external"]
    card = (out / "articles/headline-0/card.png").read_bytes()
    assert external["uri"] == records[0]["url"] and external["thumb"]["size"] == len(card)
    assert server.of("com.atproto.repo.uploadBlob")[0].body == card
    assert post["facets"][0]["features"][0]["uri"] == records[0]["url"]
    assert posted[("post-0", "bluesky")].post_url.startswith(
        f"https://bsky.app/profile/{HANDLE}/post/"
    )
    # Telegram: the card as the photo, the text as its caption
    message = server.messages[0]
    assert message["method"] == "sendPhoto" and message["photo"][2] == card
    assert message["caption"] == "Headline 0\n\n" + records[0]["url"]
    assert posted[("post-0", "telegram")].post_url == f"https://t.me/{CHAT[1:]}/100"
    # a second run and an edit post nothing
    records[1]["title"] = "Headline 1, corrected"
    report = publish(records, cfg, out, workers=1)
    assert report.posts == []
    assert len(server.statuses) == len(server.records) == len(server.messages) == 2


def test_a_backfill_of_old_articles_posts_nothing(server: StandIn, out: Path) -> None:
    records = [record(server, n, age=timedelta(days=30 + n)) for n in range(5)]
    report = publish(records, site(server), out, workers=1)
    assert report.posts == [] and server.statuses == [] and server.messages == []
    assert server.records == []


def test_a_429_with_retry_after_then_success_posts_once(server: StandIn, out: Path) -> None:
    # Mastodon says when its window resets (X-RateLimit-Reset, ISO 8601), not Retry-After
    reset = (datetime.now(UTC) + timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    headers = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    server.faults["mastodon"] = [Fault(429, headers, {"error": "Too many requests"})]
    server.faults["telegram.sendPhoto"] = [
        Fault(
            429,
            {},
            {
                "ok": False,
                "error_code": 429,
                "parameters": {"retry_after": 1},
                "description": "Too Many Requests: retry after 1",
            },
        )
    ]
    report = publish([record(server, 1)], site(server, bluesky=None), out, workers=1)
    assert {p.target: p.status for p in report.posts} == {
        "mastodon": "posted",
        "telegram": "posted",
    }
    assert len(server.of("mastodon")) == 2 and len(server.statuses) == 1
    keys = {s.headers["Idempotency-Key"] for s in server.of("mastodon")}
    assert len(keys) == 1  # the retry is the same request to Mastodon
    assert len(server.messages) == 1


def test_a_revoked_token_is_reported_without_leaking_and_posted_once_fixed(
    server: StandIn, out: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG, logger="sharekit")
    server.mastodon_token = "a-new-token"  # the configured one was revoked
    server.telegram_token = "999:another"
    report = publish([record(server, 1)], site(server, bluesky=None), out, workers=1)
    failed = {p.target: p for p in report.posts}
    assert failed["mastodon"].status == "failed" and "401" in failed["mastodon"].error
    assert "access token is invalid" in failed["mastodon"].error
    assert failed["telegram"].status == "failed" and "Unauthorized" in failed["telegram"].error
    no_secret_in(
        caplog.text,
        *(json.dumps(p.to_json()) for p in report.posts),
        repr(report),
        store_dump(out),
    )
    # the token is replaced through the environment: the next run posts, once
    monkeypatch.setenv("SHAREKIT_MASTODON_TOKEN", "a-new-token")
    fixed = site(server, bluesky=None, telegram=None, mastodon={"instance": server.url})
    report = publish([record(server, 1)], fixed, out, workers=1)
    assert [(p.target, p.status) for p in report.posts] == [("mastodon", "posted")]
    report = publish([record(server, 1)], fixed, out, workers=1)
    assert report.posts == [] and len(server.statuses) == 1


def test_a_wrong_bluesky_password_is_reported_without_leaking(
    server: StandIn, out: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="sharekit")
    wrong = {"pds": server.url, "handle": HANDLE, "app_password": "wxyz-wxyz-wxyz-wxyz"}
    report = publish(
        [record(server, 1)],
        site(server, bluesky=wrong, mastodon=None, telegram=None),
        out,
        workers=1,
    )
    [post] = report.posts
    assert post.status == "failed" and "Invalid identifier or password" in post.error
    assert "wxyz-wxyz" not in caplog.text + post.error + store_dump(out)


def test_unreachable_slow_and_failing_endpoints_are_reported_and_publish_succeeds(
    server: StandIn, out: Path
) -> None:
    dead = {"instance": "http://127.0.0.1:9", "token": MASTODON_TOKEN}  # nothing listens
    slow = {"allow_private": True, "timeout": 0.5}
    cfg = load_site({**config(server, indexnow_key="", mastodon=dead), "network": slow})
    server.faults["telegram.sendPhoto"] = [Fault(0, pause=1.5)]  # slower than the timeout
    server.faults["com.atproto.server.createSession"] = [Fault(500)]
    report = publish([record(server, 1)], cfg, out, workers=1)
    assert report.exit_code == 0 and len(report.written) == 1
    statuses = {p.target: p for p in report.posts}
    assert {p.status for p in statuses.values()} == {"failed"}, statuses
    assert "127.0.0.1:9" in statuses["mastodon"].error
    assert (
        "did not answer" in statuses["telegram"].error or "deadline" in statuses["telegram"].error
    )
    assert "HTTP 500" in statuses["bluesky"].error
    no_secret_in(*(p.error for p in report.posts))
    # the next run retries the failures: Bluesky and Telegram go; Mastodon stays failed
    report = publish([record(server, 1)], cfg, out, workers=1)
    assert {p.target: p.status for p in report.posts} == {
        "mastodon": "failed",
        "bluesky": "posted",
        "telegram": "posted",
    }
    assert len(server.records) == 1
    # a slow answer that arrived after the client gave up may have posted: at-least-once
    assert 1 <= len(server.messages) <= 3


def test_over_long_headlines_are_cut_to_each_target_limit(server: StandIn, out: Path) -> None:
    title = "서울 " * 600 + "👩‍👩‍👧‍👦 끝"  # 1,800+ characters, multi-byte, a ZWJ emoji
    report = publish([record(server, 1, title=title, description="")], site(server), out, workers=1)
    assert {p.status for p in report.posts} == {"posted"}, report.posts  # the stand-ins checked
    text = server.records[0]["text"]
    assert text.endswith("\n\n" + record(server, 1)["url"]) and "…" in text
    assert len(server.messages[0]["caption"]) <= 1024


def test_the_bluesky_facet_counts_utf8_bytes(server: StandIn, out: Path) -> None:
    title = "Ünïcödé 😀 헤드라인"
    rec = record(server, 1, title=title, url=f"{server.url}/기사/1/")
    report = publish([rec], site(server, mastodon=None, telegram=None), out, workers=1)
    assert [p.status for p in report.posts] == ["posted"], report.posts
    post = server.records[0]
    index = post["facets"][0]["index"]
    raw = post["text"].encode("utf-8")
    assert (
        raw[index["byteStart"] : index["byteEnd"]].decode()
        == post["facets"][0]["features"][0]["uri"]
    )
    assert index["byteStart"] > len(post["text"].split("\n")[0])  # bytes, not characters


def test_a_card_over_the_bluesky_limit_is_sent_as_a_smaller_jpeg() -> None:
    import random

    from PIL import Image

    from sharekit.syndication._run import BLUESKY_THUMB_MAX, _bluesky_thumb

    noise = random.Random(7).randbytes(1200 * 630 * 3)
    image = Image.frombytes("RGB", (1200, 630), noise)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    assert buffer.tell() > BLUESKY_THUMB_MAX
    thumb = _bluesky_thumb((buffer.getvalue(), "image/png", "card.png"))
    assert thumb is not None and thumb[1] == "image/jpeg" and len(thumb[0]) <= BLUESKY_THUMB_MAX
    assert Image.open(io.BytesIO(thumb[0])).size == (1200, 630)


def test_telegram_without_a_card_sends_a_message(server: StandIn, out: Path) -> None:
    cfg = load_site({**config(server, mastodon=None, bluesky=None), "card": {"enabled": False}})
    report = publish([record(server, 1)], cfg, out, workers=1)
    assert [p.status for p in report.posts] == ["posted"]
    assert server.messages[0]["method"] == "sendMessage"
    assert server.messages[0]["text"].endswith(record(server, 1)["url"])


def test_secrets_never_appear_in_the_site_repr(server: StandIn) -> None:
    no_secret_in(repr(site(server)), str(site(server)))


def test_a_bad_syndicate_config_names_the_field_without_the_token() -> None:
    from sharekit.errors import InputError

    with pytest.raises(InputError, match=r"syndicate\.mastodon\.token") as caught:
        load_site({"syndicate": {"mastodon": {"token": 12345678}}})
    assert "12345678" not in str(caught.value)
    with pytest.raises(InputError, match="indexnow_key"):
        load_site({"syndicate": {"indexnow_key": "short"}})


# --- the command -------------------------------------------------------------------------


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


# --- limits --------------------------------------------------------------------------------


URL = "https://www.viewusglobal.com/2026/03/a-long-enough-slug-for-the-article/"


@settings(max_examples=150, deadline=None)
@given(title=st.text(min_size=1, max_size=1500))
def test_composed_posts_fit_every_limit_and_keep_the_url_whole(title: str) -> None:
    import regex

    from sharekit.syndication._run import compose

    mastodon = compose("mastodon", title, URL)
    assert mastodon.endswith("\n\n" + URL)
    assert len(mastodon) - len(URL) + 23 <= 500
    bluesky = compose("bluesky", title, URL)
    assert bluesky.endswith("\n\n" + URL) and len(regex.findall(r"\X", bluesky)) <= 300
    assert len(bluesky.encode("utf-8")) <= 3000
    telegram = compose("telegram", title, URL)
    assert telegram.endswith("\n\n" + URL) and len(telegram.encode("utf-16-le")) <= 2048
    if len(title) < 100:  # room for it all: nothing is cut
        assert {mastodon, bluesky, telegram} == {f"{title}\n\n{URL}"}


def test_three_hundred_family_emoji_fit_bluesky_in_bytes_too() -> None:
    from sharekit.syndication._run import compose

    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 25 bytes, 1 grapheme
    text = compose("bluesky", family * 300, URL)
    assert len(text.encode("utf-8")) <= 3000 and text.endswith(URL)
    assert 100 <= text.count(family) < 120  # 3,000 bytes hold about 117 of them


def test_lint_warns_when_a_target_will_cut_the_headline(server: StandIn) -> None:
    from sharekit import lint_article, load_article

    cfg = site(server)
    short = lint_article(load_article(record(server, 1), cfg))
    assert not [f for f in short if f.code.endswith("-post-too-long")]
    long = lint_article(load_article(record(server, 1, title="word " * 70), cfg))
    cut = {f.code: f for f in long if f.code.endswith("-post-too-long")}
    assert set(cut) == {"bluesky-post-too-long"}  # 350 characters: over 300, under 500 and 1,024
    assert cut["bluesky-post-too-long"].platforms == ("bluesky",)
    assert "graphemes" in cut["bluesky-post-too-long"].message
    unconfigured = lint_article(load_article(record(server, 1, title="word " * 300), load_site({})))
    assert not [f for f in unconfigured if f.code.endswith("-post-too-long")]


# --- Facebook re-scrape ----------------------------------------------------------------------


def test_facebook_rescrapes_an_edited_article_whose_head_tags_changed(
    server: StandIn, out: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import sharekit.syndication._run

    monkeypatch.setattr(sharekit.syndication._run, "FACEBOOK_GRAPH", server.url)
    caplog.set_level(logging.DEBUG, logger="sharekit")
    cfg = site(
        server,
        indexnow_key="",
        mastodon=None,
        bluesky=None,
        telegram=None,
        facebook_token=FACEBOOK_TOKEN,
    )
    records = [record(server, n) for n in range(2)]
    report = publish(records, cfg, out, workers=1)
    assert report.posts == [] and server.scrapes == []  # new articles: Facebook has no cache
    records[0]["content_html"] = "<p>A longer body</p>"  # not in the head tags
    report = publish(records, cfg, out, workers=1)
    assert len(report.written) == 1 and server.scrapes == []
    records[1]["title"] = "Headline 1, corrected"
    report = publish(records, cfg, out, workers=1)
    assert [(p.target, p.status, p.link) for p in report.posts] == [
        ("facebook", "rescraped", records[1]["url"])
    ]
    assert server.scrapes == [records[1]["url"]]
    [call] = server.of("facebook")[-1:]
    assert FACEBOOK_TOKEN not in call.path  # in the form body, never in a URL a log may show
    server.facebook_token = "revoked"
    records[1]["title"] = "Headline 1, corrected again"
    report = publish(records, cfg, out, workers=1)
    [failed] = report.posts
    assert failed.status == "failed" and "Invalid OAuth access token" in failed.error
    no_secret_in(caplog.text, failed.error, store_dump(out))


def test_preview_shows_what_each_account_will_post(server: StandIn) -> None:
    import html5lib

    from sharekit import load_article, render_preview

    cfg = site(server, bluesky=None)
    article = load_article(record(server, 1, title="Seoul & <Busan>"), cfg)
    page = html5lib.parse(render_preview(article, cfg), namespaceHTMLElements=False)
    section = page.find(".//section[@aria-labelledby='pv-posts-h']")
    assert section is not None
    posts = {li.find("b").text: li.find("p").text for li in section.iter("li")}
    assert posts == {
        "Mastodon": "Seoul & <Busan>\n\n" + article.url,
        "Telegram": "Seoul & <Busan>\n\n" + article.url,
    }
    plain = render_preview(article, load_site({"site": {"url": server.url}}))
    assert "pv-posts-h" not in plain  # no [syndicate] target: no such section
    no_secret_in(render_preview(article, cfg))


def test_two_runs_at_once_post_once(server: StandIn, out: Path) -> None:
    import threading

    from sharekit import load_article, syndicate

    cfg = site(server, indexnow_key="", bluesky=None, telegram=None)
    article = load_article(record(server, 1), cfg)
    syndicate([article], cfg, out)  # the store and the card exist before the race
    server.statuses.clear()
    server.idempotency.clear()
    other = load_article(record(server, 2), cfg)
    start = threading.Barrier(2)
    results: list[list[Any]] = []

    def run() -> None:
        start.wait()
        results.append(syndicate([other], cfg, out))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(server.of("mastodon")) == 2  # the first run's and one of these two
    assert len(server.statuses) == 1
    statuses = sorted(r.status for result in results for r in result)
    assert "posted" in statuses and statuses.count("posted") == 1


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
