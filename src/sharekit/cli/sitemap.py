"""``sharekit sitemap``: a sitemap or news sitemap from records, or the robots.txt lines."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from sharekit.errors import InputError

if TYPE_CHECKING:
    from sharekit.cli import State


@click.command("sitemap")
@click.argument("articles", nargs=-1, metavar="ARTICLES...")
@click.option(
    "--news", is_flag=True, help="The Google News sitemap (articles of the last two days)."
)
@click.option("--robots", is_flag=True, help="Print the robots.txt lines for publish's sitemaps.")
@click.pass_obj
def sitemap_command(state: State, articles: tuple[str, ...], news: bool, robots: bool) -> None:
    """Print the sitemap of ARTICLES: URLs with the card and hero as images
    (library: sharekit.build_sitemap).

    Publish writes sitemap.xml (an index past 50,000 URLs or with [feed]
    sections) and news-sitemap.xml into its folder from the store. With
    --robots, print the `Sitemap:` lines for robots.txt (library:
    sharekit.sitemap_robots).
    """
    from sharekit import build_sitemap, sitemap_robots

    site = state.site()
    if robots:
        if articles or news:
            raise InputError("option", "--robots", "takes no ARTICLES and no --news")
        click.echo(sitemap_robots(site), nl=False)
        return
    if not articles:
        raise InputError("option", "ARTICLES", "give record files (or --robots)")
    data = build_sitemap(state.articles(articles), site, news=news)
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
