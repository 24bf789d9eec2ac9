"""Every third-party package mostra imports is declared in pyproject.toml.

An import of a package that is only there because another one pulls it in works until
that other package drops it; pydantic was used in a dozen modules before it was
declared (issue 14). Imports written under ``if TYPE_CHECKING:`` are annotations for
the type checker (a dev dependency), never run, and are left out.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set()
    for requirement in project["dependencies"]:
        names.add(_normalise(re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]))
    return names


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> set[str]:
    """Top-level names of the absolute imports, outside ``if TYPE_CHECKING:`` blocks."""
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        stack.extend(ast.iter_child_nodes(node))
    return found


def third_party_imports() -> dict[str, set[str]]:
    """Top-level module -> the files of mostra that import it (not stdlib, not mostra)."""
    users: dict[str, set[str]] = {}
    for path in sorted((ROOT / "mostra").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for module in _runtime_imports(tree):
            if module == "mostra" or module in sys.stdlib_module_names:
                continue
            users.setdefault(module, set()).add(str(path.relative_to(ROOT)))
    return users


def test_every_imported_package_is_declared():
    declared = declared_distributions()
    providers = importlib.metadata.packages_distributions()
    problems = []
    for module, files in sorted(third_party_imports().items()):
        distributions = {_normalise(d) for d in providers.get(module, [])}
        users = ", ".join(sorted(files)[:3])
        if not distributions:
            problems.append(f"{module} (imported by {users}) is not installed")
        elif not distributions & declared:
            problems.append(
                f"{module} (imported by {users}) comes from "
                f"{', '.join(sorted(distributions))}: add it to [project] dependencies"
            )
    assert not problems, "undeclared imports:\n" + "\n".join(problems)


def test_the_check_sees_imports_inside_functions_but_not_type_checking_blocks():
    tree = ast.parse(
        "import os\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    import django_stubs_ext\n"
        "def f():\n"
        "    import yaml.nodes\n"
        "    from . import sibling\n"
    )
    assert _runtime_imports(tree) == {"os", "typing", "yaml"}


def test_a_package_missing_from_the_dependencies_is_named(monkeypatch):
    """Were pydantic undeclared again, the test would name it and say what to do."""
    without = declared_distributions() - {"pydantic"}
    monkeypatch.setattr(sys.modules[__name__], "declared_distributions", lambda: without)
    try:
        test_every_imported_package_is_declared()
    except AssertionError as error:
        assert "pydantic" in str(error) and "add it to [project] dependencies" in str(error)
    else:
        raise AssertionError("an undeclared pydantic went unnoticed")
