"""The wings hold (SPEC 8.1): no import circle, no import up the layers, small modules.

The import graph is read from the source (every ``import`` statement, at
module level or inside a function; imports under ``if TYPE_CHECKING:`` are
left out, as SPEC 8.1 allows). Each wing's ``__init__`` docstring says what
it may import (``May import: ...``); the graph must agree with it, so the
docstrings stay true. docs/architecture.md draws the same layers.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import sharekit

PACKAGE = Path(sharekit.__file__).parent

# Each wing (or top-level module) and its layer: a module imports only from its
# own wing or from a wing of a lower layer.
LAYERS = {
    "errors": 0,
    "_version": 0,
    "text": 1,
    "networks": 1,
    "config": 2,
    "model": 3,
    "out": 4,
    "images": 4,
    "store": 5,
    "net": 5,
    "card": 6,
    "records": 6,  # above store: a folder walk skips publish's outputs (they hold its store)
    "meta": 7,
    "feed": 7,
    "share": 7,
    "syndication": 8,
    "lint": 9,
    "publishing": 9,
    "preview": 10,
    "serve": 11,
    "": 12,  # sharekit/__init__: the public facade, lazy names over every wing
    "cli": 13,
    "contrib": 13,
    "__main__": 14,
}
TOP_LEVEL_MODULES = {"__init__", "__main__", "_version", "errors", "model"}
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def module_name(path: Path) -> str:
    parts = ["sharekit", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def _owner(name: str) -> str | None:
    """The module of ``name`` (a module, or a name inside one), or None if not ours."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name if name in MODULES else None


def imports_of(module: str) -> set[str]:
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(filter(None, (_owner(alias.name) for alias in node.names)))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            if origin.split(".")[0] == "sharekit":
                for alias in node.names:
                    owner = _owner(f"{origin}.{alias.name}") or _owner(origin)
                    if owner:
                        found.add(owner)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text()))
    found.discard(module)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def wing(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_graph_sees_imports_of_every_kind() -> None:
    """The checks below pass trivially on an empty graph: the walk must find known edges
    (module level, inside a function) and skip type-only ones."""
    assert "sharekit.config" in GRAPH["sharekit.model"]  # module level
    assert "sharekit.card._render" in GRAPH["sharekit.card"]  # inside render_card
    assert "sharekit.store._postgres" in GRAPH["sharekit.store._open"]  # inside open_store
    assert "sharekit.model" not in GRAPH["sharekit.card"]  # only under TYPE_CHECKING there
    assert sum(map(len, GRAPH.values())) > 2 * len(GRAPH)


def test_every_module_belongs_to_a_wing_and_the_flat_room_is_gone() -> None:
    assert {wing(m) for m in MODULES} <= set(LAYERS)
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top == TOP_LEVEL_MODULES


def test_no_import_circle() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def connect(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            connect(module)
    assert circles == []


def test_no_import_runs_up_the_layers() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if wing(target) != wing(module) and LAYERS[wing(target)] >= LAYERS[wing(module)]
    ]
    assert upward == []


def _declared(docstring: str) -> set[str]:
    match = re.search(r"May import:(.*?)(?:\.\s*$|\.\s*\n\n|\. Nothing)", docstring, re.S)
    assert match, "the wing's docstring says what it may import"
    words = re.findall(r"[a-z_.]+", re.sub(r"\([^)]*\)", "", match.group(1)))
    return {w.removeprefix("sharekit.") for w in words} & set(LAYERS)


def test_each_wing_imports_only_what_its_docstring_allows() -> None:
    wings = sorted({wing(m) for m in MODULES} - {"", "__main__"} - TOP_LEVEL_MODULES)
    for name in wings:
        docstring = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text()))
        assert docstring, name
        allowed = _declared(docstring)
        used = {
            wing(target)
            for module, targets in GRAPH.items()
            if wing(module) == name
            for target in targets
            if wing(target) not in {name, "", "_version"}
        }
        assert used <= allowed, f"{name} imports {sorted(used - allowed)} beyond its docstring"


def test_no_module_over_600_lines_and_no_function_over_80() -> None:
    long_modules = []
    long_functions = []
    for module, path in MODULES.items():
        source = path.read_text()
        if source.count("\n") > MAX_MODULE_LINES:
            long_modules.append(module)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{module}.{node.name} ({length})")
    assert long_modules == []
    assert long_functions == []
