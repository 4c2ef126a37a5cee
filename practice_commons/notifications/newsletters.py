"""Newsletter audiences and pickers, registered by the apps that own them.

An audience kind (``"community"``, ``"organisation"``) says who receives a newsletter
for one scope id, who may send one, what the scope is called and where it lives::

    register_audience(
        "community",
        resolve=lambda community_id: member_ids(community_id),   # -> iterable of user ids
        can_send=lambda user, community_id: is_facilitator(user, community_id),
        label=lambda community_id: community_name(community_id),
        url=lambda community_id: community_url(community_id),
    )

``can_view`` (who may read the archived newsletter; default: senders and recipients)
and ``scopes_for`` (which scope ids a person may send to, for the "Newsletters" page)
are optional.

A picker offers recent items a sender may add to a newsletter for a scope
(solved threads, events, library items, opportunities)::

    register_picker("community", "solved_threads", title=_("Solved threads"),
                    candidates=lambda community_id, since: [DigestItem(...), ...])

The organisation audience is registered here because ``accounts`` sits below us:
organisation admins and champions may send to everyone in their organisation.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.models import Organisation, OrganisationMembership
from practice_commons.core.errors import NotFound

from .digest import DigestItem
from .models import Newsletter

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Audience:
    kind: str
    resolve: Callable[[int], Iterable[int]]
    can_send: Callable[..., bool]
    label: Callable[[int], str]
    url: Callable[[int], str]
    can_view: Callable[..., bool] | None = None
    scopes_for: Callable[..., Iterable[int]] | None = None

    def may_view(self, user, scope_id: int) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if self.can_send(user, scope_id):
            return True
        if self.can_view is not None:
            return bool(self.can_view(user, scope_id))
        return user.pk in set(self.resolve(scope_id))


@dataclass(frozen=True)
class Picker:
    scope_kind: str
    key: str
    title: str
    candidates: Callable[[int, datetime], list[DigestItem]]
    order: int = 100


_audiences: dict[str, Audience] = {}
_pickers: dict[tuple[str, str], Picker] = {}


def register_audience(
    kind: str, *, resolve, can_send, label, url, can_view=None, scopes_for=None
) -> None:
    _audiences[kind] = Audience(
        kind=kind,
        resolve=resolve,
        can_send=can_send,
        label=label,
        url=url,
        can_view=can_view,
        scopes_for=scopes_for,
    )


def unregister_audience(kind: str) -> None:
    _audiences.pop(kind, None)


def audience(kind: str) -> Audience:
    """The registered audience, or ``NotFound``: an unknown kind in a URL is a 404, not a
    server error."""
    try:
        return _audiences[kind]
    except KeyError:
        raise NotFound from None


def audiences() -> list[Audience]:
    return [a for _k, a in sorted(_audiences.items())]


def register_picker(scope_kind: str, key: str, *, title: str, candidates, order: int = 100) -> None:
    _pickers[(scope_kind, key)] = Picker(
        scope_kind=scope_kind, key=key, title=title, candidates=candidates, order=order
    )


def unregister_picker(scope_kind: str, key: str) -> None:
    _pickers.pop((scope_kind, key), None)


def pickers_for(scope_kind: str) -> list[Picker]:
    return sorted(
        (p for p in _pickers.values() if p.scope_kind == scope_kind), key=lambda p: (p.order, p.key)
    )


def newsletters_for_scope(kind: str, scope_id: int) -> QuerySet[Newsletter]:
    """The archive: sent newsletters for one scope, newest first."""
    return Newsletter.objects.filter(
        scope_kind=kind, scope_id=scope_id, status=Newsletter.Status.SENT
    ).order_by("-sent_at", "-pk")


# --- The organisation audience ------------------------------------------------------

_SENDER_ROLES = (OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.CHAMPION)


def _organisation_recipients(org_id: int) -> Iterable[int]:
    return OrganisationMembership.objects.filter(
        organisation_id=org_id, user__is_active=True
    ).values_list("user_id", flat=True)


def _organisation_can_send(user, org_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_host_admin:
        return Organisation.objects.filter(pk=org_id).exists()
    return OrganisationMembership.objects.filter(
        organisation_id=org_id, user=user, role__in=_SENDER_ROLES
    ).exists()


def _organisation_can_view(user, org_id: int) -> bool:
    return OrganisationMembership.objects.filter(organisation_id=org_id, user=user).exists()


def _organisation_label(org_id: int) -> str:
    return Organisation.objects.filter(pk=org_id).values_list("name", flat=True).first() or ""


def _organisation_url(org_id: int) -> str:
    return reverse(
        "notifications:newsletter_archive",
        kwargs={"scope_kind": "organisation", "scope_id": org_id},
    )


def _organisation_scopes_for(user) -> Iterable[int]:
    return OrganisationMembership.objects.filter(user=user, role__in=_SENDER_ROLES).values_list(
        "organisation_id", flat=True
    )


def register_organisation_audience() -> None:
    register_audience(
        "organisation",
        resolve=_organisation_recipients,
        can_send=_organisation_can_send,
        can_view=_organisation_can_view,
        label=_organisation_label,
        url=_organisation_url,
        scopes_for=_organisation_scopes_for,
    )


def newsletter_candidates(scope_kind: str, scope_id: int, *, days: int = 31):
    """``[(section title, key, DigestItem)]`` the registered pickers offer for a scope;
    a picker that fails is left out rather than breaking the compose page."""
    since = timezone.now() - timedelta(days=days)
    offered = []
    for picker in pickers_for(scope_kind):
        try:
            items = list(picker.candidates(scope_id, since) or [])[:20]
        except Exception:  # one broken picker must not hide the others
            logger.exception("Newsletter picker %s failed", picker.key)
            continue
        offered.extend((picker.title, f"{picker.key}|{item.url}", item) for item in items)
    return offered


def picked_items(candidates, keys) -> list[dict]:
    """The items a writer ticked, by their candidate keys, as the newsletter stores them.
    An unknown key (an item no longer offered) raises ``ValidationError``."""
    offered = {key: (section, item) for section, key, item in candidates}
    unknown = [key for key in keys if key not in offered]
    if unknown:
        raise ValidationError(
            {"items": [_("No longer offered for this newsletter: %s") % ", ".join(unknown)]}
        )
    return [
        {
            "title": offered[key][1].title,
            "url": offered[key][1].url,
            "summary": offered[key][1].summary,
            "section": str(offered[key][0]),
        }
        for key in keys
    ]
