"""Real servers for the beyond-one-machine tests, started here on 127.0.0.1 and stopped after.

- PostgreSQL: Debian's ``postgresql`` binaries (``initdb``, ``pg_ctl``), one
  throwaway cluster per test session in a temporary folder, trust
  authentication on 127.0.0.1 and a free port; each test gets a database of
  its own. As root the cluster runs as the ``postgres`` user (the server
  refuses root).
- Dask: a ``distributed.LocalCluster`` with two worker processes.

Each fixture skips with the reason when its server or client library is
missing; ``scripts/system-deps.sh`` and the ``test`` extra install them.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(versions[-1]).parent if versions else None


class Postgres:
    """A PostgreSQL cluster of the test session."""

    def __init__(self, bin_dir: Path, folder: Path, port: int, as_user: str | None) -> None:
        self.bin = bin_dir
        self.folder = folder
        self.data = folder / "data"
        self.port = port
        self.as_user = as_user
        self._names = itertools.count()

    def run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://sharekit@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            f"-h 127.0.0.1 -p {self.port} -k {self.folder} -F",
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
        return self.url(name)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    pytest.importorskip("psycopg", reason="psycopg is in the test extra (sharekit[postgres])")
    bin_dir = _pg_bin()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        pytest.skip("PostgreSQL is not installed (Debian package postgresql)")
    as_user = None
    folder = Path(tempfile.mkdtemp(prefix="sharekit-pg-"))
    if os.geteuid() == 0:  # the server refuses to run as root
        as_user = "postgres"
        shutil.chown(folder, as_user)
    server = Postgres(bin_dir, folder, free_port(), as_user)
    try:
        server.run(
            "initdb",
            "-D",
            str(server.data),
            "-A",
            "trust",
            "-U",
            "sharekit",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        server.start()
    except (subprocess.CalledProcessError, OSError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        detail = getattr(error, "stderr", b"") or b""
        pytest.skip(f"cannot start PostgreSQL: {error} {detail.decode(errors='replace')[-300:]}")
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(postgres: Postgres) -> str:
    """A fresh database of the session's cluster."""
    return postgres.database()


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[Any]:
    """A Dask scheduler with two single-threaded worker processes on 127.0.0.1, per module
    (stopped after it: other modules check that no child process outlives a publish)."""
    distributed = pytest.importorskip(
        "distributed", reason="dask[distributed] is in the test extra"
    )
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # no fixed port: 8787 may be taken
        silence_logs=40,
    )
    try:
        yield cluster
    finally:
        cluster.close()


# --- S3: moto's server (the emulator s3fs's own tests use) behind a proxy -------------


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """moto's S3 emulator on 127.0.0.1 (an emulator, not AWS); its endpoint URL."""
    pytest.importorskip("s3fs", reason="s3fs is in the test extra (sharekit[s3])")
    server_module = pytest.importorskip("moto.server", reason="moto[server] is in the test extra")
    port = free_port()
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


class S3Proxy:
    """An HTTP proxy in front of the S3 endpoint: counts requests; when ``fail_every``
    is N it answers every Nth with 503 (as S3 does when it sheds load), and every
    request whose path contains ``fail_matching`` (a lasting fault)."""

    def __init__(self, upstream: str) -> None:
        import http.client
        import http.server
        import threading
        from urllib.parse import urlsplit

        self.requests: list[tuple[str, str]] = []
        self.failed: list[tuple[str, str]] = []
        self.fail_every = 0
        self.fail_matching = ""
        self._lock = threading.Lock()
        target = urlsplit(upstream)
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with proxy._lock:
                    proxy.requests.append((self.command, self.path))
                    fail = (proxy.fail_every and len(proxy.requests) % proxy.fail_every == 0) or (
                        proxy.fail_matching and proxy.fail_matching in self.path
                    )
                    if fail:
                        proxy.failed.append((self.command, self.path))
                if fail:
                    error = (
                        b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>ServiceUnavailable"
                        b"</Code><Message>injected by the test proxy</Message></Error>"
                    )
                    self.send_response(503)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(error)))
                    self.end_headers()
                    self.wfile.write(error)
                    return
                upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                headers["Host"] = target.netloc
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                upstream.close()

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = forward

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def puts(self) -> list[str]:
        return [path for method, path in self.requests if method == "PUT"]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def s3(moto_server: str) -> Iterator[S3Proxy]:
    proxy = S3Proxy(moto_server)
    try:
        yield proxy
    finally:
        proxy.close()
