"""``sharekit publish``: the CMS hook from the command line."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sharekit.cli import State


@click.command("publish")
@click.argument("articles", nargs=-1, required=True)
@click.option("--out", "out_dir", help="Output root: a folder (default: [publish] out).")
@click.option(
    "--store",
    metavar="URL",
    help="The store: postgresql://USER@HOST:PORT/DB, shared by publishers"
    " (default: [publish] store, else OUT/.sharekit/store.sqlite).",
)
@click.option(
    "--executor",
    metavar="local|dask://HOST:PORT",
    help="Where articles render: this machine's process pool, or a Dask scheduler"
    " whose workers reach OUT (default: [publish] executor, else local).",
)
@click.option("--workers", type=click.IntRange(min=0), help="Worker processes (0: every core).")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
@click.pass_obj
def publish_command(
    state: State,
    articles: tuple[str, ...],
    out_dir: str | None,
    store: str | None,
    executor: str | None,
    workers: int | None,
    quiet: bool,
) -> None:
    """Write card, head tags, share block and manifest per article; update the feeds.

    ARTICLES are record files, folders, JSON arrays or JSON Lines. A bad
    record is named and skipped; the others are written (exit status 2 then).
    Library: sharekit.publish(articles, site, out, store=..., executor=...,
    workers=..., progress=...).
    """
    from sharekit import count_records, publish
    from sharekit.errors import InputError

    show_bar = not quiet and sys.stderr.isatty()
    site = state.site()
    out_dir = out_dir or site.publish.out
    if not out_dir:
        raise InputError(None, "--out", "give the output root (or set [publish] out)")
    if show_bar:
        with click.progressbar(
            length=count_records(articles), label="publishing", file=sys.stderr
        ) as bar:
            report = publish(
                list(articles),
                site,
                out_dir,
                store=store,
                executor=executor,
                workers=workers,
                progress=lambda _: bar.update(1),
            )
    else:
        report = publish(
            list(articles), site, out_dir, store=store, executor=executor, workers=workers
        )
    for moved in report.moved:
        click.echo(
            f"sharekit: note: {moved.source}: id {moved.id} moved from articles/{moved.old_slug}/"
            f" to articles/{moved.slug}/; the old folder was left in place",
            err=True,
        )
    if not quiet:
        click.echo(f"sharekit: {report.summary()}", err=True)
    if report.exit_code:
        sys.exit(report.exit_code)
