"""sharekit serve (SPEC 7.6): signed card URLs, the card endpoint, the publish hook, limits.

The app runs under a real uvicorn on 127.0.0.1 (tests/helpers_serve.py); the
cards it answers are compared byte for byte with render_card's, head tags are
parsed with html5lib, metrics with prometheus-client's own parser.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed")
pytest.importorskip("uvicorn", reason="the serve extra is not installed")

import sharekit
from sharekit.card._token import CardFields, TokenError, decode_token, encode_token
from sharekit.serve._cache import CardCache
from tests.conftest import SEED
from tests.helpers_meta import article_node
from tests.helpers_serve import (
    KEY,
    OTHER_KEY,
    Answer,
    hook_headers,
    path_of,
    raw_status,
    request,
)
from tests.helpers_servers import Server, running

BASE = "https://cards.example.test"


def hero_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.linear_gradient("L").resize((1200, 800)).convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def make_site(cache_dir: Path, **serve: Any) -> sharekit.Site:
    return sharekit.load_site(
        {
            "site": {"name": "Daily Example", "url": "https://news.example.test"},
            "serve": {"base_url": BASE, "secret_keys": [KEY], "workers": 1, **serve},
            "network": {"allow_private": True, "cache_dir": str(cache_dir), "timeout": 5.0},
        }
    )


@pytest.fixture(scope="module")
def hero() -> Iterator[Server]:
    with Server() as server:
        image = hero_jpeg()
        server.route("/hero.jpg", body=image, content_type="image/jpeg")

        def slow(handler: Any) -> None:
            time.sleep(3)
            handler.send(200, image, "image/jpeg")

        server.routes["/slow.jpg"] = slow
        yield server


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, int, sharekit.Site]]:
    """One app for the module (its render process takes a while to start)."""
    from sharekit.serve import create_app

    site = make_site(tmp_path_factory.mktemp("cache"))
    app = create_app(site)
    with running(app) as port:
        yield app, port, site


def article(site: sharekit.Site, **fields: Any) -> sharekit.Article:
    record = json.loads(SEED.read_text())
    record.update(fields)
    return sharekit.load_article(record, site)


# --- tokens -------------------------------------------------------------------------------------


def test_token_round_trip_and_key_rotation() -> None:
    fields = CardFields(
        "Title ‘quoted’ 한국어",
        "World",
        ("A", "B"),
        "2024-10-24",
        "ko",
        "photo",
        "square",
        "https://img.example.test/a.jpg",
        "Daily",
    )
    token = encode_token(fields, KEY)
    assert token == encode_token(fields, KEY)  # one card, one URL
    assert decode_token(token, (KEY,)) == fields
    assert decode_token(token, (OTHER_KEY, KEY)) == fields  # an old key still verifies
    with pytest.raises(TokenError) as raised:
        decode_token(token, (OTHER_KEY,))
    assert raised.value.status == 403


def test_every_single_character_change_is_refused() -> None:
    token = encode_token(CardFields("A headline", site_name="Daily"), KEY)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for i, char in enumerate(token):
        other = alphabet[(alphabet.index(char) + 1) % 64]
        with pytest.raises(TokenError) as raised:
            decode_token(token[:i] + other + token[i + 1 :], (KEY,))
        assert raised.value.status in (400, 403)


@pytest.mark.parametrize(
    ("token", "status"),
    [("", 400), ("%%%", 400), ("AAAA", 400), ("A" * 40, 403), ("A" * 2049, 414)],
)
def test_malformed_tokens(token: str, status: int) -> None:
    with pytest.raises(TokenError) as raised:
        decode_token(token, (KEY,))
    assert raised.value.status == status


def test_a_signed_zip_bomb_is_still_refused() -> None:
    import base64
    import zlib

    from sharekit.card._token import _sign

    payload = b"z" + zlib.compress(b'["' + b"a" * 1_000_000 + b'"]', 9)
    token = base64.urlsafe_b64encode(_sign(KEY, payload) + payload).rstrip(b"=").decode()
    with pytest.raises(TokenError) as raised:
        decode_token(token, (KEY,))
    assert (raised.value.status, raised.value.reason) == (400, "token payload too large")


def test_naughty_titles_survive_the_token(tmp_path: Path) -> None:
    """Every naughty string as title, section, author and site name comes back as it went in."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tests.conftest import naughty_strings

    for text in naughty_strings():
        fields = CardFields(text, text, (text, text), "", "en", "", "og", "", text)
        assert decode_token(encode_token(fields, KEY), (KEY,)) == fields

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=200), st.lists(st.text(max_size=30), max_size=4))
    def round_trip(title: str, authors: list[str]) -> None:
        fields = CardFields(title, authors=tuple(authors), site_name=title[::-1])
        assert decode_token(encode_token(fields, KEY), (KEY,)) == fields

    round_trip()


