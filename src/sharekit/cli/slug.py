"""``sharekit slug``: the slug of a text (library: sharekit.slugify)."""

from __future__ import annotations

import click


@click.command("slug")
@click.argument("text")
@click.option("--lang", metavar="L", help="BCP 47 language of TEXT (picks the romaniser).")
@click.option(
    "--max-length", type=click.IntRange(min=1), metavar="N", help="Cut at a word boundary."
)
@click.option(
    "--unicode",
    "allow_unicode",
    is_flag=True,
    help="Keep letters of every script (Hangul stays Hangul).",
)
def slug_command(text: str, lang: str | None, max_length: int | None, allow_unicode: bool) -> None:
    """Print the slug of TEXT (library: sharekit.slugify)."""
    from sharekit import slugify

    click.echo(slugify(text, lang=lang, max_length=max_length, allow_unicode=allow_unicode))
