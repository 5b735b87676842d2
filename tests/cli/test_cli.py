"""The CLI shell: slug and schema, error translation, help on every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sharekit import record_schema, slugify
from sharekit.cli import main


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def test_slug_command_is_the_library_call() -> None:
    text = "북한, 러시아에 병력 파견"
    result = run("slug", text)
    assert result.exit_code == 0
    assert result.stdout.strip() == slugify(text)
    assert run("slug", "--unicode", text).stdout.strip() == slugify(text, allow_unicode=True)
    assert run("slug", "--max-length", "10", "one two three").stdout.strip() == "one-two"
    assert run("slug", "--lang", "ja", "東京").stdout.strip() == slugify("東京", lang="ja")


def test_schema_command() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == record_schema()


def test_version() -> None:
    from sharekit import __version__

    assert run("--version").stdout.strip() == f"sharekit, version {__version__}"


def test_every_command_has_help() -> None:
    assert run("--help").exit_code == 0
    names = main.list_commands(click.Context(main))
    spec = {
        "card",
        "meta",
        "slug",
        "links",
        "feed",
        "publish",
        "lint",
        "inspect",
        "preview",
        "schema",
        "serve",  # SPEC 7.6
        "sitemap",  # SPEC 7.4
        "syndicate",  # SPEC 7.4
        "site",  # SPEC 8.3
    }
    assert set(names) == spec  # SPEC section 3, and nothing that does not work
    for name in names:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        command = main.get_command(click.Context(main), name)
        assert command is not None and command.help, f"{name} has no help text"
        assert name in run("--help").stdout


def test_usage_error_exits_2() -> None:
    assert run("slug").exit_code == 2
    assert run("slug", "--max-length", "0", "x").exit_code == 2
    assert run("no-such-command").exit_code == 2


def _sharekit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sharekit", *args], capture_output=True, text=True, cwd=cwd
    )


def test_errors_become_one_line_and_an_exit_status() -> None:
    from sharekit import InputError, NetworkError
    from sharekit.cli import SharekitGroup, State

    @click.group(cls=SharekitGroup)
    @click.option("--debug", is_flag=True)
    @click.pass_context
    def group(ctx: click.Context, debug: bool) -> None:
        ctx.obj = State(debug=debug)

    @group.command()
    @click.argument("kind")
    def boom(kind: str) -> None:
        if kind == "input":
            raise InputError("article.json", "published", 'not an ISO 8601 date: "yesterday"')
        if kind == "network":
            raise NetworkError("https://x.example/", "timed out after 10 s")
        raise ZeroDivisionError("bug")

    result = CliRunner().invoke(group, ["boom", "input"])
    assert (result.exit_code, result.stderr) == (
        2,
        'sharekit: article.json: published: not an ISO 8601 date: "yesterday"\n',
    )
    result = CliRunner().invoke(group, ["boom", "network"])
    assert (result.exit_code, result.stderr) == (
        3,
        "sharekit: https://x.example/: timed out after 10 s\n",
    )
    result = CliRunner().invoke(group, ["boom", "bug"])
    assert result.exit_code == 70 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "--debug" in result.stderr
    # --debug adds the traceback and keeps the status (it used to re-raise: exit 1, lint's)
    for kind, code in (("input", 2), ("network", 3), ("bug", 70)):
        result = CliRunner().invoke(group, ["--debug", "boom", kind])
        assert result.exit_code == code, (kind, result.stderr)
        assert "Traceback" in result.stderr and result.stderr.startswith("Traceback")
        assert result.stderr.splitlines()[-1].startswith("sharekit: ")


def _sharekit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sharekit", *args], capture_output=True, text=True, cwd=cwd
    )


def test_bad_config_file_is_reported(tmp_path: Path) -> None:
    from sharekit.cli import State

    (tmp_path / "sharekit.toml").write_text('[site]\nnmae = "x"\n')
    state = State(config=tmp_path / "sharekit.toml")
    with pytest.raises(
        Exception, match=r'sharekit.toml: site.nmae: unknown field; did you mean "name"\?'
    ):
        state.site()


def test_module_entry_point(tmp_path: Path) -> None:
    result = _sharekit("slug", "Hello World", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == "hello-world\n" and result.stderr == ""


def test_cli_reference_is_current() -> None:
    from tests.conftest import ROOT

    script = ROOT / "scripts" / "cli_reference.py"
    result = subprocess.run([sys.executable, str(script), "--check"], cwd=ROOT)
    assert result.returncode == 0, "docs/cli.md is stale: run python scripts/cli_reference.py"


# SPEC 7.1: a command module parses, makes one library call and prints. The
# library it calls is sharekit's public surface (its names and public
# modules), never an implementation module.
CLI_PRIVATE_IMPORTS: set[tuple[str, str]] = set()


def _imports(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it; ``from sharekit import x`` is sharekit.x."""
    import ast

    modules = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0 and node.module, f"{path.name}: relative import"
            if node.module == "sharekit":
                modules.update(f"sharekit.{alias.name}" for alias in node.names)
            else:
                modules.add(node.module)
    return modules


def _public(module: str) -> bool:
    """The standard library, click, or sharekit's public surface."""
    import sharekit
    from tests.test_api import PUBLIC_MODULES

    top, *rest = module.split(".")
    if top != "sharekit":
        return top == "click" or top in sys.stdlib_module_names
    if len(rest) == 1 and rest[0] in sharekit.__all__:
        return True
    return not rest or (rest[0] in PUBLIC_MODULES and not any(p.startswith("_") for p in rest))


def _cli_folder() -> Path:
    import sharekit.cli

    return Path(sharekit.cli.__file__ or "").parent


def test_cli_modules_import_only_the_public_library() -> None:
    found = {
        (path.name, module)
        for path in _cli_folder().glob("*.py")
        for module in _imports(path)
        if not _public(module)
    }
    assert found == CLI_PRIVATE_IMPORTS


def test_every_command_is_a_module_of_the_cli_package() -> None:
    from sharekit.cli import LAZY_COMMANDS

    modules = {f"sharekit.cli.{path.stem}" for path in _cli_folder().glob("[!_]*.py")}
    assert {target.partition(":")[0] for target in LAZY_COMMANDS.values()} == modules
    assert set(LAZY_COMMANDS) == set(main.list_commands(click.Context(main)))


def test_a_command_loads_no_other_command_module() -> None:
    code = (
        "import sys\nfrom sharekit.cli import main\nsys.argv = ['sharekit', 'slug', 'x']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(*(m for m in sys.modules if m.startswith('sharekit.cli')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["x", "sharekit.cli sharekit.cli.slug"]
