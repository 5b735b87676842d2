"""Publish throughput, parallel speed-up, unchanged re-runs and peak memory.

Generates N realistic records (headlines in several scripts) as JSON Lines,
then in the same run: publishes them with 1 worker and with every core into
fresh folders, alternating, --repeats times (this machine's speed drifts by
20% from minute to minute, so pairs measured side by side are compared), and
again with nothing changed. Prints articles per second, the speed-up (median
of the pairs; goal >= 0.9 x cores), the unchanged re-run as a share of the
first run (goal < 5%) and peak RSS of this process and of the workers.

    python bench/publish.py [--records 1000] [--workers 0] [--repeats 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
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


def make_records(path: Path, count: int) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as handle:
        for index in range(count):
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
    site = sharekit.load_site(
        {"site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"}}
    )
    start = time.perf_counter()
    report = sharekit.publish(records, site, out, workers=workers)
    return time.perf_counter() - start, report


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_scaling(cores: int, n: int = 30_000_000) -> float:
    """How much faster this machine runs `cores` copies of a pure CPU task in
    `cores` spawned processes than one after another: the ceiling for any
    speed-up measured here (shared hosts often give far less than `cores`)."""
    import multiprocessing

    start = time.perf_counter()
    for _ in range(cores):
        _burn(n)
    serial = time.perf_counter() - start
    with multiprocessing.get_context("spawn").Pool(cores) as pool:
        pool.map(_burn, [1000] * cores)  # start the workers before timing
        start = time.perf_counter()
        pool.map(_burn, [n] * cores)
        parallel = time.perf_counter() - start
    return serial / parallel


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=0, help="parallel run; 0: every core")
    parser.add_argument("--skip-serial", action="store_true", help="skip the 1-worker runs")
    parser.add_argument("--repeats", type=int, default=1, help="alternating serial/parallel pairs")
    args = parser.parse_args()
    cores = args.workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records.jsonl"
        make_records(records, args.records)
        serial: list[float] = []
        parallel: list[float] = []
        for repeat in range(args.repeats):
            if not args.skip_serial:
                took, report = run(records, Path(tmp) / f"serial{repeat}", 1)
                assert not report.errors, report.errors[:3]
                serial.append(took)
            took, report = run(records, Path(tmp) / f"parallel{repeat}", cores)
            assert not report.errors, report.errors[:3]
            parallel.append(took)
        rerun, again = run(records, Path(tmp) / "parallel0", cores)
        assert len(again.unchanged) == args.records, again.summary()
    n = args.records
    first = statistics.median(parallel)
    print(f"records: {n}, cores used: {cores}, pairs: {args.repeats}")
    if serial:
        one = statistics.median(serial)
        print(f"1 worker:        {one:8.2f} s  {n / one:8.1f} articles/s  (runs: {_list(serial)})")
    rate = n / first
    print(
        f"{cores} workers:       {first:8.2f} s  {rate:8.1f} articles/s  (runs: {_list(parallel)})"
    )
    if serial:
        ratios = [s / p for s, p in zip(serial, parallel, strict=True)]
        speedup, goal = statistics.median(ratios), 0.9 * cores
        print(f"speed-up:        {speedup:8.2f}  (pairs: {_list(ratios)}; goal >= {goal:.1f})")
        ceiling = machine_scaling(cores)
        print(
            f"machine ceiling: {ceiling:8.2f}  ({cores} spawned processes of pure Python vs one"
            f" after another, same run); publish reaches {speedup / ceiling:.0%} of it"
        )
    share = 100 * rerun / first
    print(f"unchanged rerun: {rerun:8.2f} s  {share:6.1f}% of the parallel run (goal < 5%)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: this process {own:.0f} MB, largest worker {children:.0f} MB (goal < 500 MB)")


if __name__ == "__main__":
    main()
