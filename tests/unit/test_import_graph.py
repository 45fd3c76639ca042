"""Stride's modules import each other without circles, and ``core`` never imports ``bot``.

A circle means two modules cannot be read, tested or moved one without the other; it is
how the Discord adapter's commands and its reply helpers once grew into one knot of a
dozen modules through one import under ``if TYPE_CHECKING:``. So every import counts:
one deferred into a function body, and one made only for the type checker.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "bot")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def _imported(node: ast.AST, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = module.split(".")[: len(module.split(".")) - node.level + is_package]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module or ""
    return [source, *(f"{source}.{alias.name}" for alias in node.names)]


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        targets = {t for node in ast.walk(tree) for t in _imported(node, name, is_package)}
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def test_the_graph_sees_the_imports() -> None:
    graph = import_graph()
    assert "core.db.engine" in graph["core.db.uow"]
    assert "core.domain" in graph or any(m.startswith("core.domain.") for m in graph)


def test_no_module_imports_itself_back() -> None:
    sorter = graphlib.TopologicalSorter(import_graph())
    try:
        sorter.prepare()
    except graphlib.CycleError as error:
        raise AssertionError(f"import circle: {' -> '.join(error.args[1])}") from None


def test_an_import_for_the_type_checker_counts() -> None:
    tree = ast.parse("if TYPE_CHECKING:\n    from bot.discord.client import StrideDiscord\n")
    found = {t for node in ast.walk(tree) for t in _imported(node, "bot.discord.respond", False)}
    assert "bot.discord.client" in found


def test_a_package_importing_its_own_modules_is_not_mistaken_for_a_circle() -> None:
    tree = ast.parse("from .render import reply\nfrom . import sink\n")
    found = {t for node in ast.walk(tree) for t in _imported(node, "bot.discord", True)}
    assert {"bot.discord.render", "bot.discord.sink"} <= found


def test_core_never_imports_the_adapters() -> None:
    leaks = {
        (module, target)
        for module, targets in import_graph().items()
        if module.startswith("core")
        for target in targets
        if target.startswith("bot")
    }
    assert not leaks
