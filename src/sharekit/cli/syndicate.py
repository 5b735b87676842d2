"""``sharekit syndicate``: post articles to the configured accounts, once each."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sharekit.cli import State


@click.command("syndicate")
@click.argument("articles", nargs=-1, metavar="ARTICLES...")
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
@click.option(
    "--status", "status", is_flag=True, help="List every post the store keeps and its state."
)
@click.option(
    "--resolve",
    nargs=2,
    metavar="ID posted|retry",
    help="Settle the unknown (or failed) posts of article ID: posted (seen on the"
    " account; nothing is sent) or retry (queued for the next run).",
)
@click.option("--target", metavar="NAME", help="With --resolve: only this target's post.")
@click.pass_obj
def syndicate_command(
    state: State,
    articles: tuple[str, ...],
    out_dir: str | None,
    store: str | None,
    dry_run: bool,
    status: bool,
    resolve: tuple[str, str] | None,
    target: str | None,
) -> None:
    """Post ARTICLES to each [syndicate] target (Mastodon, Bluesky, Telegram,
    Threads, LinkedIn, a webhook) once.

    One JSON line per article and target: posted (with the post id and URL),
    skipped (posted before), queued (waiting until not_before: a delay,
    syndicate_at, a rate limit), unknown (the service may have it: exit status
    3, never retried until --resolve), failed (exit status 3; tried again by
    the next run or publish), or with --dry-run "would post" with the text,
    link and card. max_age_hours does not apply here: these articles were
    asked for. --status lists every post the store keeps; --resolve ID
    posted|retry settles an unknown one. Tokens come from the config or
    SHAREKIT_MASTODON_TOKEN, SHAREKIT_BLUESKY_APP_PASSWORD,
    SHAREKIT_TELEGRAM_TOKEN, SHAREKIT_THREADS_TOKEN, SHAREKIT_LINKEDIN_TOKEN,
    SHAREKIT_WEBHOOK_SECRET and are never printed. Library:
    sharekit.syndicate(articles, site, out, store=..., dry_run=...),
    sharekit.syndication_status(site, out), sharekit.resolve_post(id, decision,
    site, out).
    """
    import sharekit
    from sharekit.errors import InputError

    site = state.site()
    # publish's own defaults, so both find one store (a Path would turn s3://b into s3:/b)
    out = out_dir or site.publish.out or "."
    if status or resolve:
        if articles or (status and resolve) or dry_run:
            raise InputError(
                "option", "status", "--status and --resolve take no ARTICLES, nor each other"
            )
        if resolve:
            found = sharekit.resolve_post(
                resolve[0], resolve[1], site, out, store=store, target=target
            )
        else:
            found = sharekit.syndication_status(site, out, store=store)
        for result in found:
            click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    if not articles:
        raise InputError("option", "articles", "give ARTICLES (or --status, --resolve)")
    records = state.articles(articles)
    results = sharekit.syndicate(records, site, out, store=store, dry_run=dry_run)
    if not results:
        click.echo("sharekit: no [syndicate] target is configured", err=True)
    for result in results:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
    if any(result.status in ("failed", "unknown") for result in results):
        sys.exit(3)
