"""Run the real CLI on hostile input: a subprocess under a memory limit and a timeout.

Every hostile case must end the way a user can act on: the documented exit status, exactly
one line on stderr, no traceback, and nothing written outside the place it was asked to write.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Another checkout's sources can be measured with the same cases (docs/hardening.md's
# before/after figures): SHAREKIT_HOSTILE_SRC=/path/to/old/src pytest tests/test_hostile.py
SRC = Path(os.environ.get("SHAREKIT_HOSTILE_SRC") or ROOT / "src")
# With SHAREKIT_HOSTILE_LOG=FILE each run appends {test, code, seconds, peak_kb} to FILE.
LOG = os.environ.get("SHAREKIT_HOSTILE_LOG", "")
# The child reports its own peak memory at exit (nothing is written when it is killed):
# VmHWM, because ru_maxrss survives exec and would report the test process's size.
_MEASURED = (
    "import atexit, os, runpy, sys\n"
    "def report():\n"
    "    with open('/proc/self/status') as status:\n"
    "        peak = next(line.split()[1] for line in status if line.startswith('VmHWM:'))\n"
    "    with open(os.environ['SHAREKIT_HOSTILE_PEAK'], 'w') as handle:\n"
    "        handle.write(peak)\n"
    "atexit.register(report)\n"
    "sys.argv[0] = 'sharekit'\n"
    "runpy.run_module('sharekit', run_name='__main__', alter_sys=True)\n"
)

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
    if os.environ.get("SHAREKIT_HOSTILE_TIMEOUT"):  # measuring a checkout that hangs
        timeout = min(timeout, float(os.environ["SHAREKIT_HOSTILE_TIMEOUT"]))
    command = [sys.executable, "-m", "sharekit", *map(str, args)]
    peak = Path(tempfile.mkstemp(prefix="sharekit-peak-")[1]) if LOG else None
    if peak is not None:
        command = [sys.executable, "-c", _MEASURED, *map(str, args)]
        environment["SHAREKIT_HOSTILE_PEAK"] = str(peak)
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
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
    except subprocess.TimeoutExpired:
        _log(-1, time.monotonic() - started, peak)
        raise
    _log(done.returncode, time.monotonic() - started, peak)
    return Outcome(done.returncode, done.stdout, done.stderr)


def _log(code: int, seconds: float, peak: Path | None) -> None:
    if not LOG or peak is None:
        return
    text = peak.read_text() if peak.exists() else ""
    peak.unlink(missing_ok=True)
    entry = {
        "test": os.environ.get("PYTEST_CURRENT_TEST", "").removesuffix(" (call)"),
        "code": code,
        "seconds": round(seconds, 2),
        "peak_kb": int(text) if text.strip() else None,
    }
    with open(LOG, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")


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