def test_import_of_sharekit_serve_is_light() -> None:
    import subprocess
    import sys

    code = "import sharekit.serve, sys; print(' '.join(sys.modules))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    heavy = {"starlette", "uvicorn", "prometheus_client", "PIL", "requests"}
    assert not {m.split(".")[0] for m in loaded} & heavy


def test_card_url_needs_base_url_and_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHAREKIT_SECRET_KEY", raising=False)
    site = sharekit.load_site({"site": {"name": "Daily"}})
    with pytest.raises(sharekit.InputError, match=r"^config: serve\.base_url: card_url needs"):
        sharekit.card_url(sharekit.load_article(SEED, site), site)
    site = sharekit.load_site({"serve": {"base_url": BASE}})
    with pytest.raises(sharekit.InputError, match=r"serve\.secret_keys: .*SHAREKIT_SECRET_KEY$"):
        sharekit.card_url(sharekit.load_article(SEED, site), site)
    monkeypatch.setenv("SHAREKIT_SECRET_KEY", "short")
    with pytest.raises(sharekit.InputError, match=r"^SHAREKIT_SECRET_KEY: .* at least 32"):
        sharekit.card_url(sharekit.load_article(SEED, site), site)
    monkeypatch.setenv("SHAREKIT_SECRET_KEY", KEY)
    assert sharekit.card_url(sharekit.load_article(SEED, site), site).startswith(BASE + "/card/")


def test_a_short_key_in_the_config_is_refused() -> None:
    with pytest.raises(sharekit.InputError, match=r"serve\.secret_keys\[1\]: .* got 3$"):
        sharekit.load_site({"serve": {"secret_keys": [KEY, "abc"]}})


def test_meta_points_every_image_at_the_service(tmp_path: Path) -> None:
    import html5lib

    site = make_site(tmp_path)
    item = article(site)
    url = sharekit.card_url(item, site)
    head = sharekit.render_head(item, site)
    tree = html5lib.parse(f"<head>{head}</head>", namespaceHTMLElements=False)
    meta = {e.get("property") or e.get("name"): e.get("content") for e in tree.iter("meta")}
    assert meta["og:image"] == url
    assert meta["twitter:image"] == url
    assert url.startswith(BASE + "/card/") and url.endswith(".png")
    (script,) = [e for e in tree.iter("script") if e.get("type") == "application/ld+json"]
    images = article_node(json.loads(script.text or ""))["image"]  # SPEC 8.5: one @graph
    assert url in [image["url"] for image in images]
    # the 16:9, 4:3 and 1:1 cards are the service's too, each signed for its own size
    ratios = [image["url"] for image in images[:3]]
    assert all(u.startswith(BASE + "/card/") for u in ratios) and len(set(ratios)) == 3


