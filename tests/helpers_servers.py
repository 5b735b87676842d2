"""Every server the tests use: how each starts on 127.0.0.1, with a free port, and stops.

Real servers, each a context manager and a fixture that ``tests/conftest.py``
registers: each starts only when a test asks for it, and skips with the
reason when its binary or client library is missing (``scripts/system-deps.sh``
and the ``test`` extra install them):

- PostgreSQL (``postgres``, ``pg_url``): Debian's binaries (``initdb``,
  ``pg_ctl``), one throwaway cluster per test session in a temporary folder,
  trust authentication; each test gets a database of its own. As root the
  cluster runs as the ``postgres`` user (the server refuses root).
- Redis (``redis_url``): ``redis-server`` without persistence, per test.
- nginx (``nginx``): Debian's nginx with its own ``nginx.conf`` in the test's
  folder (never the system service), ``proxy_cache`` in front of a port.
- S3 (``moto_server``, ``s3``): moto's server (the emulator s3fs's own tests
  use, not AWS), behind :class:`S3Proxy`, which counts and fails requests.
- Dask (``dask_cluster``): a ``distributed.LocalCluster`` of two processes.
- uvicorn (:func:`running`): an ASGI app (sharekit serve) in a thread.

Stand-ins, HTTP servers in a thread: :class:`Server` (routes as callables,
every request recorded: pages, images, WebSub hubs, hostile answers;
fixture ``server``), ``pages`` (path to HTML, for the browser tests) and
:func:`syndication_stand_in` (IndexNow, Mastodon, Bluesky, Telegram and
Facebook; their checks and answers are in ``tests/helpers_syndicate.py``).

Every wait for a start is bounded by ``START_TIMEOUT`` and every stop by
``STOP_TIMEOUT``; a process that does not stop in time is killed.
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import itertools
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

if TYPE_CHECKING:
    from tests.helpers_syndicate import StandIn

T = TypeVar("T")
START_TIMEOUT = 60.0  # seconds; generous, the machine may be busy with other tests
STOP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(
    ready: Callable[[], object], what: str, process: subprocess.Popen[Any] | None = None
) -> None:
    """Call ``ready`` until it stops raising OSError; fail if ``process`` exits or time is up."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            ready()
            return
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{what} exited with status {process.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start in {START_TIMEOUT:.0f}s") from None
            time.sleep(0.05)


def _bounded(start: Callable[[], T], what: str) -> T:
    """``start()`` in a thread, waited for at most START_TIMEOUT (for servers whose own
    wait has no limit: a start that hangs fails the test instead of the whole run)."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((start(), None))
        except BaseException as error:  # re-raised in the caller's thread
            outcome.append((None, error))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(START_TIMEOUT)
    if not outcome:
        raise RuntimeError(f"{what} did not start in {START_TIMEOUT:.0f}s")
    result, error = outcome[0]
    if error is not None:
        raise error
    return result  # type: ignore[no-any-return]


def _stop(process: subprocess.Popen[Any], sig: int = signal.SIGTERM) -> None:
    process.send_signal(sig)
    try:
        process.communicate(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


@contextlib.contextmanager
def serving(server: socketserver.BaseServer) -> Iterator[None]:
    """Serve a bound socketserver (an HTTP server) in a thread; shut it down and close it after."""
    # a short poll interval: shutdown() waits up to one interval for the loop to notice
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(STOP_TIMEOUT)


class LoopbackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a client that never finishes its request does not hold the stop
    block_on_close = False


def http_server(handler: type[BaseHTTPRequestHandler]) -> LoopbackHTTPServer:
    """An HTTP server bound to a free port of 127.0.0.1, not serving yet (see :func:`serving`)."""
    return LoopbackHTTPServer(("127.0.0.1", 0), handler)


# --- PostgreSQL ----------------------------------------------------------------------------


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
        # -w: pg_ctl waits for the server to accept connections, up to its own 60 s
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                 "-o", f"-h 127.0.0.1 -p {self.port} -k {self.folder} -F", "-w", "start")  # fmt: skip

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


@contextlib.contextmanager
def postgres_cluster() -> Iterator[Postgres]:
    """A new cluster in a temporary folder, removed after; skips when it cannot start."""
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
        server.run("initdb", "-D", str(server.data), "-A", "trust", "-U", "sharekit",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        server.start()
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        detail = getattr(error, "stderr", b"") or b""
        pytest.skip(f"cannot start PostgreSQL: {error} {detail.decode(errors='replace')[-300:]}")
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    with postgres_cluster() as server:
        yield server


@pytest.fixture
def pg_url(postgres: Postgres) -> str:
    """A fresh database of the session's cluster."""
    return postgres.database()


# --- Redis ---------------------------------------------------------------------------------


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """redis-server on a free port, nothing saved (its folder: ``folder``); its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian redis-server; .ci/run installs it)")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait(lambda: socket.create_connection(("127.0.0.1", port), 0.5).close(), "redis", process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(process)


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path / "redis") as url:
        yield url


# --- nginx ---------------------------------------------------------------------------------

NGINX_CONF = """\
{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    proxy_cache_path {tmp}/cache levels=1:2 keys_zone=cards:1m max_size=64m inactive=1d
                     use_temp_path=off;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_http_version 1.1;
            proxy_cache cards;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
}}
"""


def _nginx_binary() -> str | None:
    debian = "/usr/sbin/nginx"  # not on PATH for users without sbin
    return shutil.which("nginx") or (debian if Path(debian).is_file() else None)


def _get(port: int, path: str) -> None:
    """A request and its answer, whatever the status (OSError when none comes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", path)
        connection.getresponse().read()
    finally:
        connection.close()


@contextlib.contextmanager
def _nginx(folder: Path, conf_text: str, probe: str, port: int) -> Iterator[int]:
    """nginx run with ``conf_text`` (its files in ``folder``), ready once ``probe``
    answers; its port. Stopped gracefully after."""
    conf = folder / "nginx.conf"
    conf.write_text(conf_text)
    binary = _nginx_binary()
    assert binary is not None
    process = subprocess.Popen(
        [binary, "-c", str(conf), "-p", str(folder), "-e", str(folder / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(lambda: _get(port, probe), "nginx", process)
    except RuntimeError as error:
        process.kill()
        raise RuntimeError(f"{error}: {process.communicate()[1]!r}") from None
    try:
        yield port
    finally:
        _stop(process, signal.SIGQUIT)  # graceful stop


def _nginx_folder(folder: Path) -> tuple[int, str]:
    """A free port and the ``user`` line (workers may write the tmp cache as root)."""
    if _nginx_binary() is None:
        pytest.skip("nginx is not installed (apt-get install nginx; scripts/system-deps.sh)")
    folder.mkdir()
    return free_port(), "user root;" if os.geteuid() == 0 else ""


@contextlib.contextmanager
def nginx_cache(upstream: int, folder: Path) -> Iterator[int]:
    """nginx with ``proxy_cache`` in front of 127.0.0.1:``upstream`` (its files in
    ``folder``, which must not exist yet); its port. Stopped gracefully after."""
    port, user = _nginx_folder(folder)
    conf = NGINX_CONF.format(user=user, tmp=folder, port=port, upstream=upstream)
    # ready once a request goes through to the upstream
    with _nginx(folder, conf, "/healthz", port) as ready:
        yield ready


NGINX_FILES_CONF = """\
{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    {http}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        {server}
    }}
}}
"""


@contextlib.contextmanager
def nginx_files(root: Path, folder: Path, http: str = "", server: str = "") -> Iterator[int]:
    """nginx serving the folder ``root`` with extra ``http {}`` and ``server {}``
    lines (SPEC 8.4: the redirects map publish writes); its port."""
    port, user = _nginx_folder(folder)
    conf = NGINX_FILES_CONF.format(
        user=user, tmp=folder, port=port, root=root, http=http, server=server
    )
    with _nginx(folder, conf, "/", port) as ready:
        yield ready


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[Callable[[int], int]]:
    """A function that starts nginx with proxy_cache in front of a port; stopped after the test."""
    if _nginx_binary() is None:
        pytest.skip("nginx is not installed (apt-get install nginx; scripts/system-deps.sh)")
    with contextlib.ExitStack() as started:
        yield lambda upstream: started.enter_context(nginx_cache(upstream, tmp_path / "nginx"))


# --- uvicorn -------------------------------------------------------------------------------


@contextlib.contextmanager
def running(app: Any) -> Iterator[int]:
    """Serve ``app`` with uvicorn in a thread on 127.0.0.1; yields the port."""
    import uvicorn

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="on", ws="none", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield int(sock.getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(START_TIMEOUT)  # a graceful stop waits for its render workers
        sock.close()


# --- Dask ----------------------------------------------------------------------------------


@contextlib.contextmanager
def dask_local_cluster() -> Iterator[Any]:
    """A Dask scheduler with two single-threaded worker processes on 127.0.0.1."""
    distributed = pytest.importorskip(
        "distributed", reason="dask[distributed] is in the test extra"
    )
    cluster = _bounded(lambda: distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # no fixed port: 8787 may be taken
        silence_logs=40,
    ), "Dask's LocalCluster")  # fmt: skip
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[Any]:
    """One cluster per module (stopped after it: other modules check that no child
    process outlives a publish)."""
    with dask_local_cluster() as cluster:
        yield cluster


# --- S3: moto's server behind a proxy ------------------------------------------------------


@contextlib.contextmanager
def moto_s3() -> Iterator[str]:
    """moto's S3 emulator on 127.0.0.1 (an emulator, not AWS); its endpoint URL."""
    pytest.importorskip("s3fs", reason="s3fs is in the test extra (sharekit[s3])")
    server_module = pytest.importorskip("moto.server", reason="moto[server] is in the test extra")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    _bounded(server.start, "moto's server")  # its start waits for ever if it cannot bind
    try:
        yield f"http://127.0.0.1:{server.get_host_and_port()[1]}"
    finally:
        server.stop()


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    with moto_s3() as endpoint:
        yield endpoint


class S3Proxy:
    """An HTTP proxy in front of the S3 endpoint: counts requests; when ``fail_every``
    is N it answers every Nth with 503 (as S3 does when it sheds load), and every
    request whose path contains ``fail_matching`` (a lasting fault)."""

    def __init__(self, upstream: str) -> None:
        from urllib.parse import urlsplit

        self.requests: list[tuple[str, str]] = []
        self.failed: list[tuple[str, str]] = []
        self.fail_every = 0
        self.fail_matching = ""
        self._lock = threading.Lock()
        target = urlsplit(upstream)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
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

        self.server = http_server(Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._serving = contextlib.ExitStack()
        self._serving.enter_context(serving(self.server))

    def puts(self) -> list[str]:
        return [path for method, path in self.requests if method == "PUT"]

    def close(self) -> None:
        self._serving.close()


@pytest.fixture
def s3(moto_server: str) -> Iterator[S3Proxy]:
    with contextlib.closing(S3Proxy(moto_server)) as proxy:
        yield proxy


# --- stand-ins: a server of routes, pages, the syndication services ------------------------

Route = Callable[["Handler"], None]


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Handler(BaseHTTPRequestHandler):
    server: _RoutedHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        self.server.owner.requests.append(
            Request(self.command, self.path, dict(self.headers.items()), body)
        )
        route = self.server.owner.routes.get(path)
        try:
            if route is None:
                self.send(404, b"not found", "text/plain")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass
        self.close_connection = True

    do_GET = do_POST = do_HEAD = _dispatch

    def send(self, status: int, body: bytes, content_type: str | None = "text/plain",
             headers: dict[str, str] | None = None, length: int | None = None) -> None:  # fmt: skip
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Connection", "close")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _RoutedHTTPServer(LoopbackHTTPServer):
    owner: Server

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the hostile tests break connections on purpose


class Server:
    """An HTTP server on ``host`` (loopback) for one test; routes are callables.
    Bound when made (so a test can take its port), serving inside ``with``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, tls: Any = None) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._server = _RoutedHTTPServer((host, port), Handler)
        if tls is not None:  # an ssl.SSLContext: serve https
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._server.owner = self
        self.host = host
        self.port = self._server.server_address[1]
        self._serving = contextlib.ExitStack()

    def __enter__(self) -> Server:
        self._serving.enter_context(serving(self._server))
        return self

    def __exit__(self, *exc: object) -> None:
        self._serving.close()

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def route(self, path: str, status: int = 200, body: bytes = b"",
              content_type: str | None = "text/plain", headers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.routes[path] = lambda h: h.send(status, body, content_type, headers)


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as started:
        yield started


@pytest.fixture(scope="module")
def pages() -> Iterator[dict[str, str]]:
    """A tiny server on 127.0.0.1: path -> HTML, filled in by each test."""
    content: dict[str, str] = {}

    class PageHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = content.get(self.path, "").encode("utf-8")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    page_server = http_server(PageHandler)
    content["__base__"] = f"http://127.0.0.1:{page_server.server_address[1]}"
    with serving(page_server):
        yield content


@contextlib.contextmanager
def syndication_stand_in(site: Path) -> Iterator[StandIn]:
    """The syndication services' stand-in (tests/helpers_syndicate.py) on one server;
    it also serves the folder ``site`` (where IndexNow fetches the key file)."""
    from tests.helpers_syndicate import StandIn

    stand_in = StandIn(site)
    stand_in_server = http_server(stand_in.handler)
    stand_in.port = stand_in_server.server_address[1]
    stand_in.url = f"http://127.0.0.1:{stand_in.port}"
    with serving(stand_in_server):
        yield stand_in
