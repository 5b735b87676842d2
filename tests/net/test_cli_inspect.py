"""``sharekit inspect``: every exit status, against pages served on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sharekit.cli import main
from tests.helpers_net import Net, net
from tests.helpers_servers import Server, server
from tests.net.test_inspect import BROKEN_PAGE, serve_good

__all__ = ["net", "server"]  # fixtures
# every test here runs behind the guard: no packet can leave loopback
pytestmark = pytest.mark.usefixtures("net")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_clean_page_exits_0(net: Net, server: Server) -> None:
    url = serve_good(server)
    code, out, err = run("inspect", url, "--allow-private")
    assert code == 0, err
    assert out.startswith(url) and "Facebook: large image" in out and "findings: none" in out
    assert "X: summary_large_image" in out and "LinkedIn: large image" in out


def test_json_format(net: Net, server: Server) -> None:
    url = serve_good(server)
    code, out, _ = run("inspect", url, "--allow-private", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and data["findings"] == []
    assert [p["platform"] for p in data["previews"]] == ["facebook", "x", "linkedin"]
    assert data["images"][0]["width"] == 1200


def test_errors_exit_1(net: Net, server: Server) -> None:
    server.route("/broken", body=BROKEN_PAGE, content_type="text/html")
    code, out, _ = run("inspect", server.url("/broken"), "--allow-private")
    assert code == 1
    assert "error    og:image-unreachable" in out and "error    title-missing" in out
    code, out, _ = run("inspect", server.url("/broken"), "--allow-private", "--format", "json")
    assert code == 1 and json.loads(out)["ok"] is False


def test_loopback_refused_without_the_flag_exits_3(net: Net, server: Server) -> None:
    url = serve_good(server)
    code, out, err = run("inspect", url)
    assert code == 3 and out == ""
    assert err.startswith(f"sharekit: {url}: refused: 127.0.0.1 is a loopback address")
    assert "--allow-private" in err and net.connects == []


def test_config_allows_private(net: Net, server: Server) -> None:
    url = serve_good(server)
    Path("sharekit.toml").write_text("[network]\nallow_private = true\n")
    assert run("inspect", url)[0] == 0


@pytest.mark.parametrize(
    ("path", "content_type", "message"),
    [("/missing", "text/html", "HTTP 404 Not Found"),
     ("/card.png", "image/png", "wrong content type 'image/png'")],
)  # fmt: skip
def test_page_failures_exit_3(
    net: Net, server: Server, path: str, content_type: str, message: str
) -> None:
    serve_good(server)
    code, out, err = run("inspect", server.url(path), "--allow-private")
    assert (code, out) == (3, "") and message in err and "Traceback" not in err


def test_unreachable_page_exits_3(net: Net) -> None:
    with Server() as gone:
        url = gone.url("/")
    code, _, err = run("inspect", url, "--allow-private")
    assert code == 3 and "connection to 127.0.0.1 failed" in err


def test_private_name_exits_3_without_traffic(net: Net) -> None:
    net.stub("intranet.example", "192.168.0.10")
    code, _, err = run("inspect", "http://intranet.example/")
    assert code == 3 and "intranet.example resolves to 192.168.0.10, a private address" in err
    assert net.connects == []


@pytest.mark.parametrize("url", ["ftp://example.com/", "not a url"])
def test_bad_url_exits_2(net: Net, url: str) -> None:
    code, _, err = run("inspect", url)
    assert code == 2 and "expected an absolute http(s) URL" in err
    assert net.connects == []


def test_usage_errors_exit_2() -> None:
    assert run("inspect")[0] == 2
    assert run("inspect", "https://example.com/", "--format", "xml")[0] == 2


def test_help() -> None:
    code, out, _ = run("inspect", "--help")
    assert code == 0 and "--allow-private" in out and "Exit status" in out
