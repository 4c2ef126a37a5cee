"""Labels for the scopes notifications mention only by id (communities, organisations).

Higher apps register a resolver at ``ready()`` time::

    register_scope_label("community", lambda ids: dict(
        Community.objects.filter(pk__in=ids).values_list("pk", "name")))

A resolver takes many ids at once so a page showing ten communities costs one query.
"""

from collections.abc import Callable, Iterable

from . import newsletters

ScopeLabelResolver = Callable[[list[int]], dict[int, str]]

_scope_labels: dict[str, ScopeLabelResolver] = {}


def register_scope_label(kind: str, resolver: ScopeLabelResolver) -> None:
    _scope_labels[kind] = resolver


def scope_labels(kind: str, ids: Iterable[int]) -> dict[int, str]:
    """``{id: label}``; ids without a resolver (or unknown to it) get a plain fallback."""
    ids = sorted({int(i) for i in ids if i is not None})
    resolver = _scope_labels.get(kind)
    labels = resolver(ids) if resolver and ids else {}
    return {i: labels.get(i) or f"{kind.title()} {i}" for i in ids}


def register_builtin_audiences() -> None:
    newsletters.register_organisation_audience()


# --- Which scopes are not public (what a phone's lock screen may show) ---------------------

PrivateScopeResolver = Callable[[list[int]], set[int]]

_private_scopes: dict[str, PrivateScopeResolver] = {}


def register_private_scopes(kind: str, resolver: PrivateScopeResolver) -> None:
    """``resolver(ids)`` answers which of those ids are *not* public (one query). The
    communities app registers ``"community"`` at ``ready()``; push notices about those
    show only a generic sentence unless the person opted in."""
    _private_scopes[kind] = resolver


def private_scope_ids(kind: str, ids: Iterable[int]) -> set[int]:
    """The ids that are not public. Without a resolver every id counts as private: a
    notice falls back to the generic sentence rather than show something it should not."""
    ids = sorted({int(i) for i in ids if i is not None})
    if not ids:
        return set()
    resolver = _private_scopes.get(kind)
    return set(ids) if resolver is None else set(resolver(ids))
