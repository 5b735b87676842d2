"""On demand: cards rendered on first request and a signed publish hook (SPEC 7.6).

:func:`create_app` is an ASGI application (Starlette); :func:`run` serves it
with uvicorn, as ``sharekit serve`` does. Both need the ``serve`` extra
(``pip install 'sharekit[serve]'``). A site puts
:func:`sharekit.card_url`'s signed URLs in its pages (``[serve] base_url``
makes meta do it), a CDN in front caches each card for ever, and the card
is drawn the first time a crawler asks.

Routes: ``GET|HEAD /card/{token}.{png|jpeg|webp}``, ``POST /hooks/publish``,
``GET /healthz``, ``GET /metrics``. See docs/serve.md.

Wing (layer 11). May import: publishing, records, feed, card, store, images (the one
confinement rule), config, model, text, errors.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import TYPE_CHECKING

from sharekit.errors import InputError
from sharekit.serve._server import server_config

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from sharekit.config import Site

__all__ = ["create_app", "run", "server_config"]

log = logging.getLogger("sharekit")


def _need_extra() -> None:
    try:
        import prometheus_client  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as error:
        raise InputError(
            "serve",
            None,
            f"needs the serve extra ({error.name} is missing): pip install 'sharekit[serve]'",
        ) from None


def create_app(
    site: Site,
    *,
    workers: int | None = None,
    render_deadline: float | None = None,
    max_body: int | None = None,
    body_timeout: float | None = None,
) -> Starlette:
    """The ASGI application serving ``site``'s cards and publish hook.

    ``workers`` overrides ``[serve] workers`` (render processes; 0: every
    core). ``render_deadline`` (seconds, default 20) bounds each render;
    ``max_body`` (bytes, default 4 MiB) bounds a hook's body, ``body_timeout``
    (seconds, default 10) the pause between its bytes. The render
    processes start with the application's lifespan and stop after it.
    Raises :class:`sharekit.InputError` without a secret key (``[serve]
    secret_keys`` or ``SHAREKIT_SECRET_KEY``) or without the serve extra.
    """
    _need_extra()
    from sharekit.serve import _app

    return _app.build_app(
        site,
        workers=workers,
        render_deadline=_app.RENDER_DEADLINE if render_deadline is None else render_deadline,
        max_body=_app.MAX_BODY if max_body is None else max_body,
        body_timeout=_app.BODY_TIMEOUT if body_timeout is None else body_timeout,
    )


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a port in use is one line (exit 2), not a traceback."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except (socket.gaierror, UnicodeError) as error:
        sock.close()
        raise InputError("option", "host", f"cannot listen on {host!r}: {error}") from None
    except OSError as error:
        sock.close()
        reason = error.strerror or str(error)
        raise InputError("option", "port", f"cannot listen on {host}:{port}: {reason}") from None
    sock.set_inheritable(True)
    return sock


def run(
    site: Site,
    *,
    host: str | None = None,
    port: int | None = None,
    workers: int | None = None,
    http_workers: int | None = None,
) -> None:
    """Serve ``site`` with uvicorn until SIGTERM or SIGINT (``sharekit serve``).

    ``host``, ``port``, ``workers`` (render processes) and ``http_workers``
    (processes accepting connections; 0: every core) override ``[serve]``.
    With several HTTP processes they share the render pool and a card cache
    (``sharekit.serve._processes``). On SIGTERM the
    listening socket closes, in-flight requests finish, then the render
    workers exit. Raises :class:`sharekit.InputError` for a port in use, a
    missing secret key or a missing extra, before anything is served.
    """
    _need_extra()
    import uvicorn

    processes = site.serve.http_workers if http_workers is None else http_workers
    processes = processes or os.cpu_count() or 1
    host = site.serve.host if host is None else host
    port = site.serve.port if port is None else port
    if processes == 1:
        app = create_app(site, workers=workers)  # the key is checked before binding
    else:
        from sharekit.card._token import secret_keys

        secret_keys(site)
    sock = _bind(host, port)
    log.info("serving on http://%s:%d (%d HTTP processes)", host, sock.getsockname()[1], processes)
    try:
        if processes == 1:
            uvicorn.Server(server_config(app)).run(sockets=[sock])
        else:
            from sharekit.serve._processes import serve_processes

            serve_processes(site, sock, processes, workers)
    finally:
        sock.close()
