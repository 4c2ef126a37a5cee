"""Erasure (UK GDPR article 17): what each app removes when a person deletes their account.

``core`` may not import the apps above it, so erasure is gathered from the apps the way
the home page and the subject-access export are (``core.home``, ``core.personal_data``):
an app that holds something the database's foreign keys would not remove on their own
adds an ``erasure.py`` module that calls :func:`register_eraser` at import time::

    # practice_commons/wellbeing/erasure.py
    from practice_commons.core.erasure import register_eraser

    def erase(user) -> None:
        services.answers_delete_all(actor=user)

    register_eraser("wellbeing", erase)

``accounts.services.account_erase`` asks every registered ``blockers`` first (each returns
sentences saying why the account cannot go yet, e.g. "you are the named contact of a
live agreement"), then, in ONE transaction, runs every ``erase`` and deletes the person's
row, whose foreign keys do the rest: ``CASCADE`` removes what is only theirs (CPD records,
registrations, notifications, tokens), ``SET_NULL`` keeps what others depend on, shown
as "A former member".

What must stay true:

- An eraser takes ONE person and removes or anonymises only that person's data, inside
  the caller's transaction (it must not commit, and it raises to roll everything back).
- Erasers run before the row is deleted, so they can still find the person's rows.
- ``tests/test_erasure.py`` checks every model with a foreign key to the user model,
  field by field, after an erasure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Eraser:
    key: str
    erase: Callable[[object], None] | None
    blockers: Callable[[object], list[str]] | None
    order: int


_ERASERS: dict[str, Eraser] = {}
_discovered = False


def register_eraser(
    key: str,
    erase: Callable[[object], None] | None = None,
    *,
    blockers: Callable[[object], list[str]] | None = None,
    order: int = 100,
) -> None:
    """Register (or replace, so a module imported twice is harmless) one app's eraser."""
    _ERASERS[key] = Eraser(key=key, erase=erase, blockers=blockers, order=order)


def discover_erasers() -> list[Eraser]:
    global _discovered
    if not _discovered:
        autodiscover_modules("erasure")
        _discovered = True
    return sorted(_ERASERS.values(), key=lambda e: (e.order, e.key))


def erasure_blockers(user) -> list[str]:
    """Every reason, from every app, why this person's account cannot be erased yet."""
    return [
        reason
        for eraser in discover_erasers()
        if eraser.blockers
        for reason in eraser.blockers(user)
    ]


def run_erasers(user) -> None:
    for eraser in discover_erasers():
        if eraser.erase:
            eraser.erase(user)


def delete_files_after_commit(files) -> None:
    """Remove stored files (``FieldFile``s; empty ones are skipped) once the erasure's
    transaction commits, so a rollback leaves every file where it was."""
    for file in files:
        if file:
            transaction.on_commit(lambda file=file: file.storage.delete(file.name))
