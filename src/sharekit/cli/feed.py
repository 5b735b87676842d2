"""``sharekit feed``: one feed from records, or records added to a stored feed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sharekit.errors import InputError

if TYPE_CHECKING:
    from sharekit.cli import State


@click.command("feed")
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLES...")
@click.option(
    "--format",
    "format",
    type=click.Choice(["rss", "atom", "json"]),
    help="Feed format (default: from the -o file name; rss on stdout).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the feed here (default: stdout). Stateless: nothing is stored.",
)
@click.option("--url", metavar="URL", help="The feed's own address (rel=self).")
@click.option("--section", metavar="S", help="Only records of this section.")
@click.option("--tag", metavar="T", help="Only records with this tag.")
@click.option("--author", metavar="A", help="Only records by this author.")
@click.option(
    "--update",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Add or replace the records in the feed store serving FILE and rewrite its feeds.",
)
@click.pass_obj
def feed_command(
    state: State,
    articles: tuple[str, ...],
    format: str | None,
    output: Path | None,
    url: str | None,
    section: str | None,
    tag: str | None,
    author: str | None,
    update: Path | None,
) -> None:
    """Build an RSS, Atom or JSON feed from ARTICLES (library: sharekit.build_feed).

    With --update FILE, add or replace ARTICLES in the feed store beside FILE
    (.sharekit/store.sqlite in its folder or the nearest above) and rewrite
    every feed it serves that they belong to (library: sharekit.update_feed).
    """
    from sharekit.feed import build_feed, update_feed

    site = state.site()
    records = state.articles(articles)  # every record or the first error: nothing written
    if update is not None:
        if output is not None:
            raise InputError("option", "--output", "not with --update (the store names the files)")
        for path in update_feed(
            update, records, site, format=format, section=section, tag=tag, author=author, url=url
        ):
            click.echo(f"sharekit: wrote {path}", err=True)
        return
    data = build_feed(
        records, site, format=format, url=url, section=section, tag=tag, author=author, path=output
    )
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