# --- the card endpoint ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "size", "fmt", "image"),
    [
        ("branded", None, None, None),
        ("branded", "square", "webp", None),
        ("photo", None, None, "/hero.jpg"),
        ("split", "portrait", "png", "/hero.jpg"),
        ("branded", None, "jpeg", "mixed scripts"),
    ],
)
def test_the_service_answers_render_cards_bytes(
    served: Any,
    hero: Server,
    template: str,
    size: str | None,
    fmt: str | None,
    image: str | None,
) -> None:
    _, port, site = served
    fields: dict[str, Any] = {"image": {"url": hero.url(image)}} if image else {}
    if image == "mixed scripts":  # right-to-left, Hangul, emoji: the token keeps them whole
        fields = {"title": "북한군 ‘가짜 뉴스’ — مرحبا بالعالم 😀", "author": "김다니엘"}
    item = article(site, **fields)
    url = sharekit.card_url(item, site, template=template, size=size, format=fmt)
    answer = request(port, path_of(url))
    assert answer.status == 200, answer.body
    card = sharekit.render_card(item, site, template=template, size=size, format=fmt)
    assert answer.body == card.data
    assert answer.headers["content-type"] == card.media_type
    assert url.endswith("." + card.media_type.split("/")[1])
    from PIL import Image

    with Image.open(io.BytesIO(answer.body)) as drawn:
        assert drawn.size == (card.width, card.height)


def test_etag_304_head_and_the_cache(served: Any) -> None:
    app, port, site = served
    path = path_of(sharekit.card_url(article(site, title="Cached once, served often"), site))
    renders = app.state.pool.renders
    first = request(port, path)
    assert first.status == 200
    assert first.headers["cache-control"] == "public, max-age=31536000, immutable"
    etag = first.headers["etag"]
    assert etag == '"' + hashlib.sha256(first.body).hexdigest()[:32] + '"'
    again = request(port, path)
    assert again.body == first.body
    not_modified = request(port, path, headers={"If-None-Match": f'"x", W/{etag}'})
    assert (not_modified.status, not_modified.body) == (304, b"")
    assert not_modified.headers["etag"] == etag
    assert request(port, path, headers={"If-None-Match": '"other"'}).status == 200
    head = request(port, path, method="HEAD")
    assert (head.status, head.body) == (200, b"")
    assert head.headers["content-length"] == str(len(first.body))
    assert app.state.pool.renders == renders + 1  # one render, then the LRU


def test_head_and_304_on_a_first_request(served: Any) -> None:
    """Before the card is in the LRU, HEAD and If-None-Match go through the render path."""
    _, port, site = served
    item = article(site, title="Asked with HEAD first")
    data = sharekit.render_card(item, site).data
    head = request(port, path_of(sharekit.card_url(item, site)), method="HEAD")
    assert (head.status, head.body) == (200, b"")
    assert head.headers["content-length"] == str(len(data))
    other = article(site, title="Known to the CDN already")
    etag = '"' + hashlib.sha256(sharekit.render_card(other, site).data).hexdigest()[:32] + '"'
    answer = request(port, path_of(sharekit.card_url(other, site)), headers={"If-None-Match": etag})
    assert (answer.status, answer.body, answer.headers["etag"]) == (304, b"", etag)


@pytest.mark.parametrize(
    ("mangle", "status"),
    [
        (lambda p: p[:-12] + ("A" if p[-12] != "A" else "B") + p[-11:], 403),
        (lambda p: p.replace("/card/", "/card/AAAA"), 403),
        (lambda p: p[: len("/card/") + 10] + ".png", 400),
        (lambda p: p.rsplit(".", 1)[0] + ".gif", 400),
        (lambda p: p.rsplit(".", 1)[0], 400),
        (lambda p: "/card/" + "A" * 5000 + ".png", 414),
    ],
    ids=["tampered", "prefixed", "truncated", "gif", "no-extension", "too-long"],
)
def test_bad_card_requests(served: Any, mangle: Any, status: int) -> None:
    app, port, site = served
    path = path_of(sharekit.card_url(article(site, title="Never drawn"), site))
    renders = app.state.pool.renders
    assert request(port, mangle(path)).status == status
    assert app.state.pool.renders == renders


def test_lru_is_bounded_by_bytes() -> None:
    cache = CardCache(250)
    for i in range(5):
        cache.put((f"k{i}", "png"), bytes(100), f'"{i}"')
    assert cache.size == 200
    assert cache.get(("k0", "png")) is None and cache.get(("k4", "png")) is not None
    cache.put(("big", "png"), bytes(300), '"big"')  # larger than the whole cache: not kept
    assert cache.get(("big", "png")) is None


