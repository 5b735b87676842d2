"""``sharekit links``: the share links of an article as JSON, or the share block as HTML."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sharekit.cli import State


@click.command("links")
@click.argument("article", metavar="ARTICLE")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "html"]),
    default="json",
    show_default=True,
    help="json: one object per network; html: the share block.",
)
@click.option(
    "--networks",
    metavar="a,b,c",
    help="Network ids in display order (default: [share] networks, else all).",
)
@click.option(
    "--utm/--no-utm",
    default=None,
    help="Force UTM tagging on or off (default: on when [share] utm is configured).",
)
@click.pass_obj
def links_command(
    state: State, article: str, output_format: str, networks: str | None, utm: bool | None
) -> None:
    """Print the share links of ARTICLE (library: sharekit.share_links, render_share_block)."""
    from sharekit import render_share_block, share_links

    record, site = state.article(article), state.site()
    if output_format == "html":
        click.echo(render_share_block(record, site, networks=networks, utm=utm), nl=False)
        return
    links = share_links(record, site, networks=networks, utm=utm)
    payload = [dataclasses.asdict(link) for link in links]
    click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
