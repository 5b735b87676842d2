"""``sharekit preview``: an offline page of platform mocks (library: sharekit.render_preview)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sharekit.cli import State

__all__ = ["preview_command"]


@click.command("preview")
@click.argument("article", metavar="ARTICLE")
@click.option(
    "-o",
    "--output",
    "out",
    metavar="OUT",
    help="HTML file to write ('-': stdout). Default: SLUG.preview.html in the current directory.",
)
@click.option(
    "--template",
    metavar="NAME",
    help="Card template: branded, photo, split or a layout file (default: [card] template).",
)
@click.option(
    "--size",
    metavar="og|square|portrait|WxH",
    help="Card size (default: [card] size).",
)
@click.pass_obj
def preview_command(
    state: State, article: str, out: str | None, template: str | None, size: str | None
) -> None:
    """Write a page showing how ARTICLE looks when shared (library: sharekit.render_preview).

    One offline HTML file: Facebook, X, LinkedIn, Slack, Discord and KakaoTalk
    mocks with the card, the lint findings and the share block. Prints its path.
    """
    from sharekit import render_preview

    record = state.article(article)
    target = None if out == "-" else Path(out) if out else Path(f"{record.slug}.preview.html")
    html = render_preview(record, state.site(), template=template, size=size, path=target)
    if target is None:
        click.echo(html, nl=False)
    else:
        click.echo(str(target))
