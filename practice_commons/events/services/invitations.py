"""Invitations by email, to members or not, with expiring links.

The link's token is issued when the email is built, by the background task that sends
it (``jobs.invitation_email``, registered with ``notifications``), so no service, task
argument, log line or row ever holds it; the row keeps only its digest.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.notifications import services as notification_services

from ..models import Event, EventInvitation, EventStatus
from .common import MAX_INVITATIONS, require_manager

# --- Invitations ---------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    actor,
    event: Event,
    emails: list[str],
    message: str = "",
    community=None,
    confidentiality_acknowledged: bool = False,
) -> list[EventInvitation]:
    """Invite people by email, members or not, on behalf of a community (the event's, or
    another the organiser runs). Each gets a link that works for
    ``INVITATION_LIFETIME_DAYS``; an address that already has a usable invitation keeps
    it (the organiser can resend it)."""
    require_manager(actor, event)
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("This event has been cancelled."))
    message = (message or "").strip()
    if len(message) > 1000:
        raise ValidationError({"message": _("The message must be 1000 characters or fewer.")})
    guard_texts(texts={"message": message}, acknowledged=confidentiality_acknowledged)
    community = community or event.community
    if (
        community is not None
        and community.pk != event.community_id
        and not community_selectors.can_moderate(actor, community)
    ):
        raise PermissionDenied(_("You can only invite on behalf of communities you run."))
    cleaned = []
    for raw in emails:
        email = (raw or "").strip().lower()
        if not email or email in cleaned:
            continue
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationError(
                {"emails": _("“%(email)s” is not an email address.") % {"email": email}}
            ) from exc
        cleaned.append(email)
    if not cleaned:
        raise ValidationError({"emails": _("Enter at least one email address.")})
    if len(cleaned) > MAX_INVITATIONS:
        raise ValidationError(
            {"emails": _("Invite at most %(n)d people at a time.") % {"n": MAX_INVITATIONS}}
        )
    now = timezone.now()
    existing = {
        i.email: i
        for i in EventInvitation.objects.filter(
            event=event, email__in=cleaned, withdrawn_at__isnull=True, expires_at__gt=now
        )
    }
    invitations, new = [], []
    for email in cleaned:
        if email in existing:
            invitations.append(existing[email])
            continue
        invitation = EventInvitation(
            event=event,
            email=email,
            message=message,
            community=community,
            invited_by=actor,
            created_at=now,
            expires_at=EventInvitation.new_expiry(now),
        )
        invitation.schedule_send(now)
        invitation.save()
        invitations.append(invitation)
        new.append(invitation)
    notification_services.address_emails_queue(new)
    audit_record(
        actor=actor,
        action="event.invite",
        target=event,
        data={"invitations": [i.pk for i in invitations]},
    )
    return invitations


@transaction.atomic
def invitation_resend(*, actor, invitation: EventInvitation) -> EventInvitation:
    """Send the invitation again with a new link that works for a full lifetime; the old
    link stops working at once (a lost or expired email, a forwarded link). Only an
    invitation nobody has used or withdrawn can be resent."""
    require_manager(actor, invitation.event)
    invitation = EventInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.withdrawn_at is not None:
        raise Conflict(_("This invitation has already been used or withdrawn."))
    if invitation.event.status == EventStatus.CANCELLED:
        raise Conflict(_("This event has been cancelled."))
    invitation.save(update_fields=invitation.renew(timezone.now()))
    notification_services.address_emails_queue([invitation])
    audit_record(
        actor=actor,
        action="event.invitation_resend",
        target=invitation.event,
        data={"invitation_id": invitation.pk},
    )
    return invitation


@transaction.atomic
def invitation_withdraw(*, actor, invitation: EventInvitation) -> EventInvitation:
    """The link stops working; withdrawing twice changes nothing."""
    require_manager(actor, invitation.event)
    if invitation.withdrawn_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=actor,
            action="event.invitation_withdraw",
            target=invitation.event,
            data={"invitation_id": invitation.pk},
        )
    return invitation
