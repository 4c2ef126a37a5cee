"""Every page of the site says how the API covers it (tests/api/ui_api_parity.py): the
operations doing the same thing, "not_api: why", or "gap: what is missing"."""

from pathlib import Path

import pytest

from practice_commons.api.api import api

from .ui_api_parity import (
    PARITY,
    document_operations,
    format_gaps,
    gaps_by_capability,
    operation_refs,
    page_patterns,
    readme_gap_keys,
)

KINDS = ("not_api:", "gap:")


@pytest.fixture(scope="module")
def patterns():
    return page_patterns()


def test_every_page_pattern_has_an_entry(patterns):
    missing = sorted(set(patterns) - set(PARITY))
    lines = [
        f'    "{key}": "gap: <what the API cannot do>",  # {patterns[key].route}' for key in missing
    ]
    assert not missing, (
        "These URL patterns have no entry in tests/api/ui_api_parity.py PARITY. Add a line "
        'naming the API operation(s) ("METHOD /path"), or "not_api: <reason>", or '
        '"gap: <what is missing>":\n' + "\n".join(lines)
    )


def test_every_entry_is_a_current_pattern(patterns):
    stale = sorted(set(PARITY) - set(patterns))
    assert not stale, f"PARITY names patterns that no longer exist: {stale}"


def test_every_entry_says_how_the_api_covers_it():
    for key, entry in PARITY.items():
        if entry.startswith(KINDS):
            reason = entry.split(":", 1)[1].strip()
            assert reason, f"{key}: say why (not_api) or what is missing (gap)"
        else:
            assert operation_refs(entry), f"{key}: name an operation, not_api or gap"


def test_every_named_operation_is_in_the_openapi_document():
    known = document_operations(api.get_openapi_schema(path_prefix="/api/v1"))
    unknown = [
        (key, ref)
        for key, entry in PARITY.items()
        for ref in operation_refs(entry)
        if ref not in known
    ]
    assert not unknown, f"Operations not in /api/v1/openapi.json (renamed or removed?): {unknown}"


def test_gaps_are_the_tables_gaps(patterns, capsys):
    grouped = gaps_by_capability(PARITY, patterns)
    listed = {key for items in grouped.values() for key, _ in items}
    in_table = {key for key, entry in PARITY.items() if entry.startswith("gap:")}
    with capsys.disabled():
        print("\n" + format_gaps(grouped))
    assert listed == in_table


def test_the_readme_lists_the_tables_gaps():
    readme = Path(__file__).resolve().parents[2] / "practice_commons/api/README.md"
    in_readme = readme_gap_keys(readme.read_text())
    in_table = {key for key, entry in PARITY.items() if entry.startswith("gap:")}
    assert in_readme == in_table, (
        "practice_commons/api/README.md's gap list differs from the table: run "
        "`python scripts/api_parity.py --markdown` and replace the section "
        f"(only in the README: {sorted(in_readme - in_table)}; "
        f"only in the table: {sorted(in_table - in_readme)})"
    )
