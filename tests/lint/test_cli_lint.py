"""`sharekit lint`: the CLI twin of lint_article; exit 1 on errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sharekit import lint_article, load_article, load_site
from tests.meta.test_cli_meta import MINIMAL, SEED, run


@pytest.fixture(autouse=True)
def _no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no sharekit.toml found: defaults


def test_lint_warnings_exit_zero() -> None:
    code, out, err = run("lint", SEED)
    assert code == 0
    assert out == (f"{SEED}: warning: title-too-long: title is 72 characters: X cuts it at 70\n")
    assert err == "0 errors, 1 warning\n"


def test_lint_errors_exit_one(tmp_path: Path) -> None:
    config = tmp_path / "sharekit.toml"
    config.write_text("[card]\nenabled = false\n")
    code, out, err = run("--config", str(config), "lint", MINIMAL, "--format", "json")
    assert code == 1
    site = load_site(config)
    expected = lint_article(load_article(MINIMAL, site), site)
    # the library's findings, in lint's JSON shape (a record field, no platforms)
    assert json.loads(out) == [f.to_dict("severity", "code", "message", "field") for f in expected]
    assert json.loads(out)[0] == {
        "severity": "warning",
        "code": "title-too-short",
        "message": "title is 14 characters: aim for at least 15 (wide CJK characters count double)",
        "field": "title",
    }
    assert ("error", "image-missing") in [(f["severity"], f["code"]) for f in json.loads(out)]
    code, out, err = run("--config", str(config), "lint", MINIMAL)
    assert code == 1
    assert "error: image-missing: no image" in out
    assert err == "1 error, 4 warnings\n"
