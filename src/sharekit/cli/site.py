"""``sharekit site``: what sharekit reads from a Jekyll, Hugo or Eleventy site (SPEC 8.3)."""

from __future__ import annotations

import click


@click.command("site")
@click.argument("root", required=False, metavar="[ROOT]")
def site_command(root: str | None) -> None:
    """Show the generator's configuration sharekit reads from ROOT (default: the current
    folder or its nearest parent that is a site), where each value comes from, the folders
    of posts and what cannot be read. sharekit.toml, when there is one, wins over it.

    Library: sharekit.site_report(root), sharekit.load_site_at(root).
    """
    from sharekit import site_report
    from sharekit.errors import InputError

    report = site_report(root)
    if report is None:
        raise InputError(
            root or ".", None, "no Jekyll, Hugo or Eleventy site here or in a parent folder"
        )
    for line in report.lines():
        click.echo(line)
