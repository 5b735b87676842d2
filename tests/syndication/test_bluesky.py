"""Bluesky: the session, the link facet in UTF-8 bytes, the card as a thumb
within its limit.

Every service is a stand-in on 127.0.0.1 (tests/helpers_syndicate.py) written
from its official reference: it checks what the real one checks and answers
as it does. Faults are injected per route.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from sharekit import publish
from tests.helpers_syndicate import HANDLE, StandIn
from tests.syndication.helpers import record, site, store_dump


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

    from sharekit.syndication._bluesky import THUMB_MAX, thumbnail

    noise = random.Random(7).randbytes(1200 * 630 * 3)
    image = Image.frombytes("RGB", (1200, 630), noise)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    assert buffer.tell() > THUMB_MAX
    thumb = thumbnail((buffer.getvalue(), "image/png", "card.png"))
    assert thumb is not None and thumb[1] == "image/jpeg" and len(thumb[0]) <= THUMB_MAX
    assert Image.open(io.BytesIO(thumb[0])).size == (1200, 630)
