"""The package's shape, read from its own imports: layers import only downwards
(cli -> gui -> library -> api -> nets -> imaging/geometry), the library's concerns likewise
(indexing -> metadata -> people -> catalog: a scan reads tags), and no module or package imports in a circle."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "faceorganizer"

# A module may import its own layer's modules and any lower layer's, never a higher one.
LAYERS = {
    "cli": 6,
    "gui": 5,
    "library": 4,
    "api": 3,
    "__init__": 3,  # faceorganizer/__init__.py: face-api.js's surface, names loaded from api on first use
    "nets": 2,
    "convert": 1,  # dev-time converter; nets use it to load a face-api.js weights folder
    "imaging": 1,
    "video": 1,  # reading videos (PyAV): the library's indexing and the live view share it
    "geometry": 0,
    "jxl": 0,  # JPEG XL files: the header read by hand, the pixels through libjxl (imagecodecs)
    "raw": 0,  # camera RAW files through LibRaw (rawpy): imaging decodes them with it
    "files": 0,  # regular files only (no FIFO or device read): imaging and the library walk use it
    "fonts": 0,
}
LIBRARY_LAYERS = {"indexing": 3, "metadata": 2, "people": 1, "catalog": 0}
MAX_MODULES_PER_FOLDER = 12


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def resolve(importer: str, is_package: bool, level: int, module: str | None) -> str:
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    base = base[: len(base) - (level - 1)] if level else []
    return ".".join(base + (module.split(".") if module else []))


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports, anywhere in the file (function bodies and
    ``TYPE_CHECKING`` blocks included: a circle there is still a circle for a reader)."""
    modules = all_modules()

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        graph[name]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                pkg = path.name == "__init__.py"
                base = resolve(name, pkg, node.level, node.module) if node.level else (node.module or "")
                # `from pkg import submodule` imports the submodule; `from pkg import name` the package
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for target in targets:
                hit = known(target) if target.startswith("faceorganizer") else None
                if hit and hit != name:
                    graph[name].add(hit)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def unit_in(package: str, packages: set[str], module: str) -> str | None:
    """What ``module`` is seen as inside ``package``: its own module, or the whole subpackage holding it
    (marked with a trailing "/"); None outside ``package``."""
    if module == package:
        return module
    if not module.startswith(package + "."):
        return None
    child = package + "." + module[len(package) + 1 :].split(".")[0]
    return child + "/" if child in packages else module


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_the_graph_sees_the_imports(graph):
    # guards the reader itself: relative, package-level and function-level imports are all found
    assert "faceorganizer.library.catalog" in graph["faceorganizer.library.indexing.jobs"]
    assert "faceorganizer.library.catalog.store" in graph["faceorganizer.library.catalog"]
    assert "faceorganizer.convert" in graph["faceorganizer.nets.base"]  # imported inside a function


def test_layers_import_only_downwards(graph):
    assert set(map(layer, graph)) <= set(LAYERS), "a new top-level module or package needs a layer here"
    upward = [f"{a} -> {b}" for a, targets in graph.items() for b in targets if LAYERS[layer(b)] > LAYERS[layer(a)]]
    sideways = [
        f"{a} -> {b}"
        for a, targets in graph.items()
        for b in targets
        if layer(a) != layer(b) and LAYERS[layer(b)] == LAYERS[layer(a)] and {layer(a), layer(b)} != {"__init__", "api"}
    ]
    assert upward == [], "imports against the layers (gui -> library -> api -> nets -> imaging/geometry)"
    assert sideways == [], "imports between packages of one layer"


def test_library_concerns_import_only_downwards(graph):
    def concern(module: str) -> str | None:
        parts = module.split(".")
        return parts[2] if len(parts) > 2 and parts[1] == "library" else None

    wrong = [
        f"{a} -> {b}"
        for a, targets in graph.items()
        for b in targets
        if concern(a) and concern(b) and concern(a) != concern(b)
        if LIBRARY_LAYERS[concern(b)] >= LIBRARY_LAYERS[concern(a)]
    ]
    assert wrong == [], "library: each concern uses only those below it (indexing, metadata, people, catalog)"


def test_no_module_imports_in_a_circle(graph):
    assert cycles(graph) == []


def test_no_package_imports_in_a_circle(graph):
    """Inside each package, its subpackages (each taken whole) and its own modules form no circle: a
    subpackage never both uses and is used by the rest of its parent."""
    packages = {m for m, p in all_modules().items() if p.name == "__init__.py"}
    found = []
    for package in sorted(packages):
        units: dict[str, set[str]] = defaultdict(set)
        for a, targets in graph.items():
            if (ua := unit_in(package, packages, a)) is not None:
                units[ua] |= {ub for b in targets if (ub := unit_in(package, packages, b)) is not None and ub != ua}
        found += cycles(units)
    assert found == []


def test_cycle_finder_finds_circles():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_folder_holds_too_many_modules():
    crowded = {
        str(folder.relative_to(REPO)): n
        for folder in [PACKAGE, *(p for p in PACKAGE.rglob("*") if p.is_dir() and p.name != "__pycache__")]
        if (n := len([f for f in folder.glob("*.py") if f.name not in ("__init__.py", "__main__.py")]))
        > MAX_MODULES_PER_FOLDER
    }
    assert crowded == {}, f"split these folders by concern (at most {MAX_MODULES_PER_FOLDER} modules each)"


def test_every_package_is_installed():
    text = (REPO / "pyproject.toml").read_text()
    listed = set(re.findall(r'"(faceorganizer[\w.]*)"', text.split("\npackages = [", 1)[1].split("]", 1)[0]))
    found = {module_name(p) for p in PACKAGE.rglob("__init__.py")}
    assert found - listed == set(), "add these packages to pyproject.toml's [tool.setuptools] packages"


#: Test folders that are not a package's: committed data, the built wheel and frozen app, and the reliability
#: suite (faults, hostile input and concurrency across the layers).
NOT_MIRRORS = {"data", "packaging", "reliability"}


def test_test_folders_mirror_the_package():
    """tests/<path>/ holds the tests of faceorganizer/<path>/: a folder for a package that does not exist means
    a move left its tests behind."""
    tests = REPO / "tests"
    folders = {p.relative_to(tests) for p in tests.rglob("*") if p.is_dir() and p.name != "__pycache__"}
    mirrors = {f for f in folders if f.parts[0] not in NOT_MIRRORS}
    assert mirrors, "no test folders found"
    strays = sorted(str(f) for f in mirrors if not (PACKAGE / f / "__init__.py").exists())
    assert not strays, f"test folders with no package of that name: {strays}"
    importable = sorted(
        str(p.relative_to(tests)) for p in tests.rglob("*.py") if not p.name.startswith(("test_", "conftest"))
    )
    assert not importable, f"helper modules (use a fixture in a conftest.py instead): {importable}"
