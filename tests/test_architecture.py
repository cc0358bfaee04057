"""The package's layers, as docs/architecture.md draws them: a layer imports only layers below
it, streamlit only in the app layer, and no two modules import each other (even lazily)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "annotator"
# layer -> rank; a module may import modules of its own layer or of a lower rank
LAYERS = {
    "annotator.models": 0,
    "annotator.errors": -1,  # AnnotatorError: the base every layer raises from, settings too
    "annotator.settings": 0,
    "annotator.knowledge": 1,
    "annotator.extraction": 2,
    "annotator.checking": 3,
    "annotator.qa": 4,
    "annotator.pipeline": 5,
    "annotator": 6,  # the package itself: the public API (check_text, check_file)
    "annotator.outputs": 7,
    "annotator.evaluation": 8,
    "annotator.review": 9,
    "annotator.app": 10,
    "annotator.cli": 10,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}


def _layer(module: str) -> str:
    for layer in sorted(LAYERS, key=len, reverse=True):
        if module == layer or (layer != "annotator" and module.startswith(layer + ".")):
            return layer
    raise AssertionError(f"{module} is in no layer")


def _imports(module: str) -> set[str]:
    """Every annotator module `module` imports, at module level or inside functions."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        else:
            continue
        found.update(n for n in names if n == "annotator" or n.startswith("annotator."))
    return found - {module}


def test_every_module_belongs_to_a_layer():
    for module in MODULES:
        _layer(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_layer_imports_only_layers_below_it(module):
    mine = _layer(module)
    for imported in _imports(module):
        theirs = _layer(imported)
        assert theirs == mine or LAYERS[theirs] < LAYERS[mine], (
            f"{module} ({mine}) imports {imported} ({theirs}), a layer at or above it"
        )


def test_streamlit_is_imported_only_by_the_app_layer():
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        uses = any(
            (
                isinstance(n, ast.Import)
                and any(a.name.split(".")[0] == "streamlit" for a in n.names)
            )
            or (isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "streamlit")
            for n in ast.walk(tree)
        )
        if uses:
            assert _layer(module) == "annotator.app", f"{module} imports streamlit"


def test_no_import_cycle():
    graph = {m: {i for i in _imports(m) if i in MODULES} for m in MODULES}
    # a package's __init__ re-exporting its own submodule is how packages work, not a cycle
    for m in graph:
        graph[m] = {
            i for i in graph[m] if not (MODULES[i].name == "__init__.py" and m.startswith(i + "."))
        }
    state: dict[str, int] = {}

    def visit(m, path):
        state[m] = 1
        for n in graph[m]:
            if state.get(n) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path[path.index(n) :], n]))
            if n not in state:
                visit(n, [*path, n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])


def test_the_architecture_doc_names_every_layer_package():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for layer in LAYERS:
        if layer != "annotator":
            assert layer.replace(".", "/") in doc or layer.split(".")[-1] in doc, layer
