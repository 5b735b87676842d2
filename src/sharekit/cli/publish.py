"""``sharekit publish``: the CMS hook from the command line."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sharekit.cli import State


@click.command("publish")
@click.argument("articles", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    metavar="DIR|URL",
    help="Output root: a folder, or an fsspec URL such as s3://BUCKET/PREFIX"
    " (default: [publish] out).",
)
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
    """Write card, head tags, share block and manifest per article; update feeds and sitemaps.

    ARTICLES are record files, folders, JSON arrays or JSON Lines, Markdown
    posts as Jekyll, Hugo, Eleventy or Astro keep them, or WordPress (.xml)
    and Ghost (.json) exports. A bad record is named and skipped; the others
    are written (exit status 2 then). Drafts and pages that are not articles
    are listed and skipped (not failures).
    With [syndicate], the IndexNow submission and each post (target, id, URL
    or error) are printed as JSON Lines on stdout; a failed post does not
    change the exit status (the next run tries it again).
    An article whose URL changed (a new slug, same id) gets a redirect from
    its old URL: a page at the old path, _redirects, redirects.map (nginx)
    and redirects.json (docs/redirects.md).
    Library: sharekit.publish(articles, site, out, store=..., executor=...,
    workers=..., progress=...).
    """
    import signal

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        _publish(state, articles, out_dir, store, executor, workers, quiet)
    except _Terminated:
        # the library has stopped its workers and closed the store (digests of
        # unfinished articles are unset, so the next run redoes them)
        click.echo("sharekit: stopped by SIGTERM; run publish again to finish", err=True)
        sys.exit(128 + signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Terminated(BaseException):
    """SIGTERM, raised where publish is: it unwinds like Ctrl-C (a BaseException,
    so no ``except Exception`` on the way swallows it)."""


def _stop(signum: int, frame: object) -> None:
    raise _Terminated


def _publish(
    state: State,
    articles: tuple[str, ...],
    out_dir: str | None,
    store: str | None,
    executor: str | None,
    workers: int | None,
    quiet: bool,
) -> None:
    from sharekit import count_records, publish
    from sharekit.errors import InputError

    show_bar = not quiet and sys.stderr.isatty()
    site = state.site()
    out_dir = out_dir or site.publish.out
    if not out_dir:
        raise InputError(None, "--out", "give the output root (or set [publish] out)")
    if show_bar:
        with click.progressbar(
            length=count_records(articles, site), label="publishing", file=sys.stderr
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
    for line in report.syndication_lines():  # [syndicate]: IndexNow, posts (never secrets)
        click.echo(line)
    if not quiet:
        for skipped in report.skipped:
            click.echo(f"sharekit: note: {skipped}", err=True)
    for moved in report.moved:
        click.echo(
            f"sharekit: note: {moved.source}: id {moved.id} moved from articles/{moved.old_slug}/"
            f" to articles/{moved.slug}/; the old folder was left in place",
            err=True,
        )
    if report.redirects and not quiet:  # SPEC 8.4
        click.echo(f"sharekit: note: redirects written: {', '.join(report.redirects)}", err=True)
    if not quiet:
        click.echo(f"sharekit: {report.summary()}", err=True)
    if report.exit_code:
        sys.exit(report.exit_code)
