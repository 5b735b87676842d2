"""``sharekit card``: draw an article's preview card (library: sharekit.render_card)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sharekit.cli import State

__all__ = ["card_command"]


@click.command("card")
@click.argument("article")
@click.option(
    "-o",
    "--output",
    "out",
    metavar="OUT",
    help="Image file to write ('-' for stdout). Default: SLUG.EXT in the current directory.",
)
@click.option(
    "--template",
    metavar="NAME",
    help="branded, photo, split or a layout .toml/.json file (default: [card] template).",
)
@click.option(
    "--size",
    metavar="og|square|portrait|WxH",
    help="og 1200x630, square 1200x1200, portrait 1000x1500 or WxH (default: [card] size).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["png", "jpeg", "webp"]),
    help="Image format (default: from OUT's extension, else [card] format).",
)
@click.option("--show-boxes", is_flag=True, help="Draw the layout boxes over the card.")
@click.pass_obj
def card_command(
    state: State,
    article: str,
    out: str | None,
    template: str | None,
    size: str | None,
    fmt: str | None,
    show_boxes: bool,
) -> None:
    """Draw the preview card of ARTICLE (library: sharekit.render_card)."""
    from sharekit.card import format_for_path, render_card

    if fmt is None and out is not None and out != "-":
        fmt = format_for_path(out)  # before any work: a bad name fails fast
    record = state.article(article)
    card = render_card(
        record, state.site(), template=template, size=size, format=fmt, show_boxes=show_boxes
    )
    if out == "-":
        sys.stdout.buffer.write(card.data)
        sys.stdout.buffer.flush()
        return
    target = card.save(out or f"{record.slug}{Path(card.filename).suffix}")
    click.echo(str(target))
