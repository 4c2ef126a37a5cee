"""What this app registers with the apps below it, in one place (run from ``ready()``):

* the newsletter audience ``"community"`` (recipients: active members; senders: its
  facilitators; archive readers: its members);
* ``Community`` as a safeguarding *scope* (facilitators name its safeguarding leads from
  its members) and as a *reportable* object (its page texts can be reported);
* how an ``Invitation``'s email is built, for the retrying sender in ``notifications``;
* which communities are not public, so push notices about them stay generic.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from practice_commons.notifications import services as notification_services
from practice_commons.notifications.newsletters import register_audience
from practice_commons.notifications.registry import register_private_scopes
from practice_commons.safeguarding.services import register_reportable, register_scope

from . import notify, selectors
from .models import Community, Invitation, Visibility


def _community(community_id: int) -> Community | None:
    return Community.objects.select_related("parent").filter(pk=community_id).first()


def _can_send(user, community_id: int) -> bool:
    community = _community(community_id)
    return (
        community is not None
        and community.archived_at is None
        and selectors.can_moderate(user, community)
    )


def _can_view(user, community_id: int) -> bool:
    community = _community(community_id)
    return community is not None and (
        selectors.is_member(user, community) or selectors.can_moderate(user, community)
    )


def _label(community_id: int) -> str:
    community = _community(community_id)
    return community.name if community else ""


def _url(community_id: int) -> str:
    community = _community(community_id)
    return community.get_absolute_url() if community else reverse("communities:directory")


def _scopes_for(user) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        selectors.memberships_for_user(user)
        .filter(role__in=["owner", "facilitator"])
        .values_list("community_id", flat=True)
    )


def _not_public(community_ids: list[int]) -> set[int]:
    """Communities whose content is not public: push notices about them stay generic."""
    return set(
        Community.objects.filter(pk__in=community_ids)
        .exclude(visibility=Visibility.PUBLIC)
        .values_list("pk", flat=True)
    )


def register() -> None:
    notification_services.register_address_email(Invitation, build=notify.invitation_email)
    register_private_scopes("community", _not_public)
    register_audience(
        "community",
        resolve=selectors.newsletter_recipient_ids,
        can_send=_can_send,
        label=_label,
        url=_url,
        can_view=_can_view,
        scopes_for=_scopes_for,
    )
    register_scope(Community, can_manage=selectors.can_moderate, can_lead=selectors.is_member)
    register_reportable(
        Community,
        visible_to=lambda user, c: selectors.communities_visible_to(user).filter(pk=c.pk).exists(),
        label=_("community"),
        scope=lambda c: c,
        owner=lambda c: c.created_by,
        url=lambda c: c.get_absolute_url(),
        title=lambda c: c.name,
        texts=lambda c: {
            "Purpose": c.purpose,
            "What we care about": c.domain_statement,
            "How we work together": c.practice_statement,
        },
    )
