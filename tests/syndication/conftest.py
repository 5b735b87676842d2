"""The syndication tests' output folder, and the stand-ins (tests/helpers_syndicate.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers_servers import syndication_stand_in
from tests.helpers_syndicate import StandIn


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


@pytest.fixture
def server(out: Path) -> Iterator[StandIn]:
    out.mkdir(parents=True, exist_ok=True)
    with syndication_stand_in(out) as running:
        yield running