def test_healthz_and_metrics(served: Any) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    _, port, site = served
    health = request(port, "/healthz")
    assert health.status == 200 and json.loads(health.body)["status"] == "ok"
    request(port, path_of(sharekit.card_url(article(site, title="Metered"), site)))
    request(port, "/card/nope.png")
    answer = request(port, "/metrics")
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(answer.body.decode())}
    statuses = {s.labels["status"] for s in families["sharekit_requests"].samples}
    assert {"200", "400"} <= statuses
    counts = {s.name: s.value for s in families["sharekit_render_seconds"].samples}
    assert counts["sharekit_render_seconds_count"] >= 1
    assert "sharekit_card_cache_hits" in families
    assert "sharekit_render_queue_depth" in families


# --- hostile requests: 4xx, never 5xx, never a render ------------------------------------------


def _fuzz_requests() -> Any:
    from hypothesis import strategies as st

    printable = st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=300)
    anything = st.binary(max_size=200)
    method = st.sampled_from([b"GET", b"HEAD", b"POST", b"PUT", b"DELETE", b"OPTIONS", b"BREW"])
    path = st.one_of(
        printable.map(lambda s: ("/card/" + s).encode()),
        printable.map(lambda s: ("/card/" + s + ".png").encode()),
        st.sampled_from(["/card/", "/card/.png", "/card/..png", "/hooks/publish", "/metrics"]).map(
            str.encode
        ),
        anything.map(lambda b: b"/card/" + b),
        st.integers(2000, 9000).map(lambda n: b"/card/" + b"A" * n + b".webp"),
    )
    header_names = st.sampled_from(
        [
            b"If-None-Match",
            b"Range",
            b"Accept",
            b"Content-Length",
            b"X-Sharekit-Signature",
            b"Transfer-Encoding",
            b"Host",
            b"Accept-Encoding",
            b"Cookie",
        ]
    )
    header = st.tuples(header_names, anything.filter(lambda b: b"\r" not in b and b"\n" not in b))
    return st.tuples(method, path, st.lists(header, max_size=4), st.binary(max_size=64))


