"""Beyond one machine (SPEC 7.8): Dask vs the local pool, S3 vs a folder, 4 publishers
sharing one PostgreSQL store and one bucket, and the coordinator alone on a backfill.

Everything runs on this machine, on 127.0.0.1: a throwaway PostgreSQL cluster
(Debian's binaries), moto's S3 server in its own process (an emulator of S3's
API, the one s3fs's own tests use: its speed is not AWS's), a Dask
LocalCluster with two single-threaded worker processes. Measured side by side
in one run, --repeats times, medians:

- dask / local: the same records published (cards rendered) through the
  2-worker Dask cluster and through publish's own 2-process pool, both into
  a local folder with a PostgreSQL store (goal: at least 0.9);
- s3 / folder: the same through the local pool into moto's S3 vs a folder;
- 4 publishers: four processes at once into one bucket and one PostgreSQL
  store, their records overlapping: how many articles are missing from the
  feed or the bucket, or listed twice (goal: 0);
- backfill: --backfill records through publish with the render step stubbed
  (an executor that answers at once): articles per second of
  coordination alone (claims, digests, records, feed entries, feed files),
  into SQLite and into PostgreSQL.

    python bench/scale.py [--records 2000] [--repeats 3] [--backfill 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.helpers_servers: the same servers the tests start

from tests.helpers_servers import Postgres, _pg_bin, free_port  # noqa: E402

import sharekit  # noqa: E402

SITE: dict[str, Any] = {
    "site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"},
    "feed": {"max_items": 100_000},
}


def records(count: int, first: int = 0) -> list[dict[str, object]]:
    return [
        {
            "id": f"post-{n}",
            "title": f"Headline number {n} of the backfill",
            "section": ["World", "Business", "Tech"][n % 3],
            "published": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T09:{n % 60:02d}:00Z",
        }
        for n in range(first, first + count)
    ]


def start_postgres(folder: Path) -> Postgres:
    bin_dir = _pg_bin()
    if bin_dir is None:
        sys.exit("bench/scale.py needs PostgreSQL (Debian package postgresql)")
    as_user = "postgres" if os.geteuid() == 0 else None
    folder.mkdir()
    if as_user:
        shutil.chown(folder, as_user)
    server = Postgres(bin_dir, folder, free_port(), as_user)
    server.run("initdb", "-D", str(server.data), "-A", "trust", "-U", "sharekit", "--no-sync")
    server.start()
    return server


def start_moto() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    return process, url


def bucket(endpoint: str, name: str) -> None:
    import boto3

    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        region_name="us-east-1",
    ).create_bucket(Bucket=name)


def publish_timed(
    batch: list[dict[str, object]], site: Any, out: str, executor: Any, postgres: Postgres
) -> float:
    """Seconds to publish ``batch`` into ``out`` (a fresh store): 2 workers or ``executor``."""
    store = postgres.database()
    start = time.perf_counter()
    report = sharekit.publish(batch, site, out, store=store, executor=executor, workers=2)
    elapsed = time.perf_counter() - start
    assert not report.errors, report.errors[:3]
    return elapsed


class Stub(Executor):
    """Answers each chunk at once with one file entry per article: no rendering."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        articles = args[0]
        future: Future[Any] = Future()
        future.set_result(
            [
                [
                    {
                        "path": f"articles/{a.slug}/head.html",
                        "bytes": 1,
                        "media_type": "text/html",
                        "sha256": "0",
                    }
                ]
                for a in articles
            ]
        )
        return future


PUBLISHER = """
import json, sys
import sharekit
site = sharekit.load_site(json.loads(sys.argv[1]))
report = sharekit.publish(json.loads(open(sys.argv[2]).read()), site, sys.argv[3],
                          store=sys.argv[4], workers=1)
sys.exit(1 if report.errors else 0)
"""


