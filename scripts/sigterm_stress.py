"""SIGTERM at random points while publish's workers start, many times, for a before/after.

    python scripts/sigterm_stress.py [RUNS] [SRC]

Each run publishes 60 records with ``--workers 4`` from SRC (default: this
tree's ``src``), waits for its first child process, sleeps a random 0-80 ms
and sends SIGTERM. A run passes when publish exits 0 or 143; the first that
does not is printed with its ``--debug`` traceback. Load the cores (busy
loops) to widen the race: tests/publishing/test_hostile_sigterm.py tries six
fixed points only, so a rare race needs this to be seen before CI sees it.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _children(pid: int) -> int:
    count = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            count += int(stat.rsplit(")", 1)[1].split()[1]) == pid
    return count


def main(runs: int, src: Path) -> int:
    with tempfile.TemporaryDirectory() as folder:
        posts = Path(folder, "posts")
        posts.mkdir()
        for i in range(60):
            record = {"id": f"p{i}", "title": f"T {i}", "url": f"https://n.example/{i}"}
            (posts / f"p{i}.json").write_text(json.dumps({**record, "published": "2024-01-01"}))
        for run in range(runs):
            process = subprocess.Popen(
                [sys.executable, "-m", "sharekit", "--debug", "publish", str(posts),
                 "--out", str(Path(folder, f"out{run}")), "--workers", "4"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": str(src)},
            )  # fmt: skip
            while _children(process.pid) == 0 and process.poll() is None:
                time.sleep(0.001)
            time.sleep(random.random() * 0.08)
            process.terminate()
            stderr = process.communicate()[1].decode()
            if process.returncode not in (0, 143):
                print(f"run {run}: exit {process.returncode}\n{stderr[-3000:]}")
                return 1
    print(f"{runs} runs: every one exited 0 or 143")
    return 0


if __name__ == "__main__":
    here = Path(__file__).resolve().parent.parent / "src"
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    sys.exit(main(count, Path(sys.argv[2]) if len(sys.argv) > 2 else here))
