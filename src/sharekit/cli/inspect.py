"""``sharekit inspect URL``: a sharing debugger (library: :func:`sharekit.inspect_url`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sharekit.cli import State


@click.command("inspect")
@click.argument("url")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report as text or JSON.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    default=None,
    help="Allow loopback and private addresses (default: [network] allow_private).",
)
@click.pass_obj
def inspect_command(state: State, url: str, output_format: str, allow_private: bool | None) -> None:
    """Fetch URL and report what Facebook, X and LinkedIn would show.

    Exit status: 0 no errors (warnings allowed), 1 errors found, 3 the page
    could not be fetched.
    """
    from sharekit import inspect_url

    report = inspect_url(url, state.site(), allow_private=allow_private)
    click.echo(report.to_json() if output_format == "json" else report.to_text())
    if not report.ok:
        sys.exit(1)
