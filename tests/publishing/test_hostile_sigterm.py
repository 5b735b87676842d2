"""SIGTERM while publish's workers are starting: publish stops within seconds, leaves no process.

A stop raised inside the pool's own code (between spawning a worker and
recording it) used to leave a worker no shutdown knew of; and a stop waited
for the chunks in flight (5 to 10 s on two cores). Each run is marked with an
environment variable, so a process left behind is found even once it has
been reparented (its parent gone).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers_hostile import SRC

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")


def _marked(marker: str) -> set[int]:
    """Every live process whose environment carries ``marker``."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in environ and state != "Z":
            found.add(int(entry))
    return found


def _children(pid: int) -> int:
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                count += int(stat.rsplit(")", 1)[1].split()[1]) == pid
    return count


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    folder = tmp_path / "posts"
    folder.mkdir()
    for i in range(60):
        record = {"id": f"p{i}", "title": f"Title {i}", "url": f"https://n.example/{i}"}
        (folder / f"p{i}.json").write_text(json.dumps({**record, "published": "2024-01-01"}))
    return folder


def test_sigterm_while_workers_start_stops_within_seconds_and_leaves_no_process(
    posts: Path, tmp_path: Path
) -> None:
    outcomes = []
    for attempt in range(6):
        marker = f"SHAREKIT_SIGTERM_TEST={uuid.uuid4().hex}"
        name, value = marker.split("=")
        process = subprocess.Popen(
            [sys.executable, "-m", "sharekit", "publish", "posts", "--out", f"out{attempt}",
             "--workers", "4"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(SRC), name: value},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _children(process.pid) == 0:
            time.sleep(0.005)
        time.sleep(0.04 * attempt)  # from the first spawn on: the window the stop fell in
        process.terminate()
        sent = time.monotonic()
        try:
            process.wait(timeout=15)
            took = time.monotonic() - sent
        except subprocess.TimeoutExpired:
            process.kill()
            took = float("inf")
        stderr = process.communicate()[1].decode()
        left = set()
        settle = time.monotonic() + 3
        while time.monotonic() < settle:  # PR_SET_PDEATHSIG is asynchronous
            left = _marked(value)
            if not left:
                break
            time.sleep(0.1)
        for pid in left:  # a failing run leaks nothing into the next
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        outcomes.append((attempt, process.returncode, round(took, 2), len(left), stderr[-300:]))
    for _attempt, code, took, left, stderr in outcomes:
        assert left == 0, outcomes
        assert took < 3, outcomes
        assert code in (0, 128 + signal.SIGTERM, -signal.SIGTERM), outcomes
        assert "Traceback" not in stderr, outcomes


class _Stop(BaseException):
    pass


def test_a_stop_tripped_in_another_thread_waits_for_the_end_of_the_deferred_block() -> None:
    """The mask holds back the kernel's delivery only: a SIGTERM another thread
    took runs its Python handler in the main thread at the next check, which
    used to fall inside the pool's ``Thread.start`` (CI: exit 70, "cannot join
    thread before it is started"). Here the stop comes from a thread started
    before the block, deterministically, and must land as the block ends."""
    import threading

    from sharekit.publishing._workers import signals_deferred

    def stop(signum: int, _frame: object) -> None:
        raise _Stop(signum)

    go = threading.Event()

    def other() -> None:
        go.wait(10)
        signal.pthread_kill(threading.get_ident(), signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, stop)
    steps = []
    try:
        thread = threading.Thread(target=other)
        thread.start()
        with pytest.raises(_Stop):
            with signals_deferred():
                go.set()
                thread.join()
                for step in range(1000):  # plenty of points for a pending handler to run
                    steps.append(step)
            steps.append("after")  # not reached: the stop is raised as the block ends
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert steps == list(range(1000)), steps[-3:]
    assert signal.getsignal(signal.SIGTERM) is previous
