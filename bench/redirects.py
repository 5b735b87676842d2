"""What remembering URLs for redirects (SPEC 8.4) costs an unchanged re-run.

Publishes N records once (cards off: the store's work is what is measured),
then re-runs publish with nothing changed, alternating runs where
``Store.note_url`` is replaced by a no-op (the baseline: publish as it was
before redirects) and runs with it, --repeats times each in the same
sitting; prints the medians and their ratio (goal: within noise of 1.0).

    python bench/redirects.py [--records 2000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sharekit
from sharekit.store._sql import SQLStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    site = sharekit.load_site(
        {"site": {"name": "N", "url": "https://news.example"}, "card": {"enabled": False}}
    )
    records = [
        {"id": f"p{i}", "title": f"Headline {i}", "published": "2025-01-02T09:00:00Z"}
        for i in range(args.records)
    ]
    out = Path(tempfile.mkdtemp()) / "out"
    sharekit.publish(records, site, out, workers=1)
    real: Callable[..., Any] = SQLStore.note_url

    def rerun(baseline: bool) -> float:
        SQLStore.note_url = (lambda self, i, u: None) if baseline else real  # type: ignore[method-assign]
        start = time.perf_counter()
        report = sharekit.publish(records, site, out, workers=1)
        assert len(report.unchanged) == args.records
        return time.perf_counter() - start

    without, with_urls = [], []
    for _ in range(args.repeats):
        without.append(rerun(True))
        with_urls.append(rerun(False))
    base, new = statistics.median(without), statistics.median(with_urls)
    print(
        f"unchanged re-run of {args.records}: without note_url {base:.3f} s,"
        f" with {new:.3f} s, ratio {new / base:.3f}"
    )


if __name__ == "__main__":
    main()
