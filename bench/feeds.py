"""Feed benchmarks: sharekit vs feedgen driven directly, and one update_feed into a big store.

    python bench/feeds.py [--repeat 5] [--sizes 1000,10000]

Prints medians and ratios (goal: sharekit within 1.2x feedgen at 10,000
entries; one update_feed into a 10,000-entry store, rewriting the newest 50
in every format, under 5% of the full build and under 50 ms), and the peak
RSS of a 10,000-entry build in a fresh process (goal: under 300 MB).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from sharekit import load_article, load_site
from sharekit.feed import FeedStore, build_feed, update_feed

BODY = "<p>" + "Russia has dismissed claims by Ukraine and South Korea. " * 12 + "</p>"


def site(max_items: int = 100_000):  # type: ignore[no-untyped-def]
    return load_site(
        {
            "site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"},
            # No hubs: update_feed would ping them (a network wait, not feed work),
            # and a bench names no real host.
            "feed": {"max_items": max_items},
        }
    )


def records(count: int, start: int = 0, year: int = 2024) -> list:  # type: ignore[type-arg]
    s = site()
    return [
        load_article(
            {
                "title": f"Russia Calls Out ‘Fake News’ on North Korean Troops, part {n}",
                "url": f"https://www.viewusglobal.com/2024/10/story-{n}/",
                "id": f"post-{n}",
                "description": "Russia has dismissed claims by Ukraine and South Korea.",
                "content_html": BODY,
                "author": {"name": "Daniel Kim", "email": "content@viewusglobal.com"},
                "section": "World",
                "tags": ["Russia", "North Korea"],
                "published": f"{year}-10-{1 + n % 28:02d}T{n // 3600 % 24:02d}:"
                f"{n // 60 % 60:02d}:{n % 60:02d}+09:00",
            },
            s,
        )
        for n in range(start, start + count)
    ]


def feedgen_direct(articles: list, format: str) -> bytes:  # type: ignore[type-arg]
    """The same feed content, written the way a feedgen user would (no cleaning, no fixes)."""
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.load_extension("media")
    fg.load_extension("dc")
    fg.id("https://www.viewusglobal.com/feed.xml")
    fg.title("View Us Global")
    fg.description("View Us Global")
    fg.language("en")
    fg.link(href="https://www.viewusglobal.com/feed.xml", rel="self")
    fg.link(href="https://www.viewusglobal.com/", rel="alternate")
    fg.updated(max(a.updated for a in articles))
    for a in sorted(articles, key=lambda a: a.published, reverse=True):
        fe = fg.add_entry(order="append")
        fe.id(a.id)
        fe.title(a.title)
        fe.link(href=a.url, rel="alternate", type="text/html")
        fe.published(a.published)
        fe.updated(a.updated)
        fe.category([{"term": a.section}] + [{"term": t} for t in a.tags])
        fe.content(a.content_html, type="html" if format == "atom" else None)
        fe.summary(a.description)
        if format == "atom":
            fe.author([{"name": x.name, "email": x.email} for x in a.authors if x.email])
        else:
            fe.dc.dc_creator([x.name for x in a.authors])
        fe.media.content(
            url=f"https://www.viewusglobal.com/articles/{a.slug}/card.png",
            type="image/png", width="1200", height="630", medium="image",
        )  # fmt: skip
    return fg.atom_str(pretty=True) if format == "atom" else fg.rss_str(pretty=True)


def timed(function) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall, CPU) seconds of one call. CPU time is the fairer figure on a shared machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def compare(ours, theirs, repeat: int) -> tuple[float, ...]:  # type: ignore[no-untyped-def]
    """Wall medians (ours, theirs), CPU medians (ours, theirs), CPU minima (ours, theirs);
    runs interleaved, after one warm-up run each."""
    ours(), theirs()  # warm up: imports, caches
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(ours))
        b.append(timed(theirs))
    med = statistics.median
    return (
        med(x[0] for x in a), med(x[0] for x in b), med(x[1] for x in a), med(x[1] for x in b),
        min(x[1] for x in a), min(x[1] for x in b),
    )  # fmt: skip


INSTRUCTIONS = """
import sys
sys.path.insert(0, "bench")
import feeds
which, fmt, n, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
articles = feeds.records(n)
site = feeds.site()
build = (lambda a: feeds.build_feed(a, site, format=fmt)) if which == "sharekit" else (
    lambda a: feeds.feedgen_direct(a, fmt))
