"""`sharekit meta`: the CLI twin of render_head."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sharekit import load_article, load_site, meta_tags, render_head
from sharekit.cli import main
from tests.helpers_meta import ROOT, parse_html5

SEED = str(ROOT / "examples" / "article.json")
MINIMAL = str(ROOT / "examples" / "articles" / "minimal.json")


@pytest.fixture(autouse=True)
def _no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no sharekit.toml found: defaults


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_meta_prints_the_head_fragment() -> None:
    code, out, err = run("meta", SEED)
    assert (code, err) == (0, "")
    site = load_site({})
    assert out == render_head(load_article(SEED, site), site)
    assert parse_html5(out).one("og:site_name") == "View Us Global"


def test_meta_json_is_the_tag_list() -> None:
    code, out, _ = run("meta", SEED, "--format", "json")
    assert code == 0
    site = load_site({})
    tags = meta_tags(load_article(SEED, site), site)
    assert json.loads(out) == [tag.as_dict() for tag in tags]
    # hreflang only on language alternates: a record without translations lists what it did
    before = [{k: v for k, v in dataclasses.asdict(tag).items() if k != "hreflang"} for tag in tags]
    assert json.loads(out) == before


def test_meta_uses_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "sharekit.toml"
    config.write_text('[site]\nfacebook_app_id = "42"\n[card]\nenabled = false\n')
    code, out, _ = run("--config", str(config), "meta", MINIMAL)
    assert code == 0
    parsed = parse_html5(out)
    assert parsed.one("fb:app_id") == "42"
    assert "og:image" not in parsed.meta


def test_meta_bad_input_names_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "x", "url": "https://e.com/", "published": "yesterday"}')
    code, out, err = run("meta", "bad.json")  # the cwd is tmp_path
    assert code == 2 and out == ""
    assert err == 'sharekit: bad.json: published: not an ISO 8601 date: "yesterday"\n'


@pytest.mark.parametrize("command", ["meta", "lint"])
def test_help(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0 and "--format" in out and "ARTICLE" in out
