"""Publishing a Jekyll site from its root against the same posts as records (SPEC 8.8: the
site adds under 5%).

Generates N Jekyll posts twice, byte for byte the same files: once in a Jekyll
site (``_config.yml`` with url, timezone, a collection permalink and a
``defaults`` scope) published from its root with no sharekit.toml, so sharekit
reads the configuration, Ruby-parses the dates and makes Jekyll's URLs; once
in a plain folder published with ``[site] url`` (sharekit's own permalink).
Then, --repeats times side by side (the machine's speed drifts, so only runs
measured together are compared), times publishing each into a fresh folder,
and reading alone (load_articles), where the two differ. Prints the medians
and the ratios site / records (goal: publish under 1.05).

    python bench/sites.py [--posts 200] [--workers 1] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sharekit

CONFIG = (
    "title: Bench\nurl: https://www.example.com\ntimezone: America/Los_Angeles\n"
    "collections:\n  posts:\n    permalink: /news/:year/:month/:day/:title/\n"
    "defaults:\n- scope: {path: '', type: posts}\n  values: {author: Bench Desk}\n"
)
POST = (
    '---\ntitle: "Story {i}: what happened and why it matters"\n'
    'date: "2025-0{m}-{d:02d} 0{h}:12:52 +0200"\ncategories: [world, asia]\n---\n'
    "The first paragraph says what happened, to whom, and why it matters now.\n\n"
    "A second paragraph with [a link](https://www.example.com/) and **some emphasis**.\n"
)


def make(root: Path, count: int) -> tuple[Path, Path]:
    site, plain = root / "site", root / "plain"
    (site / "_posts").mkdir(parents=True)
    plain.mkdir()
    (site / "_config.yml").write_text(CONFIG, encoding="utf-8")
    for i in range(count):
        m, d, h = 1 + i % 9, 1 + i % 28, i % 10
        text = POST.format(i=i, m=m, d=d, h=h)
        name = f"2025-0{m}-{d:02d}-story-{i}.md"
        (site / "_posts" / name).write_text(text, encoding="utf-8")
        (plain / name).write_text(text, encoding="utf-8")
    return site, plain


def timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        site_root, plain = make(root, args.posts)
        records_site = sharekit.load_site(
            {"site": {"url": "https://www.example.com", "name": "Bench"}}
        )
        times: dict[str, list[float]] = {
            "site": [],
            "records": [],
            "read site": [],
            "read records": [],
        }
        # one untimed publish first: imports, fonts and caches load on the first run only
        sharekit.publish([plain], records_site, root / "out-warm-up", workers=args.workers)
        for run in range(args.repeats):

            def publish_site(run: int = run) -> None:
                site = sharekit.load_site_at(site_root)  # what `sharekit publish ROOT` does
                report = sharekit.publish(
                    [site_root], site, root / f"out-site-{run}", workers=args.workers
                )
                assert report.exit_code == 0 and len(report.articles) == args.posts

            def publish_records(run: int = run) -> None:
                report = sharekit.publish(
                    [plain], records_site, root / f"out-rec-{run}", workers=args.workers
                )
                assert report.exit_code == 0 and len(report.articles) == args.posts

            def read_site() -> None:
                site = sharekit.load_site_at(site_root)
                assert len(list(sharekit.load_articles(site_root, site))) == args.posts

            def read_records() -> None:
                assert len(list(sharekit.load_articles(plain, records_site))) == args.posts

            # alternate which goes first, so a drift in speed does not favour one
            pairs = [("site", publish_site), ("records", publish_records)]
            for name, action in pairs if run % 2 == 0 else pairs[::-1]:
                times[name].append(timed(action))
            for name, action in (("read site", read_site), ("read records", read_records)):
                times[name].append(timed(action))
        medians = {name: statistics.median(values) for name, values in times.items()}
        for name, value in medians.items():
            print(f"{name:>13}: {value:8.3f} s (median of {args.repeats}; {args.posts} posts)")
        ratio = medians["site"] / medians["records"]
        print(f"publish ratio site / records: {ratio:.3f} (goal < 1.05)")
        print(f"read ratio site / records:    {medians['read site'] / medians['read records']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