build(articles[:10])
for _ in range(reps):
    build(articles)
"""


def instructions(which: str, format: str, count: int) -> int:
    """Instructions (valgrind) of one build: a run with it minus a run without."""
    root = Path(__file__).resolve().parent.parent
    totals = []
    for reps in (0, 1):
        out = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
             sys.executable, "-c", INSTRUCTIONS, which, format, str(count), str(reps)],
            cwd=root, capture_output=True, text=True, check=True,
        )  # fmt: skip
        line = next(x for x in out.stderr.splitlines() if "I   refs" in x or "I refs" in x)
        totals.append(int(line.rsplit(None, 1)[-1].replace(",", "")))
    return totals[1] - totals[0]


def peak_rss_of_build(count: int) -> float:
    code = (
        "import sys, resource; sys.path.insert(0, 'bench'); import feeds; "
        f"a = feeds.records({count}); feeds.build_feed(a, feeds.site(), format='rss'); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024  # Linux: KiB


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument(
        "--instructions",
        type=int,
        metavar="N",
        help="also count instructions of an N-entry build under valgrind: a ratio that other "
        "jobs on the machine cannot disturb",
    )
    args = parser.parse_args()
    if args.instructions:
        for format in ("rss", "atom"):
            ours = instructions("sharekit", format, args.instructions)
            theirs = instructions("feedgen", format, args.instructions)
            print(
                f"{format:4} {args.instructions:>6} entries: sharekit {ours / 1e6:7.0f} M "
                f"instructions, feedgen {theirs / 1e6:7.0f} M; ratio {ours / theirs:.2f}"
            )
    s = site()
    full_10k = None
    for count in (int(x) for x in args.sizes.split(",")):
        articles = records(count)
        for format in ("rss", "atom"):
            ours, theirs, ours_cpu, theirs_cpu, ours_min, theirs_min = compare(
                lambda: build_feed(articles, s, format=format),  # noqa: B023
                lambda: feedgen_direct(articles, format),  # noqa: B023
                args.repeat,
            )
            print(
                f"{format:4} {count:>6} entries: sharekit {ours * 1000:7.0f} ms "
                f"(CPU {ours_cpu * 1000:5.0f}), feedgen {theirs * 1000:7.0f} ms "
                f"(CPU {theirs_cpu * 1000:5.0f}); ratio {ours / theirs:.2f} wall, "
                f"{ours_cpu / theirs_cpu:.2f} CPU, {ours_min / theirs_min:.2f} best CPU"
            )
            if count == 10_000 and format == "rss":
                full_10k = ours
    # one update into a 10,000-entry store, newest 50 in every format
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        small = site(max_items=50)
        with FeedStore(root) as store:
            store.register_site_feeds(small)
            store.upsert(records(10_000), small)
            store.write_feeds(small)
        extra = records(args.repeat * 4, start=50_000, year=2025)
        written: list[Path] = []
        times = []
        for a in extra:
            times.append(timed(lambda: written.extend(update_feed(root / "feed.xml", [a], small))))  # noqa: B023
        assert len(written) == 3 * len(extra), written
        update = statistics.median(t[0] for t in times)
        update_cpu = statistics.median(t[1] for t in times)
        print(f"update_feed, 1 article into 10,000 entries, newest 50 x 3 formats: "
              f"median {update * 1000:.1f} ms (CPU {update_cpu * 1000:.1f} ms, "
              f"max {max(t[0] for t in times) * 1000:.1f} ms)")  # fmt: skip
        if full_10k:
            print(f"  = {update / full_10k * 100:.1f}% of the full 10,000-entry RSS build")
    print(
        f"peak RSS of a 10,000-entry RSS build (fresh process): {peak_rss_of_build(10_000):.0f} MB"
    )
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
