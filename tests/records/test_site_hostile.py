"""A site's configuration is input like any other: a broken one is one line and exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

POST = "---\ntitle: A\n---\nx\n"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"_config.yml": "url: [unclosed\n"}, "_config.yml: not valid YAML"),
        ({"_config.yml": "- a list\n"}, "_config.yml: expected key: value pairs, got a list"),
        ({"_config.yml": "a: &a [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" * 1}, ""),
        ({"hugo.toml": "baseURL = \n"}, "hugo.toml: not valid TOML"),
        ({"hugo.json": "[1, 2]"}, "hugo.json: expected key: value pairs, got a list"),
        ({"_data/metadata.json": "{nope"}, "_data/metadata.json: not valid JSON"),
        ({"_config.yml": "\udcff".encode("utf-8", "surrogateescape").decode("latin-1")}, ""),
    ],
)
def test_a_broken_configuration_is_one_line(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2020-01-02-a.md").write_text(POST, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "sharekit", "site"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 2), done.stderr
    assert "Traceback" not in done.stderr
    if done.returncode == 2:
        assert len(done.stderr.strip().splitlines()) == 1
    if message:
        assert done.returncode == 2 and message in done.stderr


@pytest.mark.parametrize(
    "config",
    [
        "collections: just a string\n",
        "collections: [1, {a: b}]\n",
        "defaults: 5\n",
        "defaults: [{scope: 5, values: {image: 3}}]\n",
        "timezone: Mars/Olympus\nurl: 5\ntwitter: {username: 'not a handle!'}\n",
        "permalink: 7\n",
        "url: https://example.org\nbaseurl: [x]\n",
    ],
)
def test_odd_values_are_left_out_or_named(tmp_path: Path, config: str) -> None:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2020-01-02-a.md").write_text(POST, encoding="utf-8")
    for args in (["site"], ["meta", "_posts/2020-01-02-a.md"]):
        done = subprocess.run(
            [sys.executable, "-m", "sharekit", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode in (0, 2), done.stderr
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize("name", ["a\x00b.md", "../" * 50 + "nowhere.md", "\udcff.md"])
def test_a_path_that_cannot_be_a_file_finds_no_site(name: str) -> None:
    from sharekit import site_report

    assert site_report(name) is None
