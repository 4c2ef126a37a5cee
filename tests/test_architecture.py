"""The rules of scripts/check_architecture.py (run by ``make lint``) catch what they say."""

import ast
import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_architecture.py"
spec = importlib.util.spec_from_file_location("check_architecture", SCRIPT)
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


def _found(source: str) -> list[str]:
    return [what for _line, what in check.http_imports(ast.parse(source))]


def test_http_in_a_service_is_found():
    assert _found("from django.http import Http404") == ["imports django.http"]
    assert _found("import django.shortcuts") == ["imports django.shortcuts"]
    assert _found("def f():\n    raise Http404\n") == [
        "raises Http404 (raise core.errors.NotFound)"
    ]
    assert _found("from practice_commons.core.errors import NotFound\nraise NotFound") == []


def test_settings_hooks_are_found():
    tree = ast.parse("f = import_string(settings.SAFEGUARDING_NOTIFY)")
    assert check.settings_hooks(tree)
    assert not check.settings_hooks(ast.parse("f = import_string('a.b')"))


def test_service_modules_are_recognised():
    root = check.ROOT
    assert check.is_service_module(root / "events" / "services" / "registrations.py")
    assert check.is_service_module(root / "cpd" / "services.py")
    assert not check.is_service_module(root / "cpd" / "views.py")


def test_migrations_tests_and_data_are_not_sized():
    files = set(check.source_files())
    skipped = [
        check.ROOT / "accounts" / "migrations" / "0001_initial.py",
        check.ROOT / "cpd" / "tests" / "test_cpd.py",
        check.ROOT / "confidentiality" / "scanner" / "data" / "build_lexicon.py",
    ]
    assert all(path.exists() and path not in files for path in skipped)
    assert check.ROOT / "cpd" / "services" / "records.py" in files
