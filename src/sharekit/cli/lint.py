"""``sharekit lint``: what a sharing debugger would report (library: sharekit.lint_article)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sharekit.cli import State


@click.command("lint")
@click.argument("article", metavar="ARTICLE")
@click.option(
    "--format",
    "format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="One finding a line, or a JSON list of findings.",
)
@click.pass_context
@click.pass_obj
def lint_command(state: State, ctx: click.Context, article: str, format: str) -> None:
    """Check ARTICLE's share metadata: image, URLs, lengths, dates, site name.

    Exit status 1 when a finding is an error (warnings alone exit 0).
    """
    from sharekit import lint_article

    record = state.article(article)
    findings = lint_article(record, state.site())
    if format == "json":
        click.echo(findings.to_json())
    else:
        for finding in findings:
            click.echo(f"{record.source}: {finding}")
        click.echo(findings.summary(), err=True)
    if findings.has_errors:
        ctx.exit(1)
