"""``sharekit serve``: cards on first request and the publish hook, over HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from sharekit.config import MAX_SERVE_WORKERS

if TYPE_CHECKING:
    from sharekit.cli import State


@click.command("serve")
@click.option("--host", help="Address to listen on (default: [serve] host, 127.0.0.1).")
@click.option(
    "--port", type=click.IntRange(0, 65535), help="Port to listen on (default: [serve] port, 8000)."
)
@click.option(
    "--workers",
    type=click.IntRange(0, MAX_SERVE_WORKERS),
    help="Render processes (default: [serve] workers; 0: every core).",
)
@click.option(
    "--http-workers",
    type=click.IntRange(0, 256),
    help="Processes accepting connections (default: [serve] http_workers; 0: every core).",
)
@click.pass_obj
def serve_command(
    state: State, host: str | None, port: int | None, workers: int | None, http_workers: int | None
) -> None:
    """Serve signed card URLs (GET /card/TOKEN.png), POST /hooks/publish, /healthz, /metrics.

    Runs until SIGTERM or Ctrl-C; in-flight requests finish first. Needs a
    secret key ([serve] secret_keys or SHAREKIT_SECRET_KEY) and the serve
    extra (pip install 'sharekit[serve]').
    Library: sharekit.serve.run(site, host=..., port=..., workers=..., http_workers=...).
    """
    from sharekit.serve import run

    run(state.site(), host=host, port=port, workers=workers, http_workers=http_workers)
