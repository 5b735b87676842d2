"""Cold start of light commands, as whole processes, against their floor.

SPEC 5: `sharekit slug` within 1.5 times `python -c "import click, slugify"`,
and neither `slug` nor `meta` imports Pillow, feedgen/lxml or requests.
Prints medians of N runs of each, measured interleaved in the same run.

    python bench/cold_start.py [--runs 21]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADLINE = "Russia Calls Out ‘Fake News’ on North Korean Troops, But U.S. Sees Signs"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    sharekit = shutil.which("sharekit", path=str(Path(sys.executable).parent)) or "sharekit"
    commands = {
        "floor: python -c 'import click, slugify'": [sys.executable, "-c", "import click, slugify"],
        "sharekit slug HEADLINE": [sharekit, "slug", HEADLINE],
        "sharekit schema": [sharekit, "schema"],
    }
    meta = [sharekit, "meta", str(ROOT / "examples/article.json")]
    if subprocess.run(meta, capture_output=True, cwd=ROOT).returncode == 0:
        commands["sharekit meta examples/article.json"] = meta
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        timed(command)  # warm the file cache once
    for _ in range(args.runs):
        for name, command in commands.items():  # interleaved: noise hits every command alike
            times[name].append(timed(command))
    floor = statistics.median(next(iter(times.values())))
    print(f"{'command':45} {'median ms':>10} {'x floor':>8}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:45} {median * 1000:10.1f} {median / floor:8.2f}")


if __name__ == "__main__":
    main()
