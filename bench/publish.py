"""Publish throughput, parallel speed-up, unchanged re-runs and peak memory.

Generates N realistic records (headlines in several scripts) as JSON Lines,
then in the same run, --repeats times side by side (this machine's speed
drifts by 20% from minute to minute, so runs measured together are compared):

- serial: one publish with 1 worker;
- parallel: one publish with every core;
- split: the records cut into one part per core, each part published by its
  own `python -c` process with 1 worker, all at once. Nothing coordinates
  them, so this is the most any orchestration could get out of the machine
  for this work: its speed-up over serial is the machine's ceiling, and
  split / parallel is how much of it publish keeps.

Then again with nothing changed. Prints articles per second, the speed-up
(median of the repeats; goal >= 0.9 x cores), the ceiling, the unchanged
re-run as a share of the first run (goal < 5%) and peak RSS of this process
and of the workers.

    python bench/publish.py [--records 1000] [--workers 0] [--repeats 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sharekit

HEADLINES = [
    "Russia Calls Out ‘Fake News’ on North Korean Troops, But U.S. Sees Signs",
    "Pfizer Ends Obesity Drug Trial After Liver Risk Emerges",
    "China Just Cranked U.S. Tariffs to 84% — And That’s Not the End of It",
    "북한, 러시아에 병력 파견 의혹… 美 국방장관 “증거 있다”",
    "서울 아파트값 3주 연속 상승, 전문가들 “금리 인하 기대감 반영”",
    "北朝鮮兵のロシア派遣、米国防長官「証拠がある」と言及",
    "美国防长称有证据显示朝鲜军队已进入俄罗斯",
    "روسيا تنفي إرسال قوات كورية شمالية، وواشنطن ترى مؤشرات على ذلك",
    "🚀 K-pop stars 🎤 take Seoul by storm — fans line up for hours ❤️",
    "Новые санкции: что изменится для экспортёров в следующем году",
]
SECTIONS = ["World", "Business", "LIFESTYLE", "Culture", "Tech"]


def make_records(path: Path, count: int, first: int = 0) -> None:
    rng = random.Random(7 + first)
    with path.open("w", encoding="utf-8") as handle:
        for index in range(first, first + count):
            record = {
                "id": f"post-{index}",
                "title": f"{rng.choice(HEADLINES)} ({index})",
                "description": "A realistic dek that says what the story is about in one sentence.",
                "author": rng.choice(["Daniel Kim", "김다니엘", "Sam Lee"]),
                "section": rng.choice(SECTIONS),
                "tags": rng.sample(["politics", "economy", "asia", "health", "tech"], 2),
                "published": f"2025-0{1 + index % 9}-{1 + index % 28:02d}T09:00:00+09:00",
                "url": f"https://www.viewusglobal.com/news/{index}",
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def run(records: Path, out: Path, workers: int) -> tuple[float, sharekit.PublishReport]:
    site = sharekit.load_site(SITE)
    start = time.perf_counter()
    report = sharekit.publish(records, site, out, workers=workers)
    return time.perf_counter() - start, report


SITE = {"site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"}}
# One part of the split run: warm up (imports, fonts, the Japanese reader) on
# a scratch copy, say so, wait for "go", then publish the part for real.
PART = f"""
import sys
from pathlib import Path
import sharekit
site = sharekit.load_site({SITE!r})
sharekit.publish(Path(sys.argv[1]), site, Path(sys.argv[3]), workers=1)
print("ready", flush=True)
sys.stdin.readline()
report = sharekit.publish(Path(sys.argv[2]), site, Path(sys.argv[4]), workers=1)
assert not report.errors, report.errors[:3]
"""


def split_records(records: Path, parts: int) -> list[Path]:
    """One file per part, lines dealt round-robin so every part mixes the scripts alike."""
    paths = [records.with_name(f"part{index}.jsonl") for index in range(parts)]
    handles = [path.open("w", encoding="utf-8") for path in paths]
    with records.open(encoding="utf-8") as source:
        for number, line in enumerate(source):
            handles[number % parts].write(line)
    for handle in handles:
        handle.close()
    return paths


def run_split(warm_up: Path, parts: list[Path], out: Path) -> float:
    """Each part published by its own warm process with 1 worker, all started at once.

    Start-up is left out on purpose: this is the ceiling, what the machine
    gives for this work with nothing to coordinate and nothing to start.
    """
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                PART,
                str(warm_up),
                str(part),
                str(out / f"warm{number}"),
                str(out / part.stem),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for number, part in enumerate(parts)
    ]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
    start = time.perf_counter()
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    if any(process.wait() for process in processes):
        raise SystemExit("a split publish failed")
    return time.perf_counter() - start


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=0, help="parallel run; 0: every core")
    parser.add_argument("--skip-serial", action="store_true", help="parallel runs only")
    parser.add_argument("--repeats", type=int, default=1, help="side-by-side rounds")
    args = parser.parse_args()
    cores = args.workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records.jsonl"
        make_records(records, args.records)
        parts = split_records(records, cores)
        warm_up = Path(tmp) / "warm-up.jsonl"
        make_records(warm_up, 30, first=10**6)  # other records: no cache helps
        run(warm_up, Path(tmp) / "warm-up", 1)  # serial runs start warm, like the split ones
        serial: list[float] = []
        parallel: list[float] = []
        split: list[float] = []
        for repeat in range(args.repeats):
            if not args.skip_serial:
                took, report = run(records, Path(tmp) / f"serial{repeat}", 1)
                assert not report.errors, report.errors[:3]
                serial.append(took)
                split.append(run_split(warm_up, parts, Path(tmp) / f"split{repeat}"))
            took, report = run(records, Path(tmp) / f"parallel{repeat}", cores)
            assert not report.errors, report.errors[:3]
            parallel.append(took)
        rerun, again = run(records, Path(tmp) / "parallel0", cores)
        assert len(again.unchanged) == args.records, again.summary()
    n = args.records
    first = statistics.median(parallel)
    print(f"records: {n}, cores used: {cores}, repeats: {args.repeats}")
    if serial:
        one = statistics.median(serial)
        print(f"1 worker:        {one:8.2f} s  {n / one:8.1f} articles/s  (runs: {_list(serial)})")
    rate = n / first
    print(
        f"{cores} workers:       {first:8.2f} s  {rate:8.1f} articles/s  (runs: {_list(parallel)})"
    )
    if serial:
        one_split = statistics.median(split)
        print(
            f"split {cores} ways:   {one_split:8.2f} s  {n / one_split:8.1f} articles/s"
            f"  (runs: {_list(split)})"
        )
        ratios = [s / p for s, p in zip(serial, parallel, strict=True)]
        speedup, goal = statistics.median(ratios), 0.9 * cores
        print(f"speed-up:        {speedup:8.2f}  (runs: {_list(ratios)}; goal >= {goal:.1f})")
        ceilings = [s / h for s, h in zip(serial, split, strict=True)]
        kept = [h / p for h, p in zip(split, parallel, strict=True)]
        print(
            f"machine ceiling: {statistics.median(ceilings):8.2f}  (serial / split, runs:"
            f" {_list(ceilings)}); publish keeps {statistics.median(kept):.0%} of it"
            f" (split / parallel, runs: {_list(kept)})"
        )
    share = 100 * rerun / first
    print(f"unchanged rerun: {rerun:8.2f} s  {share:6.1f}% of the parallel run (goal < 5%)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: this process {own:.0f} MB, largest worker {children:.0f} MB (goal < 500 MB)")


if __name__ == "__main__":
    main()
