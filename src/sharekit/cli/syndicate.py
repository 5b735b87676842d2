"""``sharekit syndicate``: post articles to the configured accounts, once each."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sharekit.cli import State


@click.command("syndicate")
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLES...")
@click.option(
    "--out",
    "out_dir",
    metavar="DIR|URL",
    help="Publish's output root: its store records the posts, its cards are used"
    " (default: [publish] out, else the current folder). A URL needs --store.",
)
@click.option(
    "--store",
    metavar="URL",
    help="Publish's store when it is not OUT's: postgresql://USER@HOST:PORT/DB"
    " (default: [publish] store, else OUT/.sharekit/store.sqlite).",
)
@click.option("--dry-run", is_flag=True, help="Post nothing; show what would be posted.")
@click.pass_obj
def syndicate_command(
    state: State, articles: tuple[str, ...], out_dir: str | None, store: str | None, dry_run: bool
) -> None:
    """Post ARTICLES to each [syndicate] target (Mastodon, Bluesky, Telegram) once.

    One JSON line per article and target: posted (with the post id and URL),
    skipped (posted before), failed (exit status 3; tried again by the next
    run or publish), or with --dry-run "would post" with the text, link and
    card. max_age_hours does not apply here: these articles were asked for.
    Tokens come from the config or SHAREKIT_MASTODON_TOKEN,
    SHAREKIT_BLUESKY_APP_PASSWORD, SHAREKIT_TELEGRAM_TOKEN and are never
    printed. Library: sharekit.syndicate(articles, site, out, store=...,
    dry_run=...).
    """
    from sharekit import syndicate

    site = state.site()
    # publish's own defaults, so both find one store (a Path would turn s3://b into s3:/b)
    out = out_dir or site.publish.out or "."
    records = state.articles(articles)
    results = syndicate(records, site, out, store=store, dry_run=dry_run)
    if not results:
        click.echo("sharekit: no [syndicate] target is configured", err=True)
    for result in results:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
    if any(result.status == "failed" for result in results):
        sys.exit(3)
