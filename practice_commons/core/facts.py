"""Facts about the signed-in person that many pages ask: how many notifications are
unread, whether they manage an organisation, whether reports wait for them. Each app
registers its own in a ``facts.py`` module (imported once, like ``home.py``), as a
function of the person's id that returns a SQL expression::

    # practice_commons/notifications/facts.py
    register_fact("unread_notifications", lambda user_id: Subquery(count of unread))

The sign-in backend (``accounts.backends``) loads every fact with the person, as
columns of the one query that reads their row, so a page asking costs no query. For a
person loaded any other way (an API token, a test's factory) :func:`fact` asks them all
in one query, once.

What must stay true:

- Facts decide what a page shows (a nav link, a count, whether a home block appears),
  never what someone may do: views and services check permissions themselves.
- A fact is read when the person is loaded, at the start of the request. A service that
  changes one for the person it was handed calls :func:`forget_facts`, so a page
  rendered after it in the same request asks again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db.models import Count, Expression, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.module_loading import autodiscover_modules

FactExpression = Callable[[int], Expression]

_registry: dict[str, FactExpression] = {}
_discovered = False
ANNOTATION_PREFIX = "fact_"
MEMO = "_facts"


def register_fact(name: str, expression: FactExpression) -> None:
    """Add (or replace, so re-importing is harmless) the fact called ``name``."""
    _registry[name] = expression


def discover_facts() -> None:
    """Import every installed app's ``facts`` module, once per process."""
    global _discovered
    if not _discovered:
        autodiscover_modules("facts")
        _discovered = True


def count_of(rows: QuerySet, per: str) -> Expression:
    """How many ``rows`` there are (all of them one person's: ``per`` is the column
    naming them), as a fact: 0 when there are none."""
    counted = rows.order_by().values(per).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), Value(0), output_field=IntegerField())


def annotations(user_id: int) -> dict[str, Expression]:
    """Every registered fact about the person ``user_id``, as annotations for a query on
    the user table."""
    discover_facts()
    return {ANNOTATION_PREFIX + name: build(user_id) for name, build in _registry.items()}


def keep_loaded_facts(user) -> None:
    """Move the facts loaded with ``user`` (the columns :func:`annotations` added) into
    the memo :func:`fact` reads."""
    names = [key for key in vars(user) if key.startswith(ANNOTATION_PREFIX)]
    setattr(user, MEMO, {key[len(ANNOTATION_PREFIX) :]: vars(user).pop(key) for key in names})


def fact(user, name: str):
    """The fact ``name`` about the signed-in ``user``, from the memo, or from one query
    that asks every fact when the person was not loaded with them."""
    memo = getattr(user, MEMO, None)
    if memo is None:
        memo = _ask_all(user.pk)
        setattr(user, MEMO, memo)
    return memo[name]


def forget_facts(user) -> None:
    """Drop the facts kept on ``user``: the next :func:`fact` asks again."""
    if getattr(user, MEMO, None) is not None:
        delattr(user, MEMO)


def _ask_all(user_id: int) -> dict:
    row = (
        get_user_model()
        .objects.filter(pk=user_id)
        .annotate(**annotations(user_id))
        .values(*(ANNOTATION_PREFIX + name for name in _registry))
        .first()
    )
    return {name: (row or {}).get(ANNOTATION_PREFIX + name) for name in _registry}
