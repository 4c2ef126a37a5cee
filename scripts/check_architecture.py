"""Rules of DESIGN.md that import-linter cannot express, checked over the source tree.

- Services speak the domain: no module in a ``services`` module or package imports
  ``django.http`` or ``django.shortcuts``, or raises ``Http404``.
- No settings-based hooks to reach a sibling app: no ``import_string`` of a setting.
- Size: no module in ``practice_commons/`` is over 600 lines (migrations, tests and data
  files aside); split it into a package by use case first.

Run by ``make lint``; prints each violation and exits 1 if there is any.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "practice_commons"
MAX_LINES = 600
HTTP_MODULES = ("django.http", "django.shortcuts")


def source_files() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not {"migrations", "tests", "data"} & set(path.relative_to(ROOT).parts)
    )


def is_service_module(path: Path) -> bool:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return "services" in parts


def http_imports(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(HTTP_MODULES):
            found.append((node.lineno, f"imports {node.module}"))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, f"imports {alias.name}")
                for alias in node.names
                if alias.name.startswith(HTTP_MODULES)
            ]
        elif isinstance(node, ast.Raise) and "Http404" in ast.unparse(node.exc or ast.Pass()):
            found.append((node.lineno, "raises Http404 (raise core.errors.NotFound)"))
    return found


def settings_hooks(tree: ast.AST) -> list[tuple[int, str]]:
    return [
        (node.lineno, "import_string of a setting (a hook to reach a sibling app)")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", "")) == "import_string"
        and "settings" in ast.unparse(node)
    ]


def violations() -> list[str]:
    problems = []
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT.parent)
        lines = text.count("\n")
        if lines > MAX_LINES:
            problems.append(f"{name}: {lines} lines (split it; the limit is {MAX_LINES})")
        tree = ast.parse(text, filename=str(path))
        found = settings_hooks(tree)
        if is_service_module(path):
            found += http_imports(tree)
        problems += [f"{name}:{line}: {what}" for line, what in found]
    return problems


def main() -> int:
    problems = violations()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} architecture rule(s) broken (see scripts/check_architecture.py)")
        return 1
    print("Architecture rules kept.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
