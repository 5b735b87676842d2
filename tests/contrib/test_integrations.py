"""The integration examples run end to end: in process or on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from urllib.error import HTTPError

from sharekit import load_site
from tests.conftest import EXAMPLES, ROOT
from tests.helpers_servers import serving

SITE = load_site({"site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"}})


def test_django_post_save_signal(tmp_path: Path) -> None:
    from tests.helpers_django import django_dir

    django_dir()
    from django.db.models.signals import post_save
    from examples.integrations.django_signal import make_handler

    class Post:  # stands in for a model class: signals dispatch on any sender
        pass

    handler = make_handler(tmp_path / "out", SITE)
    post_save.connect(handler, sender=Post, weak=False)
    try:
        post = SimpleNamespace(
            pk=42, title="Signals fire on save", body_html="<p>Body.</p>", author_name="Daniel Kim",
            section="World", tags=["django"], published_at=datetime(2025, 1, 2, 9, tzinfo=UTC),
            get_absolute_url=lambda: "https://www.viewusglobal.com/news/signals",
        )  # fmt: skip
        post_save.send(sender=Post, instance=post, created=True)
        draft = SimpleNamespace(**{**vars(post), "pk": 43, "published_at": None})
        post_save.send(sender=Post, instance=draft, created=True)
    finally:
        post_save.disconnect(handler, sender=Post)
    assert (tmp_path / "out/articles/signals-fire-on-save/head.html").is_file()
    feed = json.loads((tmp_path / "out/feed.json").read_text())
    assert [item["id"] for item in feed["items"]] == ["42"]


def test_flask_route(tmp_path: Path) -> None:
    from examples.integrations.flask_app import create_app

    client = create_app(tmp_path / "out", SITE).test_client()
    good = json.loads((EXAMPLES / "article.json").read_text())
    response = client.post("/publish", json=good)
    assert response.status_code == 200, response.json
    (article,) = response.json["articles"]
    assert article["status"] == "written" and any(f.endswith("card.png") for f in article["files"])
    response = client.post(
        "/publish", json={"title": "T", "url": "https://x.example/", "published": "soon"}
    )
    assert response.status_code == 422
    assert response.json["errors"] == ['<record>: published: not an ISO 8601 date: "soon"']
    assert client.post("/publish", data="not json").status_code == 400


def _ghost_payload() -> dict[str, object]:
    return {
        "post": {
            "current": {
                "id": "65f1c0ffee",
                "title": "Ghost posts become share cards",
                "slug": "ghost-posts-become-share-cards",
                "url": "https://blog.example.com/ghost-posts-become-share-cards/",
                "html": "<p>Published from Ghost. It works.</p>",
                "custom_excerpt": None,
                "excerpt": "Published from Ghost.",
                "published_at": "2025-03-01T10:00:00.000Z",
                "updated_at": "2025-03-01T11:00:00.000Z",
                "authors": [
                    {"name": "Ghost Writer", "url": "https://blog.example.com/author/ghost/"}
                ],
                "primary_tag": {"name": "News"},
                "tags": [
                    {"name": "News", "visibility": "public"},
                    {"name": "#internal", "visibility": "internal"},
                ],
                "feature_image": None,
            }
        }
    }


def test_ghost_webhook_receiver_on_loopback(tmp_path: Path) -> None:
    from examples.integrations.ghost_webhook import make_server

    server = make_server("127.0.0.1", 0, tmp_path / "out", "s3cret", SITE)
    url = f"http://127.0.0.1:{server.server_address[1]}/ghost"
    with serving(server):
        body = json.dumps(_ghost_payload()).encode()
        stamp = "1740823200"
        signature = hmac.new(b"s3cret", body + stamp.encode(), hashlib.sha256).hexdigest()

        def post(sig: str) -> tuple[int, dict[str, object]]:
            request = urllib.request.Request(url, body, {"X-Ghost-Signature": f"sha256={sig}, t={stamp}",
                                                         "Content-Type": "application/json"})  # fmt: skip
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status, json.loads(response.read())
            except HTTPError as error:
                return error.code, json.loads(error.read())

        status, answer = post("0" * 64)
        assert status == 401
        status, answer = post(signature)
        assert status == 200, answer
    out = tmp_path / "out"
    assert (out / "articles/ghost-posts-become-share-cards/card.png").is_file()
    feed = json.loads((out / "feed.json").read_text())
    assert feed["items"][0]["tags"] == ["News"]


def test_static_site_build_step(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    for path in EXAMPLES.glob("articles/*.md"):
        (posts / path.name).write_text(path.read_text())
    script = ROOT / "examples/integrations/static_site.py"
    run = [sys.executable, str(script), str(posts), str(tmp_path / "public")]
    first = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "1 written" in first.stdout
    second = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path)
    assert "0 written, 1 unchanged" in second.stdout
    # a generator's real posts, as they are: a Hugo bundle in two languages and its list page
    hugo = ROOT / "tests/data/sources/hugo-loveit/content"
    (tmp_path / "sharekit.toml").write_text('[site]\nurl = "https://blog.example"\n')
    run = [sys.executable, str(script), str(hugo), str(tmp_path / "hugo")]
    third = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    assert "2 written, 0 unchanged, 0 failed, 0 drafts and 1 not articles skipped" in third.stdout
    assert "_index.en.md: not an article (a list page (_index)), skipped" in third.stderr
