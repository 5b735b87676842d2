"""Meta benchmarks: cold start of `sharekit meta` and time per article (medians, ratios).

Run: python bench/meta.py [--runs N]. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_run(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs

    baseline = median_run([sys.executable, "-c", "import click, slugify"], runs)
    meta = median_run([sys.executable, "-m", "sharekit", "meta", "examples/article.json"], runs)
    print(f"cold start: import click, slugify {baseline * 1000:.0f} ms")
    print(f"cold start: sharekit meta        {meta * 1000:.0f} ms  ({meta / baseline:.2f}x)")

    from sharekit import load_articles, load_site, meta_tags, render_head

    site = load_site({})
    articles = [a for p in [ROOT / "examples"] for a in load_articles(p, site)]
    for name, call in (
        ("meta_tags", lambda a: meta_tags(a, site)),
        ("render_head", lambda a: render_head(a, site)),
    ):
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            for article in articles:
                call(article)
            samples.append((time.perf_counter() - start) / len(articles))
        print(f"{name}: {statistics.median(samples) * 1e6:.0f} µs per article "
              f"(median of {runs}, {len(articles)} articles)")  # fmt: skip


if __name__ == "__main__":
    main()
