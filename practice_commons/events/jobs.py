"""The work background tasks run: passing overdue offers on, reminders, building
invitations for the sender in ``notifications``. Written like services (given ids,
atomic where they write, idempotent) but kept below them, because services enqueue the
tasks that run this work: the dependency runs one way, ``services`` → ``tasks`` →
``jobs``. Nothing here enqueues a task; what a
job leaves to time (the offers it made) it returns to the task that ran it.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from practice_commons.accounts.models import User
from practice_commons.accounts.services import audit_record
from practice_commons.core.bilingual import lazy_in_language
from practice_commons.core.lazy_text import lazy_call, lazy_format
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.kinds import NotificationKind

from . import timefmt
from .models import Event, EventInvitation, EventStatus, Registration, RegistrationStatus
from .notify import notify_on_commit
from .waitlist import lock_event, promote

# --- Offers from the waiting list ----------------------------------------------------------


@dataclass(frozen=True)
class OfferExpiry:
    """What passing an offer on did: whether it had expired, and the people the freed
    place was then offered to (their offers need timing in turn)."""

    expired: bool
    offered: list[Registration] = field(default_factory=list)


@transaction.atomic
def offer_expire(*, registration_id: int) -> OfferExpiry:
    """Pass an unconfirmed offer to the next person. Idempotent: does nothing unless the
    registration is still an offer whose deadline has passed."""
    event_id = (
        Registration.objects.filter(pk=registration_id).values_list("event_id", flat=True).first()
    )
    if event_id is None:
        return OfferExpiry(expired=False)
    event = lock_event(event_id)
    registration = Registration.objects.get(pk=registration_id)
    now = timezone.now()
    if registration.status != RegistrationStatus.OFFERED or registration.offer_expires_at > now:
        return OfferExpiry(expired=False)
    registration.status, registration.updated_at = RegistrationStatus.EXPIRED, now
    registration.save(update_fields=["status", "updated_at"])
    notify_on_commit(
        recipient_ids=[registration.user_id],
        kind=NotificationKind.WAITLIST_PROMOTED,
        title=lazy_format(
            gettext_lazy("The place at %(title)s went to the next person"),
            title=lazy_in_language(event, "title"),
        ),
        url=event.get_absolute_url(),
        body=gettext_lazy("It was not confirmed in time. You can join the waiting list again."),
        community_id=event.community_id,
        dedupe_key=f"event:{event.pk}:offer-expired:{registration.pk}:{registration.sequence}",
    )
    offered = promote(event, now)
    audit_record(actor=None, action="event.offer_expire", target=registration)
    return OfferExpiry(expired=True, offered=offered)


def overdue_offer_ids() -> list[int]:
    """Offers whose confirm-by deadline has passed, for the sweep."""
    return list(
        Registration.objects.filter(
            status=RegistrationStatus.OFFERED, offer_expires_at__lte=timezone.now()
        ).values_list("pk", flat=True)
    )


# --- Reminders -----------------------------------------------------------------------------

REMINDERS = (
    # (key, from, to, urgent): events starting in (now + from, now + to].
    ("day", timedelta(hours=1), timedelta(hours=24), False),
    ("hour", timedelta(0), timedelta(hours=1), True),
)


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind confirmed attendees a day and an hour before. Safe to run as often as you
    like: each reminder's ``dedupe_key`` names the event, its start and the window, so a
    person gets each at most once (and again only if the time changes). Preferences are
    applied by ``notify``; the hour-before reminder is urgent (not held by quiet hours)."""
    now = now or timezone.now()
    sent = 0
    for key, start_after, start_by, urgent in REMINDERS:
        events = Event.objects.filter(
            status=EventStatus.PUBLISHED,
            starts_at__gt=now + start_after,
            starts_at__lte=now + start_by,
        ).select_related("community")
        for event in events:
            sent += _remind(event, key=key, urgent=urgent)
    return sent


def _remind(event: Event, *, key: str, urgent: bool) -> int:
    recipients = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).values_list(
            "user_id", flat=True
        )
    )
    if not recipients:
        return 0
    # Lazy: each attendee's copy is in their own language (a job has no reader).
    title = lazy_format(
        gettext_lazy("Coming up: %(title)s")
        if key == "day"
        else gettext_lazy("Starting soon: %(title)s"),
        title=lazy_in_language(event, "title"),
    )
    body = lazy_call(timefmt.when, event.starts_at, event.ends_at)
    if event.is_online:
        body = lazy_format(
            "%(when)s %(link)s",
            when=body,
            link=gettext_lazy("The joining link is on the event page."),
        )
    return notification_services.notify_many(
        recipients=recipients,
        kind=NotificationKind.REMINDER,
        title=title,
        url=event.get_absolute_url(),
        body=body,
        community_id=event.community_id,
        urgent=urgent,
        dedupe_key=f"event:{event.pk}:reminder:{key}:{int(event.starts_at.timestamp())}",
    )


# --- Invitations ---------------------------------------------------------------------------


def invitation_email(invitation: EventInvitation) -> EmailMessage | None:
    """Build one invitation for the retrying sender in ``notifications``. Someone with an
    account is told in-app (and by email as their preferences say), pointing at the
    invitation without its link, and nothing is emailed here. Anyone else gets an email
    whose link's token is issued now, so the raw token exists only in that email."""
    event = invitation.event
    inviter = invitation.invited_by.display_name if invitation.invited_by else settings.SITE_NAME
    on_behalf = invitation.community.name if invitation.community else event.host_name
    invitee = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    if invitee is not None:
        notification_services.notify(
            recipient=invitee,
            kind=NotificationKind.INVITATION,
            title=lazy_format(
                gettext_lazy("%(person)s of %(community)s invites you to %(event)s"),
                person=inviter,
                community=lazy_in_language(invitation.community, "name")
                if invitation.community
                else on_behalf,
                event=lazy_in_language(event, "title"),
            ),
            url=invitation.get_absolute_url(),
            body=invitation.message,
            actor=invitation.invited_by,
            community_id=invitation.community_id,
            # A resend renews the expiry, so it is told again; a retry is not.
            dedupe_key=f"event-invitation:{invitation.pk}:{int(invitation.expires_at.timestamp())}",
        )
        return None
    token = invitation.issue_token()
    invitation.save(update_fields=["token_digest"])
    path = reverse("events:invitation", kwargs={"token": token})
    context = {
        "invitation": invitation,
        "event": event,
        "inviter": inviter,
        "on_behalf": on_behalf,
        "when": timefmt.when(event.starts_at, event.ends_at),
        "link": settings.SITE_URL.rstrip("/") + path,
        "site_name": settings.SITE_NAME,
    }
    return EmailMessage(
        subject=render_to_string("events/email/invitation_subject.txt", context).strip(),
        body=render_to_string("events/email/invitation.txt", context),
        to=[invitation.email],
    )
