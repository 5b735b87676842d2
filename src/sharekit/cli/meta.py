"""``sharekit meta``: the head tags of one article (library: sharekit.render_head)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sharekit.cli import State


@click.command("meta")
@click.argument("article", metavar="ARTICLE")
@click.option(
    "--format",
    "format",
    type=click.Choice(["html", "json"]),
    default="html",
    show_default=True,
    help="An HTML fragment for <head>, or a JSON list of tags for templates.",
)
@click.pass_obj
def meta_command(state: State, article: str, format: str) -> None:
    """Print the Open Graph, X, standard and JSON-LD head tags of ARTICLE.

    No network access: image sizes come from local file headers or the record.
    """
    from sharekit import render_head

    site = state.site()
    output = render_head(
        state.article(article), site, format="json" if format == "json" else "html"
    )
    click.echo(output.rstrip("\n"))
