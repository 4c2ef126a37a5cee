"""How higher apps tell safeguarding about their models, without safeguarding importing them.

Two registries, both filled in ``AppConfig.ready()``:

* **reportables**: models people can report (posts, threads, library items, events,
  profiles). Safeguarding asks the registration for the object's *scope* (whose
  safeguarding leads receive the report), its *owner*, a link, the texts a moderator
  reviews, and how to redact or remove it.
* **scopes**: models that can name safeguarding leads (organisations, communities), with
  who may name them and who may be named.

Use the re-exports in :mod:`practice_commons.safeguarding.services`
(``register_reportable``, ``register_scope``) from other apps.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Reportable:
    model: type[models.Model]
    label: str
    scope: Callable[[Any], models.Model | None]
    owner: Callable[[Any], Any]
    url: Callable[[Any], str] | None = None
    title: Callable[[Any], str] | None = None
    texts: Callable[[Any], dict[str, str]] | None = None
    redact: Callable[..., None] | None = None
    remove: Callable[..., None] | None = None
    visible_to: Callable[[Any, Any], bool] | None = None

    def describe(self, obj) -> str:
        """A short, non-identifying description for the queue ("profile: Sam Patel")."""
        return f"{self.label}: {self.title(obj) if self.title else obj}"


@dataclass(frozen=True)
class Scope:
    model: type[models.Model]
    can_manage: Callable[[Any, Any], bool]
    can_lead: Callable[[Any, Any], bool] | None = None


_REPORTABLES: dict[type[models.Model], Reportable] = {}
_SCOPES: dict[type[models.Model], Scope] = {}


def _concrete(model_or_obj) -> type[models.Model]:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return model._meta.concrete_model


def register_reportable(
    model: type[models.Model],
    *,
    label: str,
    scope: Callable[[Any], models.Model | None],
    owner: Callable[[Any], Any],
    url: Callable[[Any], str] | None = None,
    title: Callable[[Any], str] | None = None,
    texts: Callable[[Any], dict[str, str]] | None = None,
    redact: Callable[..., None] | None = None,
    remove: Callable[..., None] | None = None,
    visible_to: Callable[[Any, Any], bool] | None = None,
) -> Reportable:
    """Let people report ``model``.

    ``scope(obj)`` returns the object whose safeguarding leads handle reports (a community,
    an organisation) or ``None`` for host admins; ``owner(obj)`` the person who wrote it;
    ``url(obj)`` where it is shown; ``title(obj)`` a short label for moderators;
    ``texts(obj)`` the user-written texts moderators review (``{"Body": ...}``);
    ``redact(obj, *, actor)`` and ``remove(obj, *, actor)`` change the content through the
    owning app's own services. Without ``redact`` moderators cannot redact; without
    ``remove`` "remove" keeps the content hidden for good. ``visible_to(user, obj)``
    says whether ``user`` may see ``obj`` at all (the owning app's own read rule): only
    then may they open its report page or report it, so a report page never tells
    anyone the title of something they cannot read.
    """
    registration = Reportable(
        model=model,
        label=label,
        scope=scope,
        owner=owner,
        url=url,
        title=title,
        texts=texts,
        redact=redact,
        remove=remove,
        visible_to=visible_to,
    )
    _REPORTABLES[_concrete(model)] = registration
    return registration


def reportable_for(model_or_obj) -> Reportable | None:
    return _REPORTABLES.get(_concrete(model_or_obj))


def reportable_models() -> list[type[models.Model]]:
    return list(_REPORTABLES)


def register_scope(
    model: type[models.Model],
    *,
    can_manage: Callable[[Any, Any], bool],
    can_lead: Callable[[Any, Any], bool] | None = None,
) -> Scope:
    """Let ``model`` name safeguarding leads. ``can_manage(actor, scope)`` says who may
    name or remove them (host admins always may); ``can_lead(user, scope)`` who may be
    named (anyone, if omitted)."""
    registration = Scope(model=model, can_manage=can_manage, can_lead=can_lead)
    _SCOPES[_concrete(model)] = registration
    return registration


def scope_for(model_or_obj) -> Scope | None:
    return _SCOPES.get(_concrete(model_or_obj))
