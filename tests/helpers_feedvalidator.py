"""The W3C feed validator (https://github.com/w3c/feedvalidator, Python 3), run in process.

It is not on PyPI or in Debian. The tests use a checkout's ``src/`` folder named by
``FEEDVALIDATOR_SRC`` (or ``tests/.feedvalidator/src``, git-ignored) and skip, saying
so, without one. It needs html5lib and rdflib, which the test extra has. Events are
filtered at the "AA" level, which is what validator.w3.org/feed shows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

__all__ = ["w3c_problems"]

_DEFAULT = Path(__file__).parent / ".feedvalidator" / "src"


def _source() -> Path | None:
    folder = Path(os.environ.get("FEEDVALIDATOR_SRC", _DEFAULT))
    return folder if (folder / "feedvalidator" / "__init__.py").is_file() else None


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
