"""The README's console transcripts are what the commands print (SPEC 8.4).

Each ```console block of README.md is a list of ``$ command`` lines, each
followed by the lines it prints (stdout and stderr as a terminal shows them).
Every command runs, through a shell, in a scratch folder where ``examples``
is the bundled examples folder and ``sharekit`` this checkout's CLI, and
what it prints must equal the transcript. Commands that read a file the
examples do not have (``article.json`` with a mistake in it) get it written
first, from :data:`INPUTS`, keyed by the transcript's expected output.
``jekyll-site`` is a copy of jekyllrb.com's site (tests/data/sites/jekyll-docs).
A transcript whose last line is ``...`` shows the first lines of the output.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
_BLOCK = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)
# The bad records of the README's "Bad input" transcript, by the line each must print.
_BAD = {"title": "T", "url": "https://x.example/a/"}
INPUTS = {
    'sharekit: article.json: published: not an ISO 8601 date: "yesterday"': {
        "article.json": {**_BAD, "published": "yesterday"}
    },
    'sharekit: article.json: publised: unknown field; did you mean "published"?': {
        "article.json": {**_BAD, "publised": "2024-10-24T09:00:00+09:00"}
    },
}


def transcripts() -> list[tuple[str, list[str]]]:
    """(command, expected lines) of every console block, in README order."""
    found: list[tuple[str, list[str]]] = []
    for block in _BLOCK.findall(README.read_text(encoding="utf-8")):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found:
                found[-1][1].append(line)
    return found


def _shell(tmp: Path) -> dict[str, str]:
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "sharekit"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m sharekit "$@"\n')
    shim.chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT / "src"),
        "PYTHONUNBUFFERED": "1",  # stdout and stderr in the order a terminal shows them
        "COLUMNS": "80",
    }


def test_the_readme_has_transcripts() -> None:
    commands = [command for command, _ in transcripts()]
    assert len(commands) >= 8
    assert any(c.startswith("sharekit publish examples/") for c in commands)


@pytest.mark.parametrize(("index",), [(i,) for i in range(len(transcripts()))])
def test_a_readme_transcript_is_what_the_command_prints(index: int, tmp_path: Path) -> None:
    command, expected = transcripts()[index]
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    if "jekyll-site" in command:
        shutil.copytree(ROOT / "tests" / "data" / "sites" / "jekyll-docs", tmp_path / "jekyll-site")
    for name, record in INPUTS.get("\n".join(expected), {}).items():
        (tmp_path / name).write_text(json.dumps(record))
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=tmp_path,
        env=_shell(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )
    printed = result.stdout.replace(str(tmp_path) + "/", "").rstrip("\n").splitlines()
    if expected and expected[-1].strip() == "...":
        expected = expected[:-1]
        printed = printed[: len(expected)]
    assert printed == expected, f"$ {command}\n(exit {result.returncode})"
