"""Which HTTP server `sharekit serve` runs on: candidates side by side, in one sitting.

    python bench/serve_servers.py [--seconds 3] [--runs 3] [--renders 24]

The same ASGI app (``sharekit.serve.create_app``, one render process) under
each candidate, one HTTP process each, on 127.0.0.1:

* uvicorn-sharekit: uvicorn + httptools + uvloop with sharekit's protocol
  (``sharekit.serve.server_config``: the limits of SPEC 8.2, and cache hits
  answered by the protocol without ASGI);
* uvicorn-httptools: the same, uvicorn's own protocol (cache hits answered
  by the app's ASGI fast path, as before);
* uvicorn-h11 (pure Python; it bounds headers by itself);
* granian (Rust, hyper; ASGI interface), when installed.

For each: cached requests/s and p99 (``wrk -t1 -c64``, one hot card), and
uncached renders/s (--renders distinct cards, 2 in flight). Runs are
interleaved (candidate A, B, C, A, B, C, ...) so a busy neighbour on a
shared machine weighs on every candidate alike; medians are printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import serve as bench
import sharekit

APP = """
import os, sharekit
from sharekit.serve import create_app
app = create_app(sharekit.load_site(os.environ["SHAREKIT_BENCH_CONFIG"]))
"""

UVICORN = """
import os, socket, sys, uvicorn
from sharekit.serve import server_config
if __name__ == "__main__":  # the render pool spawns: it imports this file again
    from bench_app import app
    config = server_config(app) if sys.argv[2] == "sharekit" else uvicorn.Config(
        app, http=sys.argv[2], log_level="warning", access_log=False, lifespan="on", ws="none")
    config.host, config.port = "127.0.0.1", int(sys.argv[1])
    uvicorn.Server(config).run()
"""


def start(kind: str, port: int, folder: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(bench.ROOT / "src"), str(folder)]),
        "SHAREKIT_BENCH_CONFIG": str(folder / "sharekit.toml"),
        "SHAREKIT_BENCH_DIR": str(folder),
    }
    if kind == "granian":
        command = [
            sys.executable, "-m", "granian", "--interface", "asgi", "--host", "127.0.0.1",
            "--port", str(port), "--workers", "1", "--log-level", "warning", "bench_app:app",
        ]  # fmt: skip
    else:
        command = [sys.executable, str(folder / "run_uvicorn.py"), str(port), kind.split("-")[1]]
    return subprocess.Popen(command, cwd=folder, env=env, stderr=subprocess.PIPE, text=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--renders", type=int, default=24)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("needs wrk (scripts/system-deps.sh)")
    kinds = ["uvicorn-sharekit", "uvicorn-httptools", "uvicorn-h11"]
    try:
        import granian  # noqa: F401

        kinds.append("granian")
    except ImportError:
        print("granian: not installed (pip install granian), skipped")
    folder = Path(tempfile.mkdtemp(prefix="sharekit-bench-servers-"))
    (folder / "bench_app.py").write_text(APP)
    (folder / "run_uvicorn.py").write_text(UVICORN)
    servers: dict[str, tuple[int, subprocess.Popen[str]]] = {}
    cached: dict[str, list[float]] = {k: [] for k in kinds}
    p99: dict[str, list[float]] = {k: [] for k in kinds}
    uncached: dict[str, list[float]] = {k: [] for k in kinds}
    try:
        port0 = bench.free_port()
        site = sharekit.load_site(bench.site_config(folder, port0, 1))
        (hot,) = bench.paths(site, bench.articles(site, "Hot", 1))
        for kind in kinds:
            port = bench.free_port()
            servers[kind] = (port, start(kind, port, folder))
            bench.wait_for(port, servers[kind][1], kind)
            bench.asyncio.run(bench.closed_loop(port, [hot], 1))
        for run in range(args.runs):
            for kind in kinds:
                port = servers[kind][0]
                result = bench.wrk(port, hot, args.seconds)
                cached[kind].append(result["rps"])
                p99[kind].append(result["p99"])
                cold = bench.paths(site, bench.articles(site, f"Cold{run}{kind}", args.renders))
                rps, _ = bench.asyncio.run(bench.closed_loop(port, cold, 2))
                uncached[kind].append(rps)
                time.sleep(0.2)
    finally:
        for _, process in servers.values():
            process.terminate()
            process.communicate(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{os.cpu_count()} cores, one HTTP process and one render process per server")
    for kind in kinds:
        print(
            f"{kind:18s} cached {statistics.median(cached[kind]):8.0f} req/s "
            f"(runs {', '.join(f'{x:.0f}' for x in cached[kind])}), p99 "
            f"{statistics.median(p99[kind]):.1f} ms; uncached "
            f"{statistics.median(uncached[kind]):.1f} renders/s"
        )


if __name__ == "__main__":
    main()
