"""The cost of SPEC 8.5's ratio cards in publish: with ``[card] ratios`` on and off.

Publishes examples/article.json and examples/articles/ (the count is printed) into a fresh
folder with one worker, ratios off then on, interleaved, ``--repeats`` times (this
machine's speed drifts minute to minute, so runs measured together are compared),
and prints the medians and their ratio.

    python bench/ratio_cards.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sharekit import load_site, publish  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("sharekit").setLevel(logging.ERROR)
    records = [ROOT / "examples" / "article.json", ROOT / "examples" / "articles"]
    times: dict[bool, list[float]] = {False: [], True: []}
    written = 0
    for _ in range(args.repeats):
        for ratios in (False, True):
            site = load_site({"card": {"ratios": ratios}})
            out = Path(tempfile.mkdtemp(prefix="sharekit-ratios-"))
            start = time.perf_counter()
            report = publish(records, site, out, workers=1)
            times[ratios].append(time.perf_counter() - start)
            written = len(report.written)
            shutil.rmtree(out)
    off, on = statistics.median(times[False]), statistics.median(times[True])
    print(f"{written} records, 1 worker, median of {args.repeats}:")
    print(f"  [card] ratios = false  {off:6.2f} s")
    print(f"  [card] ratios = true   {on:6.2f} s   ({on / off:.2f}x)")


if __name__ == "__main__":
    main()
