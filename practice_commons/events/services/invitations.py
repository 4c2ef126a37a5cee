"""Invitations by email, to members or not, with signed expiring links."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.models import User
from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import PermissionDenied
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.kinds import NotificationKind

from .. import timefmt
from ..models import (
    Event,
    EventInvitation,
    EventStatus,
)
from .common import (
    MAX_INVITATIONS,
    logger,
    require_manager,
)

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
    another the organiser runs). Each gets a signed link that expires; an address that
    already has a usable invitation keeps it."""
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
    invitations = []
    for email in cleaned:
        if email in existing:
            invitations.append(existing[email])
            continue
        invitation = EventInvitation.objects.create(
            event=event,
            email=email,
            message=message,
            community=community,
            invited_by=actor,
            created_at=now,
            expires_at=EventInvitation.default_expiry(now),
        )
        invitations.append(invitation)
        transaction.on_commit(lambda pk=invitation.pk: _enqueue_invitation(pk))
    audit_record(
        actor=actor,
        action="event.invite",
        target=event,
        data={"invitations": [i.pk for i in invitations]},
    )
    return invitations


def _enqueue_invitation(invitation_id: int) -> None:
    from .. import tasks

    try:
        tasks.send_event_invitation.enqueue(invitation_id)
    except Exception:
        logger.exception("Could not queue invitation %s", invitation_id)


def invitation_send(*, invitation_id: int) -> bool:
    """Send one invitation: in-app (and email, by their preferences) to someone with an
    account; a plain email with the link to anyone else. Idempotent (``sent_at``)."""
    with transaction.atomic():
        invitation = (
            EventInvitation.objects.select_for_update()
            .filter(pk=invitation_id, sent_at__isnull=True, withdrawn_at__isnull=True)
            .first()
        )
        if invitation is None:
            return False
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    invitation = EventInvitation.objects.select_related("event", "community", "invited_by").get(
        pk=invitation_id
    )
    event = invitation.event
    inviter = invitation.invited_by.display_name if invitation.invited_by else settings.SITE_NAME
    on_behalf = invitation.community.name if invitation.community else event.host_name
    title = _("%(person)s of %(community)s invites you to %(event)s") % {
        "person": inviter,
        "community": on_behalf,
        "event": event.title,
    }
    invitee = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    if invitee is not None:
        notification_services.notify(
            recipient=invitee,
            kind=NotificationKind.INVITATION,
            title=title,
            url=invitation.get_absolute_url(),
            body=invitation.message,
            actor=invitation.invited_by,
            community_id=invitation.community_id,
            dedupe_key=f"event-invitation:{invitation.pk}",
        )
        return True
    context = {
        "invitation": invitation,
        "event": event,
        "inviter": inviter,
        "on_behalf": on_behalf,
        "when": timefmt.when(event.starts_at, event.ends_at),
        "link": settings.SITE_URL.rstrip("/") + invitation.get_absolute_url(),
        "site_name": settings.SITE_NAME,
    }
    send_mail(
        subject=render_to_string("events/email/invitation_subject.txt", context).strip(),
        message=render_to_string("events/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    return True


@transaction.atomic
def invitation_withdraw(*, actor, invitation: EventInvitation) -> EventInvitation:
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