def test_fuzzed_paths_and_headers_never_get_a_5xx_or_a_render(served: Any) -> None:
    from hypothesis import HealthCheck, given, settings

    app, port, _ = served
    renders = app.state.pool.renders
    seen: set[int] = set()

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_fuzz_requests())
    def check(case: tuple[bytes, bytes, list[tuple[bytes, bytes]], bytes]) -> None:
        method, path, headers, body = case
        lines = [method + b" " + path + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close"]
        lines += [name + b": " + value for name, value in headers]
        status = raw_status(port, b"\r\n".join(lines) + b"\r\n\r\n" + body)
        seen.add(status)
        assert status < 500, (case, status)

    check()
    assert app.state.pool.renders == renders
    assert not [s for s in app.state.requests if s >= 500]
    assert seen & {400, 403, 414}


# --- limits: queue, deadline -----------------------------------------------------------------------


def test_a_full_queue_answers_503_with_retry_after(tmp_path: Path, hero: Server) -> None:
    from sharekit.serve import create_app

    site = make_site(tmp_path, max_queue=0)
    app = create_app(site)
    with running(app) as port:
        slow = [
            path_of(
                sharekit.card_url(
                    article(site, title=f"Slow {i}", image={"url": hero.url("/slow.jpg")}),
                    site,
                    template="photo",
                )
            )
            for i in range(2)
        ]
        answers: list[Answer] = []
        first = threading.Thread(target=lambda: answers.append(request(port, slow[0])))
        first.start()
        time.sleep(1)  # the first render is in the one worker, fetching its slow hero
        busy = request(port, slow[1])
        first.join()
    assert busy.status == 503
    assert busy.headers["retry-after"].isdigit()
    assert answers[0].status == 200


def test_a_render_past_its_deadline_is_503_and_the_worker_is_freed(
    tmp_path: Path, hero: Server
) -> None:
    from sharekit.serve import create_app

    site = make_site(tmp_path)
    app = create_app(site, render_deadline=1.0)
    with running(app) as port:
        slow = sharekit.card_url(
            article(site, image={"url": hero.url("/slow.jpg")}), site, template="photo"
        )
        started = time.monotonic()
        answer = request(port, path_of(slow))
        assert answer.status == 503 and "retry-after" in answer.headers
        assert time.monotonic() - started < 5
        quick = request(port, path_of(sharekit.card_url(article(site), site)))
        assert quick.status == 200


# --- the publish hook ----------------------------------------------------------------------------


def _sign(body: bytes, key: str = KEY) -> dict[str, str]:
    return hook_headers(body, key)


def test_publish_hook(tmp_path: Path) -> None:
    from sharekit.serve import create_app

    out = tmp_path / "public"
    site = sharekit.load_site(
        {
            "site": {"name": "Daily Example", "url": "https://news.example.test"},
            "serve": {"secret_keys": [OTHER_KEY, KEY], "workers": 1},
            "publish": {"out": str(out)},
        }
    )
    record = json.loads(SEED.read_text())
    body = json.dumps([record]).encode()
    app = create_app(site, max_body=64_000)
    with running(app) as port:
        hook = "/hooks/publish"
        assert request(port, hook, "POST", body=body).status == 401
        wrong = request(port, hook, "POST", _sign(body, "x" * 40), body)
        assert wrong.status == 403
        bad = request(
            port, hook, "POST", {**_sign(body), "X-Sharekit-Signature": "sha256=zz"}, body
        )
        assert bad.status == 403
        big = b"[" + b" " * 70_000 + b"]"
        assert request(port, hook, "POST", _sign(big), big).status == 413
        junk = b"{not json"
        assert request(port, hook, "POST", _sign(junk), junk).status == 400
        assert not out.exists()
        answer = request(port, hook, "POST", _sign(body), body)
        assert answer.status == 202, answer.body
        report = json.loads(answer.body)
        (published,) = report["articles"]
        assert published["status"] == "written" and report["errors"] == []
        for name in published["files"]:
            assert (out / name).is_file()
        assert (out / "feed.xml").is_file()
        again = request(port, hook, "POST", _sign(body), body)
        assert json.loads(again.body)["articles"][0]["status"] == "unchanged"


def test_publish_hook_uses_the_store_publish_names(tmp_path: Path, pg_url: str) -> None:
    """[publish] store (a PostgreSQL database shared by publishers) is the hook's store:
    the article's slug, files and feed entry are in it, no SQLite file under out."""
    from sharekit.feed._stored import stored_items
    from sharekit.serve import create_app
    from sharekit.store._open import open_store

    out = tmp_path / "public"
    site = sharekit.load_site(
        {
            "site": {"name": "Daily Example", "url": "https://news.example.test"},
            "serve": {"secret_keys": [KEY], "workers": 1},
            "publish": {"out": str(out), "store": pg_url},
        }
    )
    record = json.loads(SEED.read_text())
    body = json.dumps([record]).encode()
    with running(create_app(site, max_body=64_000)) as port:
        answer = request(port, "/hooks/publish", "POST", _sign(body), body)
    assert answer.status == 202, answer.body
    (published,) = json.loads(answer.body)["articles"]
    assert published["status"] == "written"
    assert not (out / ".sharekit" / "store.sqlite").exists()
    with open_store(pg_url, out) as store:
        digest, files = store.stored(published["id"])
        assert digest is not None and files == published["files"]
        assert [entry.id for entry in stored_items(store)] == [published["id"]]


def test_publish_hook_without_out_is_503_naming_the_key(tmp_path: Path) -> None:
    from sharekit.serve import create_app

    site = sharekit.load_site({"serve": {"secret_keys": [KEY], "workers": 1}})
    with running(create_app(site)) as port:
        body = b"{}"
        answer = request(port, "/hooks/publish", "POST", _sign(body), body)
    assert answer.status == 503
    assert "[publish] out" in json.loads(answer.body)["detail"]
