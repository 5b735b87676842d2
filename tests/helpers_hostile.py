"""Run the real CLI on hostile input: a subprocess under a memory limit and a timeout.

Every hostile case must end the way a user can act on: the documented exit status, exactly
one line on stderr, no traceback, and nothing written outside the place it was asked to write.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

# generous for Pillow and fonts, small enough that "read /dev/zero into memory" fails fast
MEMORY_LIMIT = 1024 * 1024 * 1024
TIMEOUT = 30.0


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_sharekit(
    *args: str | os.PathLike[str],
    cwd: Path,
    timeout: float = TIMEOUT,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> Outcome:
    """`python -m sharekit ARGS` in cwd with this checkout's sources; raises on a timeout."""
    environment = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "sharekit", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        env=environment,
        preexec_fn=_limit_memory,
        check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def assert_clean_failure(outcome: Outcome, code: int, *, mentions: str = "") -> None:
    """Exit `code`, one line on stderr (mentioning `mentions`), no traceback."""
    assert outcome.code == code, (outcome.code, outcome.stderr[-2000:])
    assert "Traceback" not in outcome.stderr, outcome.stderr[-2000:]
    lines = [line for line in outcome.stderr_lines if not line.startswith("sharekit: warning:")]
    assert len(lines) == 1, outcome.stderr[-2000:]
    assert mentions in lines[0], lines[0]


def tree(folder: Path) -> dict[str, int]:
    """Every path under folder (links not followed) with its size: compare before and after."""
    found: dict[str, int] = {}
    for path in sorted(folder.rglob("*")):
        found[str(path.relative_to(folder))] = path.lstat().st_size
    return found
