"""Helpers for ``tests/test_guard_everywhere.py``: read the forms a page renders, make the
people and content each guarded write needs, and find identifying text anywhere in the
database."""
