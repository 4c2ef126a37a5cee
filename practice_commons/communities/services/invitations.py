"""Invitations by email: sending, resending, accepting and withdrawing them.

The link's token is issued when the email is built, by the background task that sends
it (``notify.invitation_email``, registered with ``notifications``), so no service, task
argument, log line or row ever holds it; the row keeps only its digest.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.models import User
from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.bilingual import lazy_in_language
from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.core.lazy_text import lazy_format
from practice_commons.core.people import require_name

from .. import notify
from ..models import (
    Community,
    CommunityMembership,
    Invitation,
    MembershipStatus,
    Role,
)
from .common import clean_text, require_moderator, require_signed_in
from .rules import require_rules_accepted


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    community: Community,
    email: str,
    message: str = "",
    confidentiality_acknowledged: bool = False,
) -> Invitation:
    """A facilitator invites someone by email. The emailed link works for
    ``INVITATION_LIFETIME_DAYS``; an earlier unanswered invitation to the same address is
    withdrawn. If the address belongs to a registered person, they are also told in-app
    (pointing at the invitation without its link). The community is named only to the
    invitee."""
    require_moderator(actor, community)
    if community.archived_at is not None:
        raise ValidationError({"__all__": _("This community is archived.")})
    email = clean_text(email).lower()
    message = clean_text(message)
    if not email:
        raise ValidationError({"email": _("Enter the email address of the person to invite.")})
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(
            {"email": _("Enter an email address in the correct format, like name@example.org")}
        ) from exc
    if len(message) > 1000:
        raise ValidationError({"message": _("The message must be 1000 characters or fewer.")})
    guard_texts(texts={"message": message}, acknowledged=confidentiality_acknowledged)
    invitee = User.objects.filter(email__iexact=email).first()
    if invitee is not None:
        existing = CommunityMembership.objects.filter(community=community, user=invitee).first()
        if existing is not None and existing.status == MembershipStatus.ACTIVE:
            raise ValidationError({"email": _("This person is already a member.")})
    now = timezone.now()
    Invitation.objects.filter(
        community=community,
        email__iexact=email,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
    ).update(withdrawn_at=now)
    invitation = Invitation(
        community=community,
        email=email,
        message=message,
        invited_by=actor,
        created_at=now,
        expires_at=Invitation.new_expiry(now),
    )
    invitation.schedule_send(now)
    invitation.save()
    if invitee is not None:
        CommunityMembership.objects.update_or_create(
            community=community,
            user=invitee,
            defaults={"status": MembershipStatus.INVITED, "role": Role.MEMBER, "created_at": now},
        )
    notify.send_invitation_email_on_commit(invitation)
    if invitee is not None:
        notify.notify_on_commit(
            recipients=[invitee],
            kind="invitation",
            title=lazy_format(
                gettext_lazy("%(person)s invited you to join %(community)s"),
                person=actor.display_name,
                community=lazy_in_language(community, "name"),
            ),
            url=invitation.get_absolute_url(),
            actor=actor,
            community_id=community.pk,
        )
    audit_record(
        actor=actor,
        action="community.invite",
        target=community,
        data={"invitation_id": invitation.pk},
    )
    return invitation


@transaction.atomic
def invitation_accept(
    *, actor: User, invitation: Invitation, accept_rules: bool, rules_version: int | None = None
) -> CommunityMembership:
    """The invitee accepts the rules and joins. The invitation is for one address: a
    different signed-in person cannot use a forwarded link."""
    require_signed_in(actor)
    require_name(actor, to="join")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable():
        raise ValidationError({"__all__": _("This invitation has expired or been used.")})
    if invitation.email.lower() != actor.email.lower():
        raise PermissionDenied(
            _(
                "This invitation was sent to a different email address. Sign in with the "
                "address it was sent to."
            )
        )
    community = invitation.community
    if community.archived_at is not None:
        raise ValidationError({"__all__": _("This community is archived.")})
    version = require_rules_accepted(community, accept_rules, rules_version)
    now = timezone.now()
    membership, _created = CommunityMembership.objects.get_or_create(
        community=community, user=actor, defaults={"role": Role.MEMBER}
    )
    changed = ["accepted_rules_version"]
    if membership.status != MembershipStatus.ACTIVE:
        membership.status = MembershipStatus.ACTIVE
        membership.joined_at = now
        membership.muted_until = None
        changed += ["status", "joined_at", "muted_until"]
    membership.accepted_rules_version = version
    membership.save(update_fields=changed)
    invitation.accepted_at = now
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=actor,
        action="community.invitation_accept",
        target=community,
        data={"invitation_id": invitation.pk},
    )
    return membership


@transaction.atomic
def invitation_withdraw(*, actor: User, invitation: Invitation) -> Invitation:
    """The link stops working and the invitee's waiting ``INVITED`` row goes; withdrawing
    an answered or already withdrawn invitation changes nothing."""
    require_moderator(actor, invitation.community)
    if invitation.accepted_at is None and invitation.withdrawn_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        CommunityMembership.objects.filter(
            community=invitation.community,
            user__email__iexact=invitation.email,
            status=MembershipStatus.INVITED,
        ).delete()
        audit_record(
            actor=actor,
            action="community.invitation_withdraw",
            target=invitation.community,
            data={"invitation_id": invitation.pk},
        )
    return invitation


@transaction.atomic
def invitation_resend(*, actor: User, invitation: Invitation) -> Invitation:
    """Email the invitation again with a new link that works for a full lifetime; the
    old link stops working at once (a lost or expired email, a forwarded link). Only an
    invitation still waiting for an answer can be resent."""
    require_moderator(actor, invitation.community)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.withdrawn_at is not None:
        raise Conflict(_("This invitation has already been accepted or withdrawn."))
    if invitation.community.archived_at is not None:
        raise Conflict(_("This community is archived."))
    invitation.save(update_fields=invitation.renew(timezone.now()))
    notify.send_invitation_email_on_commit(invitation)
    audit_record(
        actor=actor,
        action="community.invitation_resend",
        target=invitation.community,
        data={"invitation_id": invitation.pk},
    )
    return invitation
