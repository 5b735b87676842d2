"""Write docs/cli.md from the commands' own --help, so the reference cannot drift.

python scripts/cli_reference.py          # rewrite docs/cli.md
python scripts/cli_reference.py --check  # exit 1 when docs/cli.md is stale (run by the tests)
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from sharekit.cli import main

TARGET = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def reference() -> str:
    runner = CliRunner()
    parts = [
        "# Command-line reference",
        "",
        "Generated from `sharekit --help` by `scripts/cli_reference.py`;",
        "a test fails when it is stale.",
        "Each command is one library call; its options are that call's keyword arguments.",
        "",
        "## sharekit",
        "",
        "```",
        runner.invoke(main, ["--help"], prog_name="sharekit", terminal_width=100).output.rstrip(),
        "```",
    ]
    for name in sorted(main.commands):
        result = runner.invoke(main, [name, "--help"], prog_name="sharekit", terminal_width=100)
        help_text = result.output.rstrip()
        parts += ["", f"## sharekit {name}", "", "```", help_text, "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    text = reference()
    if "--check" in sys.argv:
        sys.exit(0 if TARGET.exists() and TARGET.read_text("utf-8") == text else 1)
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(text, "utf-8")
