"""Joining (open or by request), answering requests, leaving, and recording visits."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.models import User
from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.bilingual import lazy_in_language
from practice_commons.core.lazy_text import lazy_format
from practice_commons.core.people import require_name

from .. import notify, selectors
from ..models import (
    Community,
    CommunityMembership,
    Invitation,
    JoiningPolicy,
    MembershipStatus,
    Role,
)
from .common import clean_text, require_can_read, require_moderator, require_signed_in
from .rules import require_rules_accepted

# How often a member's visit to the community page is written down.
VISIT_EVERY = timedelta(minutes=1)


@transaction.atomic
def community_join(
    *, actor: User, community: Community, accept_rules: bool, rules_version: int | None = None
) -> CommunityMembership:
    """Join (open), ask to join (by request) or take up an invitation already recorded
    for this person. Joining always means accepting the current rules, and the member
    list shows their name, so they must have given one."""
    require_signed_in(actor)
    existing = selectors.any_membership_of(actor, community)
    invited = existing is not None and existing.status == MembershipStatus.INVITED
    if not invited:
        require_can_read(actor, community)
    allowed, reason = selectors.can_join(actor, community)
    if not allowed:
        raise ValidationError({"__all__": reason})
    require_name(actor, to="join")
    if (
        community.parent_id is not None
        and not invited
        and not selectors.is_member(actor, community.parent)
    ):
        raise ValidationError(
            {
                "__all__": _("Join %(parent)s first: this is one of its sub-groups.")
                % {"parent": community.parent.name}
            }
        )
    version = require_rules_accepted(community, accept_rules, rules_version)

    if invited or community.joining_policy == JoiningPolicy.OPEN:
        status = MembershipStatus.ACTIVE
    else:
        status = MembershipStatus.REQUESTED
    now = timezone.now()
    changes = {
        "status": status,
        "accepted_rules_version": version,
        "muted_until": None,
        "created_at": now,
    }
    if status == MembershipStatus.ACTIVE:
        changes["joined_at"] = now
    membership = _save_membership(existing, community=community, user=actor, changes=changes)
    if invited:
        Invitation.objects.filter(
            community=community,
            email__iexact=actor.email,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
        ).update(accepted_at=now, accepted_by=actor)
    audit_record(
        actor=actor,
        action=f"community.{'join' if status == 'active' else 'request'}",
        target=community,
        data={"membership_id": membership.pk},
    )
    if status == MembershipStatus.REQUESTED:
        notify.notify_on_commit(
            recipients=list(selectors.moderator_ids(community)),
            kind="join_request",
            title=lazy_format(
                gettext_lazy("%(person)s asked to join %(community)s"),
                person=actor.display_name,
                community=lazy_in_language(community, "name"),
            ),
            url=reverse("communities:requests", kwargs={"slug": community.slug}),
            actor=actor,
            community_id=community.pk,
            dedupe_key=f"community-join-request-{membership.pk}",
        )
    return membership


def _save_membership(
    existing: CommunityMembership | None, *, community: Community, user: User, changes: dict
) -> CommunityMembership:
    """Insert the row, or update the locked existing one (a removed or requested person
    goes back to being a plain member; an invitee keeps the role they were invited to)."""
    if existing is None:
        return CommunityMembership.objects.create(
            community=community, user=user, role=Role.MEMBER, **changes
        )
    membership = CommunityMembership.objects.select_for_update().get(pk=existing.pk)
    if membership.status != MembershipStatus.INVITED:
        changes = {**changes, "role": Role.MEMBER}
    for field, value in changes.items():
        setattr(membership, field, value)
    membership.save(update_fields=list(changes))
    return membership


@transaction.atomic
def community_leave(*, actor: User, community: Community) -> None:
    """Leave a community (or withdraw a request). The last owner must hand over first.
    Leaving a community also leaves its sub-groups."""
    require_signed_in(actor)
    membership = selectors.any_membership_of(actor, community)
    if membership is None or membership.status not in (
        MembershipStatus.ACTIVE,
        MembershipStatus.REQUESTED,
        MembershipStatus.INVITED,
    ):
        require_can_read(actor, community)
        raise ValidationError({"__all__": _("You are not a member of this community.")})
    if membership.status == MembershipStatus.ACTIVE and membership.role == Role.OWNER:
        other_owners = CommunityMembership.objects.filter(
            community=community,
            role=Role.OWNER,
            status=MembershipStatus.ACTIVE,
        ).exclude(pk=membership.pk)
        if not other_owners.exists():
            raise ValidationError(
                {
                    "__all__": _(
                        "You are the only owner. Make another member an owner before you leave."
                    )
                }
            )
    CommunityMembership.objects.filter(community__parent=community, user=actor).exclude(
        role=Role.OWNER
    ).delete()
    membership.delete()
    audit_record(actor=actor, action="community.leave", target=community)


@transaction.atomic
def join_request_decide(
    *,
    actor: User,
    membership: CommunityMembership,
    approve: bool,
    reason: str = "",
    confidentiality_acknowledged: bool = False,
) -> CommunityMembership:
    """A facilitator approves or declines a request to join; the person is told."""
    community = membership.community
    require_moderator(actor, community)
    membership = CommunityMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MembershipStatus.REQUESTED:
        raise ValidationError({"__all__": _("This request has already been answered.")})
    reason = clean_text(reason)
    if len(reason) > 1000:
        raise ValidationError({"reason": _("The message must be 1000 characters or fewer.")})
    guard_texts(texts={"reason": reason}, acknowledged=confidentiality_acknowledged)
    person = membership.user
    if approve:
        membership.status = MembershipStatus.ACTIVE
        membership.joined_at = timezone.now()
        membership.save(update_fields=["status", "joined_at"])
        title = lazy_format(
            gettext_lazy("You are now a member of %(community)s"),
            community=lazy_in_language(community, "name"),
        )
        url = community.get_absolute_url()
    else:
        membership_pk = membership.pk
        membership.delete()
        membership.pk = membership_pk
        membership.status = MembershipStatus.REMOVED
        title = lazy_format(
            gettext_lazy("Your request to join %(community)s was declined"),
            community=lazy_in_language(community, "name"),
        )
        url = reverse("communities:directory")
    audit_record(
        actor=actor,
        action="community.request_" + ("approve" if approve else "decline"),
        target=community,
        reason=reason,
        data={"user_id": person.pk},
    )
    notify.notify_on_commit(
        recipients=[person],
        kind="join_request",
        title=title,
        url=url,
        body=reason,
        actor=actor,
        community_id=community.pk,
    )
    return membership


def membership_record_visit(
    *, user: User, community: Community, membership: CommunityMembership | None = None
) -> None:
    """Remember when a member last opened the community (for "new since your last visit").
    Written at most once a minute so reading a page stays cheap: given the reader's
    ``membership`` row the page already holds, a visit within the minute costs no query
    at all (no write on most views of the page)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    now = timezone.now()
    if membership is not None:
        if membership.user_id != user.pk or membership.community_id != community.pk:
            raise ValueError("membership is not this person's in this community")
        recent = membership.last_visited_at and membership.last_visited_at > now - VISIT_EVERY
        if recent:
            return
    CommunityMembership.objects.filter(
        community=community,
        user=user,
        status=MembershipStatus.ACTIVE,
    ).exclude(last_visited_at__gt=now - VISIT_EVERY).update(last_visited_at=now)
