"""The W3C feed validator (https://github.com/w3c/feedvalidator, Python 3), run in process.

It is not on PyPI or in Debian, and its code is never copied into this repository
(bench/w3c_validate.py runs it the same way). ``FEEDVALIDATOR_SRC`` names a snapshot:
a checkout, its ``src/`` folder, or a bare git directory (exported to a temporary
folder once); default ``tests/.feedvalidator`` (git-ignored). Without one the
assertions that need it skip, saying so. It needs html5lib and rdflib, which the
test extra has. Events are filtered at the "AA" level, which is what
validator.w3.org/feed shows.
"""

from __future__ import annotations

import functools
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest

__all__ = ["w3c_problems"]

_DEFAULT = Path(__file__).parent / ".feedvalidator"


@functools.cache
def _source() -> Path | None:
    snapshot = Path(os.environ.get("FEEDVALIDATOR_SRC", _DEFAULT))
    for folder in (snapshot, snapshot / "src"):
        if (folder / "feedvalidator" / "__init__.py").is_file():
            return folder
    if not (snapshot / "HEAD").is_file():  # not a bare git directory either
        return None
    scratch = Path(tempfile.mkdtemp(prefix="feedvalidator-"))
    archive = subprocess.run(
        ["git", f"--git-dir={snapshot}", "archive", "HEAD", "src"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(scratch, filter="data")
    return scratch / "src"


def w3c_problems(data: bytes, url: str) -> list[str]:
    """The validator's errors and warnings for the feed ``data`` served at ``url``."""
    source = _source()
    if source is None:
        pytest.skip("W3C feed validator not found: set FEEDVALIDATOR_SRC to a checkout's src/")
    if str(source) not in sys.path:
        sys.path.insert(0, str(source))
    import feedvalidator
    from feedvalidator import compatibility
    from feedvalidator.formatter.text_plain import Formatter

    try:
        events = feedvalidator.validateString(data, firstOccurrenceOnly=1, base=url)
        logged = events["loggedEvents"]
    except feedvalidator.logging.ValidationFailure as failure:
        logged = [failure.event]
    return list(Formatter(compatibility.AA(logged)))