def four_publishers(
    count: int, work: Path, endpoint: str, options: dict[str, Any], postgres: Postgres
) -> None:
    """4 processes at once into one bucket and one store, their records overlapping."""
    store = postgres.database()
    bucket(endpoint, "bench-shared")
    script = work / "publisher.py"
    script.write_text(PUBLISHER)
    quarter = count // 4
    overlap = max(1, quarter // 10)
    runs = []
    for index in range(4):
        part = work / f"part{index}.json"
        part.write_text(json.dumps(records(quarter + overlap, index * quarter)))
        runs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    str(script),
                    json.dumps(
                        {
                            **SITE,
                            "card": {"enabled": False},
                            "publish": {"storage_options": options},
                        }
                    ),
                    str(part),
                    "s3://bench-shared/site",
                    store,
                ],
                env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            )
        )
    start = time.perf_counter()
    codes = [run.wait() for run in runs]
    elapsed = time.perf_counter() - start
    import s3fs

    fs = s3fs.S3FileSystem(**options)
    feed = json.loads(fs.cat("bench-shared/site/feed.json"))
    ids = [item["id"] for item in feed["items"]]
    expected = 3 * quarter + quarter + overlap
    manifests = fs.glob("bench-shared/site/articles/*/manifest.json")
    print(
        f"4 publishers into one PostgreSQL store and one bucket: exit codes {codes},"
        f" {expected} articles expected, {len(set(ids))} in the feed,"
        f" {len(ids) - len(set(ids))} duplicates, {len(manifests)} manifests in the bucket"
        f" ({expected / elapsed:.1f} articles/s together)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--backfill", type=int, default=100_000)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    work = Path(tempfile.mkdtemp(prefix="sharekit-scale-"))
    work.chmod(0o755)  # the PostgreSQL server (user postgres) reaches its folder inside
    postgres = start_postgres(work / "pg")
    moto, endpoint = start_moto()
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # no fixed port: 8787 may be taken
        silence_logs=40,
    )
    client = Client(cluster)
    options = {
        "key": "bench",
        "secret": "bench",
        "endpoint_url": endpoint,
        "client_kwargs": {"region_name": "us-east-1"},
    }
    site = sharekit.load_site({**SITE, "publish": {"storage_options": options}})
    batch = records(args.records)
    try:
        dask_ratio, s3_ratio = [], []
        for repeat in range(args.repeats if args.records else 0):  # --records 0: backfill only
            out = work / f"run{repeat}"

            name = f"bench-{repeat}"
            bucket(endpoint, name)
            targets: dict[str, tuple[str, Any]] = {
                "local": (str(out / "local"), None),
                "dask": (str(out / "dask"), client.get_executor()),
            }
            # alternate the order: this machine's speed drifts between minutes
            order = ["local", "dask"] if repeat % 2 == 0 else ["dask", "local"]
            times = {kind: publish_timed(batch, site, *targets[kind], postgres) for kind in order}
            times["s3"] = publish_timed(batch, site, f"s3://{name}/site", None, postgres)
            dask_ratio.append(times["local"] / times["dask"])
            s3_ratio.append(times["local"] / times["s3"])
            print(
                f"run {repeat + 1}: local pool {args.records / times['local']:.1f}/s,"
                f" dask 2 workers {args.records / times['dask']:.1f}/s,"
                f" s3 (moto) {args.records / times['s3']:.1f}/s",
                flush=True,
            )
            shutil.rmtree(out, ignore_errors=True)
        if dask_ratio:
            print(f"dask / local throughput: {statistics.median(dask_ratio):.2f} (goal >= 0.9)")
            print(f"s3 (moto) / folder throughput: {statistics.median(s3_ratio):.2f}")

        if args.records:
            four_publishers(args.records, work, endpoint, options, postgres)

        # the coordinator alone: render stubbed
        back = work / "backfill"
        stub_site = sharekit.load_site({**SITE, "feed": {"max_items": 50}})
        start = time.perf_counter()
        report = sharekit.publish(records(args.backfill), stub_site, back, executor=Stub())
        elapsed = time.perf_counter() - start
        assert not report.errors and len(report.written) == args.backfill
        print(
            f"backfill of {args.backfill} records, render stubbed (SQLite store):"
            f" {args.backfill / elapsed:.0f} articles/s of coordination alone"
        )
        count = args.backfill // 5  # a round trip per statement: the same, a fifth as long
        start = time.perf_counter()
        report = sharekit.publish(
            records(count),
            stub_site,
            work / "backfill-pg",
            store=postgres.database(),
            executor=Stub(),
        )
        elapsed = time.perf_counter() - start
        assert not report.errors and len(report.written) == count
        print(
            f"backfill of {count} records, render stubbed (PostgreSQL store on 127.0.0.1):"
            f" {count / elapsed:.0f} articles/s of coordination alone"
        )
    finally:
        client.close()
        cluster.close()
        moto.terminate()
        moto.wait()
        postgres.stop("immediate")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
