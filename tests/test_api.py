"""The public surface: a sorted __all__ whose every name imports, and cheap imports."""

from __future__ import annotations

import ast
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import sharekit


def test_all_is_sorted_and_unique() -> None:
    assert list(sharekit.__all__) == sorted(set(sharekit.__all__))


@pytest.mark.parametrize("name", sharekit.__all__)
def test_every_public_name_imports(name: str) -> None:
    assert getattr(sharekit, name) is not None


def test_spec_names_are_public() -> None:
    spec_names = {
        "Article", "Site", "SharekitError", "load_article", "load_articles", "load_site",
        "record_schema", "slugify", "unique_slug", "card_ref", "CardRef", "card_url",
    }  # fmt: skip
    assert spec_names <= set(sharekit.__all__)


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        _ = sharekit.no_such_name  # type: ignore[attr-defined]


HEAVY = ("PIL", "feedgen", "lxml", "requests")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


@pytest.mark.parametrize(
    "code",
    [
        "import sharekit",
        "from sharekit.cli import main\nimport sys\nsys.argv=['sharekit','slug','x']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass",
        "from sharekit.cli import main\nimport sys\nsys.argv=['sharekit','schema']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass",
        "import sharekit\nsharekit.load_article('examples/article.json'.replace('examples', __import__('os').environ['EX']))",
    ],
    ids=["import", "slug", "schema", "load_article"],
)
def test_light_paths_import_no_heavy_library(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import EXAMPLES

    monkeypatch.setenv("EX", str(EXAMPLES))
    loaded = _modules_after(code)
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert heavy == []


def test_import_of_the_publish_module_keeps_sharekit_publish_callable(tmp_path: Path) -> None:
    code = (
        "import sharekit\n"
        "from sharekit.publishing._run import PublishReport\n"  # binds sharekit.publishing._run to the module
        f"report = sharekit.publish([], sharekit.load_site(), {str(tmp_path)!r}, workers=1)\n"
        "assert isinstance(report, PublishReport), report\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "error",
    [
        sharekit.SharekitError("plain"),
        sharekit.InputError("a.json", "title", "missing"),
        sharekit.InputError(None, None, "no file, no field"),
        sharekit.RenderError("cannot draw"),
        sharekit.NetworkError("https://example.com/x.png", "timed out"),
    ],
    ids=repr,
)
def test_errors_survive_pickling(error: sharekit.SharekitError) -> None:
    """Publish workers send errors back to the main process by pickle."""
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)


# The public surface is ``sharekit`` and its documented modules; everything else
# is implementation: a module whose name starts with ``_``, or a private wing
# (SPEC 8.1), a package whose ``__init__`` is only a docstring saying so.
PUBLIC_MODULES = {"card", "cli", "config", "contrib", "errors", "feed", "model", "serve"}


def test_implementation_modules_are_private() -> None:
    package = Path(sharekit.__file__).parent
    public = set()
    for path in package.iterdir():
        if path.name.startswith("_"):
            continue
        if path.suffix == ".py":
            public.add(path.stem)
        elif (path / "__init__.py").is_file():
            tree = ast.parse((path / "__init__.py").read_text())
            docstring = ast.get_docstring(tree) or ""
            if "(private wing" in docstring:
                assert len(tree.body) == 1, f"{path.name}/__init__.py holds more than its docstring"
            else:
                public.add(path.name)
    assert public == PUBLIC_MODULES


def test_no_module_replaces_its_own_class() -> None:
    source = "\n".join(p.read_text() for p in Path(sharekit.__file__).parent.rglob("*.py"))
    assert ".__class__ =" not in source
