"""What the safety of sharekit.net._download costs, against a bare requests.get.

Serves a JPEG photo from 127.0.0.1 with ``python -m http.server`` in its own
process (nothing leaves the machine; an in-process server would fight the
client for the GIL) and times, interleaved in one run, medians of N
downloads each:

- ``requests.get`` (a new Session each time, as a one-off call does);
- ``sharekit.net._download.fetch`` (DNS check, pinned connection, caps, no cache);
- ``fetch_image`` (+ Pillow header check and verify, no full decode) and
  with a full decode;
- ``fetch`` revalidating from its cache (If-Modified-Since, 304).

    python bench/network.py [--runs 31] [--size 1200x630]
"""

from __future__ import annotations

import argparse
import io
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def photo(width: int, height: int) -> bytes:
    import random

    from PIL import Image

    rng = random.Random(7)
    image = Image.new("RGB", (width, height))
    image.putdata([(rng.randrange(256), 90, 160) for _ in range(width * height)])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def median_ms(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def serve(folder: str) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
               "--directory", folder]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        time.sleep(0.05)
    process.kill()
    raise SystemExit("the test server did not start")


def main() -> None:
    import requests

    from sharekit.config import load_site
    from sharekit.net._download import fetch, fetch_image

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--size", default="1200x630")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    body = photo(width, height)
    allow = ("127.0.0.0/8",)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "photo.jpg").write_bytes(body)
        process, port = serve(folder)
        try:
            results = run(fetch, fetch_image, requests, load_site, folder, port, allow, args.runs)
        finally:
            process.terminate()
            process.wait()
    floor = statistics.median(results["requests.get (floor)"])
    print(f"{len(body):,} byte JPEG {width}x{height} from 127.0.0.1, medians of {args.runs} runs")
    for name, values in results.items():
        value = statistics.median(values)
        print(f"  {name:<32} {value:8.2f} ms   {value / floor:5.2f}x")


def run(fetch, fetch_image, requests, load_site, folder, port, allow, runs):  # type: ignore[no-untyped-def]
    site = load_site({"network": {"cache_dir": str(Path(folder) / "cache")}})
    url = f"http://127.0.0.1:{port}/photo.jpg"

    def bare() -> None:
        with requests.Session() as session:
            session.get(url, timeout=10).content  # noqa: B018

    cases: dict[str, Callable[[], object]] = {
        "requests.get (floor)": bare,
        "remote.fetch": lambda: fetch(url, site, allow_private=allow, cache=False),
        "fetch_image (header + verify)": lambda: fetch_image(
            url, site, allow_private=allow, cache=False, decode=False
        ),
        "fetch_image (full decode)": lambda: fetch_image(
            url, site, allow_private=allow, cache=False
        ),
        "fetch from cache (304)": lambda: fetch(url, site, allow_private=allow),
    }
    for function in cases.values():  # warm up imports, the server and the cache
        function()
    results: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(3):  # interleaved, so machine noise hits every case alike
        for name, function in cases.items():
            results[name].append(median_ms(function, max(1, runs // 3)))
    return results


if __name__ == "__main__":
    main()
