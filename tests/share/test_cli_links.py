"""``sharekit links``: the CLI twin of share_links / render_share_block."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from click.testing import CliRunner

from sharekit import load_article, load_site, render_share_block, share_links
from sharekit.cli import main

EXAMPLE = str(Path(__file__).resolve().parent.parent.parent / "examples" / "article.json")


@pytest.fixture(autouse=True)
def _no_config_around(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no sharekit.toml found from here


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_json_is_the_library_result():
    result = run("links", EXAMPLE)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    site = load_site()
    expected = share_links(load_article(EXAMPLE, site), site)
    assert [item["network"] for item in payload] == [link.network for link in expected]
    assert [item["url"] for item in payload] == [link.url for link in expected]
    assert set(payload[0]) == {
        "network", "label", "url", "shared_url", "needs_js", "needs_app_id", "app_only",
        "available",
    }  # fmt: skip


def test_html_is_the_share_block():
    result = run("links", EXAMPLE, "--format", "html", "--networks", "x,copy")
    assert result.exit_code == 0
    site = load_site()
    assert result.stdout == render_share_block(
        load_article(EXAMPLE, site), site, networks=["x", "copy"]
    )


def test_networks_order():
    result = run("links", EXAMPLE, "--networks", "line,kakaotalk,x")
    assert [item["network"] for item in json.loads(result.stdout)] == ["line", "kakaotalk", "x"]


@pytest.mark.parametrize(
    ("networks", "message"),
    [
        ("x,facbook", 'option: networks: unknown network "facbook"; did you mean "facebook"?'),
        ("twitter", 'option: networks: unknown network "twitter"; did you mean "x"?'),
    ],
)
def test_unknown_network_exits_2_naming_it(networks, message):
    result = run("links", EXAMPLE, "--networks", networks)
    assert result.exit_code == 2
    assert result.stderr == f"sharekit: {message}\n"
    assert result.stdout == ""


def test_utm_flags(tmp_path):
    config = tmp_path / "sharekit.toml"
    config.write_text('[share]\nutm = { medium = "social", campaign = "launch-{slug}" }\n')

    def utm_of(*flags: str) -> dict[str, str]:
        result = run("links", EXAMPLE, "--networks", "facebook", *flags)
        assert result.exit_code == 0, result.output
        shared = json.loads(result.stdout)[0]["shared_url"]
        return {k: v for k, v in parse_qsl(urlsplit(shared).query) if k.startswith("utm_")}

    assert utm_of() == {
        "utm_source": "facebook",
        "utm_medium": "social",
        "utm_campaign": "launch-" + load_article(EXAMPLE).slug,
    }
    assert utm_of("--no-utm") == {}
    config.unlink()
    assert utm_of() == {}
    assert utm_of("--utm")["utm_medium"] == "social"


def test_bad_record_names_file_and_field(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "x", "url": "https://example.com/", "publised": "2024"}')
    result = run("links", "bad.json")  # the cwd is tmp_path
    assert result.exit_code == 2
    assert (
        result.stderr == 'sharekit: bad.json: publised: unknown field; did you mean "published"?\n'
    )


def test_help():
    result = run("links", "--help")
    assert result.exit_code == 0
    for option in ("--format", "--networks", "--utm / --no-utm"):
        assert option in result.stdout
