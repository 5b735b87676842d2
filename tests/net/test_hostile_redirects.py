"""Credentials never follow a redirect to another host, port or from https to http (SPEC 8.2).

Two loopback servers on two ports stand in for the configured service and a
stranger: the service answers 307 or 308 pointing at the stranger, and the
stranger must never see the credential (a bearer token, an app password in a
JSON body, a token in a form body, a secret header). Each service of
syndication goes through the same client, so each is tried.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from sharekit import load_site, publish
from sharekit.errors import NetworkError
from sharekit.net._credentials import carries_credentials
from sharekit.net._http import request
from tests.helpers_hostile import run_sharekit
from tests.helpers_servers import Server, syndication_stand_in
from tests.helpers_syndicate import (
    FACEBOOK_TOKEN,
    MASTODON_TOKEN,
    Fault,
    StandIn,
)
from tests.syndication.helpers import SECRETS as SERVICE_SECRETS
from tests.syndication.helpers import config, record, targets

LOOPBACK = load_site({"network": {"allow_private": True, "timeout": 2}})
SECRETS = (*SERVICE_SECRETS, "hunter2")


@pytest.fixture
def server() -> Iterator[Server]:
    """The host a request is for (the service's stand-in)."""
    with Server() as started:
        yield started


@pytest.fixture
def stranger() -> Iterator[Server]:
    with Server() as started:
        started.route("/", 200, b"{}", "application/json")
        yield started


def _never_saw_a_secret(stranger: Server) -> None:
    for seen in stranger.requests:
        text = json.dumps(seen.headers) + seen.path + seen.body.decode("latin-1")
        assert not any(secret in text for secret in SECRETS), seen


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize(
    "kind", ["authorization", "secret header", "password body", "token form", "user in url"]
)
def test_a_credential_is_never_sent_to_another_port(
    server: Server, stranger: Server, status: int, kind: str
) -> None:
    server.routes["/api"] = lambda h: h.send(
        status, b"", headers={"Location": stranger.url("/api")}
    )
    stranger.route("/api", 200, b"{}", "application/json")
    headers: dict[str, str] = {}
    data: bytes | list[tuple[str, str]] | None = None
    url = server.url("/api")
    method = "POST"
    if kind == "authorization":
        headers, method = {"Authorization": "Bearer hunter2"}, "GET"
    elif kind == "secret header":
        headers, method = {"X-Api-Key": "hunter2"}, "GET"
    elif kind == "password body":
        headers = {"Content-Type": "application/json"}
        data = json.dumps({"identifier": "me", "password": "hunter2"}).encode()
    elif kind == "token form":
        data = [("id", "https://a.example/"), ("access_token", "hunter2")]
    else:
        url, method = url.replace("http://", "http://me:hunter2@"), "GET"
    with pytest.raises(NetworkError) as caught:
        request(method, url, LOOPBACK, headers=headers, data=data)
    if method == "GET" or status in (307, 308):  # a POST follows only 307/308 at all
        assert "refused: redirected" in caught.value.reason
        assert f"127.0.0.1:{stranger.port}" in caught.value.reason
        assert "credentials" in caught.value.reason
    assert stranger.requests == []
    assert "hunter2" not in str(caught.value)


def test_a_host_name_is_another_host_even_on_the_same_port(server: Server) -> None:
    # 127.0.0.1 and localhost are one machine here, two origins to a browser and to us
    server.routes["/a"] = lambda h: h.send(
        307, b"", headers={"Location": server.url("/b", "localhost")}
    )
    server.route("/b", 200, b"ok")
    with pytest.raises(NetworkError, match="to another host"):
        request("GET", server.url("/a"), LOOPBACK, headers={"Authorization": "Bearer hunter2"})
    assert [r.path for r in server.requests] == ["/a"]


def test_https_to_http_with_credentials_is_refused_and_named() -> None:
    from sharekit.net._credentials import same_origin as _same_origin

    with pytest.raises(NetworkError, match="from https to http"):
        _same_origin("https://api.example/x", "https://api.example/x", "http://api.example/x", 308)
    _same_origin("https://api.example/x", "https://api.example/x", "https://API.example:443/y", 308)
    # an upgrade of the same host to https keeps the credential with its host
    _same_origin("http://api.example/x", "http://api.example/x", "https://api.example/x", 301)
    for elsewhere in (
        "https://api.example:8443/x",
        "https://other.example/x",
        "ftp://api.example/",
    ):
        with pytest.raises(NetworkError, match="to another host"):
            _same_origin("http://api.example/x", "http://api.example/x", elsewhere, 301)


def test_redirects_on_the_same_origin_and_plain_downloads_still_follow(
    server: Server, stranger: Server
) -> None:
    server.routes["/old"] = lambda h: h.send(308, b"", headers={"Location": "/new"})
    server.route("/new", 200, b"{}", "application/json")
    answer = request(
        "POST", server.url("/old"), LOOPBACK, headers={"Authorization": "Bearer x"}, data=b"{}"
    )
    assert answer.status == 200 and answer.final_url.endswith("/new")
    # an image or a page with no credential may move to a CDN on another host
    server.routes["/img"] = lambda h: h.send(302, b"", headers={"Location": stranger.url("/")})
    assert request("GET", server.url("/img"), LOOPBACK, headers={"Accept": "*/*"}).status == 200


def test_what_counts_as_a_credential() -> None:
    assert not carries_credentials("https://a.example/x?q=1", {"Accept": "image/*"}, None)
    assert carries_credentials("https://a.example/", {"authorization": "x"}, None)
    assert carries_credentials("https://a.example/", {"Idempotency-Key": "k"}, None)
    assert carries_credentials("https://a.example/", None, b"{}")
    assert carries_credentials("https://u:p@a.example/", None, None)


# --- every syndication service, through publish ---------------------------------------------


@pytest.fixture
def service(tmp_path: Path) -> Iterator[StandIn]:
    out = tmp_path / "out"
    out.mkdir()
    with syndication_stand_in(out) as running:
        yield running


ROUTES = {
    "mastodon": ("mastodon", {"bluesky": None, "telegram": None, "indexnow_key": ""}),
    "bluesky": (
        "com.atproto.server.createSession",
        {"mastodon": None, "telegram": None, "indexnow_key": ""},
    ),
    "telegram": ("telegram.sendPhoto", {"mastodon": None, "bluesky": None, "indexnow_key": ""}),
    "indexnow": ("indexnow", {"mastodon": None, "bluesky": None, "telegram": None}),
}
ONLY = {"mastodon": None, "bluesky": None, "telegram": None, "indexnow_key": ""}
# the services of SPEC 8.7 that came later, each alone: (first route, its [syndicate] table)
LATER = {
    "threads": "threads.threads",
    "linkedin": "linkedin",
    "webhook": "webhook",
    "facebook": "facebook.feed",
}


@pytest.mark.parametrize("status", [307, 308])
@pytest.mark.parametrize("name", sorted([*ROUTES, *LATER]))
def test_no_service_sends_its_secret_after_a_redirect(
    service: StandIn, stranger: Server, tmp_path: Path, name: str, status: int
) -> None:
    if name in LATER:
        route, others = LATER[name], {**ONLY, name: targets(service)[name]}
    else:
        route, others = ROUTES[name]
    service.faults[route] = [Fault(status, {"Location": stranger.url("/")}, {})]
    stranger.route("/", 200, b'{"ok": true}', "application/json")
    site = load_site(config(service, **others))
    report = publish([record(service, 1)], site, tmp_path / "out", workers=1)
    _never_saw_a_secret(stranger)
    assert stranger.requests == []
    messages = [p.error for p in report.posts] + [str(report.indexnow)]
    assert any("refused: redirected" in m for m in messages), (report.posts, report.indexnow)


def test_the_facebook_token_in_a_form_body_stays_with_the_graph_api(
    service: StandIn, stranger: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sharekit.syndication._facebook

    monkeypatch.setattr(sharekit.syndication._facebook, "GRAPH", service.url)
    cfg = config(service, mastodon=None, bluesky=None, telegram=None, indexnow_key="")
    cfg["syndicate"]["facebook_token"] = FACEBOOK_TOKEN
    site = load_site(cfg)
    records = [record(service, 1)]
    publish(records, site, tmp_path / "out", workers=1)
    records[0]["title"] = "Headline 1, corrected"  # a re-scrape goes
    service.faults["facebook"] = [Fault(307, {"Location": stranger.url("/")}, {})]
    report = publish(records, site, tmp_path / "out", workers=1)
    _never_saw_a_secret(stranger)
    assert stranger.requests == []
    assert [p.status for p in report.posts] == ["failed"]
    assert "refused: redirected (307)" in report.posts[0].error


def test_cli_syndicate_names_the_refused_redirect_and_exits_3(
    service: StandIn, stranger: Server, tmp_path: Path
) -> None:
    service.faults["mastodon"] = [Fault(308, {"Location": stranger.url("/api/v1/statuses")}, {})]
    (tmp_path / "sharekit.toml").write_text(
        f'[site]\nurl = "{service.url}"\n[network]\nallow_private = true\ntimeout = 2\n'
        f'[syndicate.mastodon]\ninstance = "{service.url}"\n'
    )
    (tmp_path / "a.json").write_text(json.dumps(record(service, 1)))
    done = run_sharekit(
        "syndicate", "a.json", "--out", tmp_path / "out", cwd=tmp_path,
        env={"SHAREKIT_MASTODON_TOKEN": MASTODON_TOKEN},
    )  # fmt: skip
    assert done.code == 3, done.stderr
    assert "refused: redirected (308) to another host" in done.stdout
    assert MASTODON_TOKEN not in done.stdout + done.stderr
    assert stranger.requests == []
