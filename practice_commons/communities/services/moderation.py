"""Facilitators running the membership: removing, muting and changing roles."""

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
from practice_commons.core.errors import PermissionDenied
from practice_commons.core.lazy_text import lazy_date, lazy_format
from practice_commons.notifications.kinds import NotificationKind

from .. import notify, selectors
from ..models import CommunityMembership, MembershipStatus, Role
from .common import clean_text, require_moderator

MAX_MUTE_DAYS = 90

# The notification kind for telling someone they were removed or muted.
MEMBERSHIP_NOTICE_KIND = NotificationKind.MEMBERSHIP_CHANGE


def _require_reason(reason: str, *, confidentiality_acknowledged: bool) -> str:
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give a reason. It is recorded in the audit trail.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("The reason must be 1000 characters or fewer.")})
    guard_texts(texts={"reason": reason}, acknowledged=confidentiality_acknowledged)
    return reason


def _check_can_act_on(actor: User, membership: CommunityMembership) -> None:
    """Facilitators act on members; only owners (and host admins) act on owners and
    facilitators; nobody acts on themselves."""
    require_moderator(actor, membership.community)
    if membership.user_id == actor.pk:
        raise ValidationError({"__all__": _("You cannot do that to yourself.")})
    if membership.role == Role.OWNER and not (
        actor.is_host_admin or selectors.is_owner(actor, membership.community)
    ):
        raise PermissionDenied(_("Only an owner can do that to another owner."))
    if membership.role == Role.FACILITATOR and not (
        actor.is_host_admin or selectors.is_owner(actor, membership.community)
    ):
        raise PermissionDenied(_("Only an owner can do that to a facilitator."))


@transaction.atomic
def membership_remove(
    *,
    actor: User,
    membership: CommunityMembership,
    reason: str,
    confidentiality_acknowledged: bool = False,
) -> CommunityMembership:
    """Remove a member, with a reason (audited). They cannot rejoin an open community
    on their own; a facilitator may invite them back."""
    _check_can_act_on(actor, membership)
    reason = _require_reason(reason, confidentiality_acknowledged=confidentiality_acknowledged)
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError({"__all__": _("This person is not an active member.")})
    membership.status = MembershipStatus.REMOVED
    membership.role = Role.MEMBER
    membership.coordinator_title = ""
    membership.save(update_fields=["status", "role", "coordinator_title"])
    CommunityMembership.objects.filter(
        community__parent=membership.community,
        user_id=membership.user_id,
        status=MembershipStatus.ACTIVE,
    ).update(status=MembershipStatus.REMOVED, role=Role.MEMBER, coordinator_title="")
    audit_record(
        actor=actor,
        action="community.member_remove",
        target=membership.community,
        reason=reason,
        data={"user_id": membership.user_id},
    )
    # The reason stays in the audit trail; the person is told only that it happened.
    # They were a member, so naming even a private community to them leaks nothing.
    community = membership.community
    notify.notify_on_commit(
        recipients=[membership.user_id],
        kind=MEMBERSHIP_NOTICE_KIND,
        title=lazy_format(
            gettext_lazy("You have been removed from %(community)s"),
            community=lazy_in_language(community, "name"),
        ),
        url=reverse("communities:directory"),
        actor=actor,
        community_id=community.pk,
    )
    return membership


@transaction.atomic
def membership_mute(
    *,
    actor: User,
    membership: CommunityMembership,
    days: int,
    reason: str,
    confidentiality_acknowledged: bool = False,
) -> CommunityMembership:
    """Stop a member posting for ``days`` days (1–90), with a reason (audited)."""
    _check_can_act_on(actor, membership)
    reason = _require_reason(reason, confidentiality_acknowledged=confidentiality_acknowledged)
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_MUTE_DAYS:
        raise ValidationError(
            {"days": _("Mute for between 1 and %(max)d days.") % {"max": MAX_MUTE_DAYS}}
        )
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError({"__all__": _("This person is not an active member.")})
    membership.muted_until = timezone.now() + timedelta(days=days)
    membership.save(update_fields=["muted_until"])
    audit_record(
        actor=actor,
        action="community.member_mute",
        target=membership.community,
        reason=reason,
        data={"user_id": membership.user_id, "days": days},
    )
    community = membership.community
    until = lazy_date(timezone.localtime(membership.muted_until), "j F Y")
    notify.notify_on_commit(
        recipients=[membership.user_id],
        kind=MEMBERSHIP_NOTICE_KIND,
        title=lazy_format(
            gettext_lazy("You have been muted in %(community)s until %(date)s"),
            community=lazy_in_language(community, "name"),
            date=until,
        ),
        url=community.get_absolute_url(),
        actor=actor,
        community_id=community.pk,
    )
    return membership


@transaction.atomic
def membership_unmute(*, actor: User, membership: CommunityMembership) -> CommunityMembership:
    require_moderator(actor, membership.community)
    if membership.muted_until is not None:
        membership.muted_until = None
        membership.save(update_fields=["muted_until"])
        audit_record(
            actor=actor,
            action="community.member_unmute",
            target=membership.community,
            data={"user_id": membership.user_id},
        )
    return membership


@transaction.atomic
def membership_set_role(
    *, actor: User, membership: CommunityMembership, role: str
) -> CommunityMembership:
    """Owners (and host admins) make members facilitators or owners, or step them back."""
    community = membership.community
    require_moderator(actor, community)
    if not (actor.is_host_admin or selectors.is_owner(actor, community)):
        raise PermissionDenied(_("Only an owner can change roles."))
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError({"__all__": _("This person is not an active member.")})
    if membership.role == Role.OWNER and role != Role.OWNER:
        others = CommunityMembership.objects.filter(
            community=community,
            role=Role.OWNER,
            status=MembershipStatus.ACTIVE,
        ).exclude(pk=membership.pk)
        if not others.exists():
            raise ValidationError({"role": _("A community needs at least one owner.")})
    old = membership.role
    if old != role:
        membership.role = role
        membership.save(update_fields=["role"])
        audit_record(
            actor=actor,
            action="community.role_change",
            target=community,
            data={"user_id": membership.user_id, "from": old, "to": role},
        )
    return membership
