"""``sharekit schema``: the JSON Schema of an article record (library: sharekit.record_schema)."""

from __future__ import annotations

import click


@click.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of an article record (library: sharekit.record_schema)."""
    import json

    from sharekit import record_schema

    click.echo(json.dumps(record_schema(), indent=2, ensure_ascii=False))
