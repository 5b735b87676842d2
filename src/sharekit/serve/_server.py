"""The uvicorn configuration ``sharekit serve`` runs an app with (each HTTP process)."""

from __future__ import annotations

from typing import Any

__all__ = ["server_config"]


def server_config(app: Any) -> Any:
    """The uvicorn configuration ``run`` serves ``app`` with: httptools with the
    limits of :mod:`sharekit.serve._protocol` (request head size and time, idle
    keep-alive), no access log, no Server header, 60 s to finish on SIGTERM."""
    import uvicorn

    from sharekit.serve._protocol import KEEP_ALIVE, GuardedHttp

    # a protocol class per app: its cache hits are answered by the protocol itself
    cards = getattr(app, "cards", None)
    protocol = type("GuardedHttp", (GuardedHttp,), {"cards": cards})
    return uvicorn.Config(
        app,
        http=protocol,
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_keep_alive=KEEP_ALIVE,
        timeout_graceful_shutdown=60,
        lifespan="on",
        ws="none",  # no websocket routes: nothing to upgrade to
    )
