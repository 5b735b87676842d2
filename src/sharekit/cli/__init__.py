"""The ``sharekit`` command: a thin click shell over the library.

This package holds the group, its global options and the one translation of
errors: :class:`SharekitError` becomes one line on stderr and its exit
status (2 input, 3 network); ``--debug`` shows the traceback above that line
and keeps the status (SPEC 8.2). Every line goes through the one scrubber
of secrets, :func:`sharekit.errors.redact`. Each
command lives in its own module (``card.py``, ``feed.py``, ...), imported
only when it runs, and only parses options, makes one library call and
prints the result. Command modules import ``sharekit``'s public names, never
its private modules (``tests/cli/test_cli.py`` checks).

Wing (layer 13). May import: :mod:`sharekit` (public names), the public
subpackages card, feed, serve and config, errors.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from sharekit import __version__
from sharekit.errors import SharekitError, redact

if TYPE_CHECKING:
    from sharekit.config import Site
    from sharekit.model import Article

__all__ = ["LAZY_COMMANDS", "SharekitGroup", "State", "main"]

# Commands that start in a blink: they skip the logging set-up (10 ms of imports).
_LIGHT_COMMANDS = frozenset({"slug", "schema"})


class State:
    """What every command shares: the global options and the loaded site."""

    def __init__(self, config: str | None = None, debug: bool = False) -> None:
        self.config = config
        self.debug = debug
        self._site: Site | None = None

    def site(self) -> Site:
        if self._site is None:
            # SPEC 8.3: inside a Jekyll, Hugo or Eleventy site (or given a path in one),
            # its own configuration is read, under sharekit.toml
            from sharekit import load_site_at

            self._site = load_site_at(_first_path(), self.config)
        return self._site

    def article(self, source: str) -> Article:
        from sharekit import load_article

        return load_article(source, self.site())

    def articles(self, sources: Sequence[str]) -> list[Article]:
        """Every record of every source, or the first error: nothing is written then."""
        from sharekit import load_articles

        return [article for source in sources for article in load_articles(source, self.site())]


def _first_path() -> str | None:
    """The first file or folder the running command was given (the site is found from it)."""
    ctx = click.get_current_context(silent=True)
    value = ctx.params.get("article") or ctx.params.get("articles") if ctx else None
    first = value[0] if isinstance(value, tuple) and value else value
    return first if isinstance(first, str) and "://" not in first else None


def _show_log_messages() -> None:
    """Send the library's log records to stderr as ``sharekit: warning: ...`` lines."""
    import logging

    class StderrHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            level = "warning" if record.levelno >= logging.WARNING else "note"
            click.echo(f"sharekit: {level}: {_printable(redact(record.getMessage()))}", err=True)

    log = logging.getLogger("sharekit")
    if not log.handlers:
        log.addHandler(StderrHandler())
        log.setLevel(logging.INFO)
        log.propagate = False


def _fail(message: str, code: int, *, traceback: bool = False) -> NoReturn:
    """One line on stderr and the exit status; with ``--debug`` the traceback above it
    (secrets scrubbed as from the line: SPEC 8.2), the status unchanged."""
    if traceback:
        import traceback as tb

        click.echo(redact("".join(tb.format_exc())).rstrip("\n"), err=True)
    click.echo(f"sharekit: {_printable(redact(message))}", err=True)
    sys.exit(code)


# Control characters (a newline, ESC sequences) and bidi overrides in a file name or value
# would split the one error line or repaint the terminal: they are shown escaped.
_UNPRINTABLE = dict.fromkeys([*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029])
_UNPRINTABLE |= dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _printable(message: str) -> str:
    if not any(ord(c) in _UNPRINTABLE for c in message):
        return message
    return "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        if ord(c) in _UNPRINTABLE
        else c
        for c in message
    )


# Every command is a module of this package, imported only when it runs (or
# --help lists them), so `sharekit slug` loads no other command's imports:
# name -> "module:function".
LAZY_COMMANDS = {
    "card": "sharekit.cli.card:card_command",
    "feed": "sharekit.cli.feed:feed_command",
    "inspect": "sharekit.cli.inspect:inspect_command",
    "links": "sharekit.cli.links:links_command",
    "lint": "sharekit.cli.lint:lint_command",
    "meta": "sharekit.cli.meta:meta_command",
    "preview": "sharekit.cli.preview:preview_command",
    "publish": "sharekit.cli.publish:publish_command",
    "schema": "sharekit.cli.schema:schema_command",
    "serve": "sharekit.cli.serve:serve_command",
    "site": "sharekit.cli.site:site_command",
    "sitemap": "sharekit.cli.sitemap:sitemap_command",
    "slug": "sharekit.cli.slug:slug_command",
    "syndicate": "sharekit.cli.syndicate:syndicate_command",
}


class SharekitGroup(click.Group):
    """Runs a command and turns sharekit's errors into one line and an exit status.

    Commands in :data:`LAZY_COMMANDS` are imported on first use.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS and name not in self.commands:
            import importlib

            module, _, attribute = LAZY_COMMANDS[name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SharekitError as error:
            _fail(str(error), error.exit_code, traceback=_debug(ctx))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except Exception as error:  # a bug: say so in one line (and the traceback when debugging)
            _fail(
                f"internal error: {type(error).__name__}: {error} (rerun with --debug for details)",
                70,
                traceback=_debug(ctx),
            )


def _debug(ctx: click.Context) -> bool:
    state = ctx.find_object(State)
    return bool(state and state.debug)


@click.group(cls=SharekitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="sharekit")
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    help="Config file (default: sharekit.toml or pyproject.toml [tool.sharekit], nearest parent).",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an error, and debugging notes.")
@click.pass_context
def main(ctx: click.Context, config: str | None, debug: bool) -> None:
    """Slugs, share metadata, preview cards, feeds and share links from an article record.

    Exit status: 0 success (warnings allowed), 1 lint or inspect found errors,
    2 bad input or usage, 3 network failure.
    """
    ctx.obj = State(config=config, debug=debug)
    if ctx.invoked_subcommand not in _LIGHT_COMMANDS:
        _show_log_messages()
        if debug:  # also the notes only a debugging user wants (front matter keys not read)
            import logging

            logging.getLogger("sharekit").setLevel(logging.DEBUG)
