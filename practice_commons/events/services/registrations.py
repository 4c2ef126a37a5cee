"""Registration, the waiting list, offers and their expiry: where capacity is kept."""

from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.models import User
from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.core.errors import NotFound, PermissionDenied
from practice_commons.notifications.kinds import NotificationKind

from .. import selectors, timefmt
from ..models import (
    PLACE_STATUSES,
    Audience,
    Event,
    EventInvitation,
    EventStatus,
    Registration,
    RegistrationStatus,
    Series,
    WaitlistReason,
)
from .common import (
    RegistrationRefused,
    event_path,
    lock_event,
    logger,
    notify_on_commit,
    require_signed_in,
)

# --- Registration --------------------------------------------------------------------------


def _membership_message() -> str:
    return _(
        "This event is for members of %(host)s. Become a member to take part in "
        "members-only events and sessions."
    ) % {"host": getattr(settings, "HOST_NAME", settings.SITE_NAME)}


def _trial_used_message() -> str:
    return _(
        "You have already had your one trial of a members-only event or session. Become a "
        "member of %(host)s to keep coming: members can join every members-only event."
    ) % {"host": getattr(settings, "HOST_NAME", settings.SITE_NAME)}


def _invitation_from_token(token: str, event: Event, actor) -> EventInvitation:
    try:
        invitation = selectors.invitation_from_token(token)
    except NotFound as exc:  # a forged, expired or withdrawn link
        raise RegistrationRefused(
            _("This invitation link is not valid any more. Ask the organiser for a new one."),
            code="invitation_invalid",
        ) from exc
    if invitation.event_id != event.pk:
        raise RegistrationRefused(
            _("This invitation is for another event."), code="invitation_invalid"
        )
    if not invitation.usable_by(actor):
        raise RegistrationRefused(
            _("This invitation has already been used by someone else."), code="invitation_used"
        )
    return invitation


def _check_may_register(actor, event: Event, invitation_token: str, now: datetime):
    """(invitation, is_trial) if ``actor`` may register, else ``RegistrationRefused``."""
    if event.status == EventStatus.CANCELLED:
        raise RegistrationRefused(_("This event has been cancelled."), code="cancelled")
    if event.status != EventStatus.PUBLISHED:
        raise RegistrationRefused(
            _("This event is not open for registration yet."), code="not_published"
        )
    if event.has_started(now):
        raise RegistrationRefused(_("This event has already started."), code="started")
    manager = selectors.can_manage(actor, event)
    invitation = None
    if invitation_token:
        invitation = _invitation_from_token(invitation_token, event, actor)
    else:
        found = selectors.invitation_for_email(event, actor.email)
        if found is not None and found.usable_by(actor, now):
            invitation = found
    if (
        event.community_id
        and invitation is None
        and not manager
        and not community_selectors.can_read(actor, event.community)
    ):
        raise NotFound
    if event.audience == Audience.INVITATION and invitation is None and not manager:
        raise RegistrationRefused(
            _("This event is by invitation only. Use the link in your invitation."),
            code="invitation_required",
        )
    is_trial = False
    if (
        event.audience == Audience.MEMBERS
        and not actor.is_host_member
        and invitation is None
        and not manager
    ):
        if not event.trial_allowed:
            raise RegistrationRefused(_membership_message(), code="members_only")
        is_trial = True
    return invitation, is_trial


def _place_for(event: Event, profession_id: int | None) -> tuple[str, str]:
    """(status, waitlist reason) for a new arrival, counted inside the locked transaction."""
    if event.capacity is None:
        return RegistrationStatus.CONFIRMED, WaitlistReason.NONE
    holding = Registration.objects.filter(event=event, status__in=PLACE_STATUSES)
    if holding.count() >= event.capacity:
        return RegistrationStatus.WAITLISTED, WaitlistReason.FULL
    limit = event.profession_limit()
    if limit is not None and holding.filter(profession_id=profession_id).count() >= limit:
        return RegistrationStatus.WAITLISTED, WaitlistReason.PROFESSION_MIX
    return RegistrationStatus.CONFIRMED, WaitlistReason.NONE


def _register_locked(
    *, actor, event: Event, invitation_token: str, series: Series | None, now: datetime
) -> Registration:
    """Register ``actor`` at ``event``, whose row the caller has locked."""
    existing = Registration.objects.filter(event=event, user=actor).first()
    if existing is not None and existing.is_active:
        return existing
    invitation, is_trial = _check_may_register(actor, event, invitation_token, now)
    if is_trial:
        # Serialise this person's trial check with any other registration of theirs.
        list(User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True))
        if selectors.has_used_trial(actor):
            raise RegistrationRefused(_trial_used_message(), code="trial_used")
    status, reason = _place_for(event, actor.profession_id)
    event.registration_seq += 1
    event.save(update_fields=["registration_seq"])
    values = {
        "status": status,
        "sequence": event.registration_seq,
        "waitlist_reason": reason,
        "organisation_id": actor.organisation_id,
        "profession_id": actor.profession_id,
        "is_trial": is_trial,
        "series": series,
        "invitation": invitation,
        "updated_at": now,
        "confirmed_at": now if status == RegistrationStatus.CONFIRMED else None,
        "offered_at": None,
        "offer_expires_at": None,
        "cancelled_at": None,
        "attended_at": None,
        "attendance_marked_by": None,
    }
    if existing is not None:
        for field, value in values.items():
            setattr(existing, field, value)
        existing.save()
        registration = existing
    else:
        registration = Registration.objects.create(
            event=event, user=actor, created_at=now, **values
        )
    if invitation is not None and invitation.accepted_by_id is None:
        invitation.accepted_by, invitation.accepted_at = actor, now
        invitation.save(update_fields=["accepted_by", "accepted_at"])
    audit_record(
        actor=actor,
        action="event.register",
        target=registration,
        data={"event_id": event.pk, "status": status, "trial": is_trial},
    )
    return registration


@transaction.atomic
def registration_create(*, actor, event: Event, invitation_token: str = "") -> Registration:
    """Register for one event: a place if there is one (and the profession mix allows),
    otherwise the waiting list. Registering twice returns the existing registration."""
    require_signed_in(actor)
    locked = lock_event(event.pk)
    return _register_locked(
        actor=actor,
        event=locked,
        invitation_token=invitation_token,
        series=None,
        now=timezone.now(),
    )


@transaction.atomic
def series_register(*, actor, series: Series) -> list[Registration]:
    """Register for every future occurrence of a series at once. Each occurrence keeps its
    own capacity: some may confirm and others waitlist. Only published, future
    occurrences are included; events are locked in id order so two series registrations
    cannot deadlock. (Invitation links name one event: an invitee registers with each
    link, or by series when invited by their signed-in address.)"""
    require_signed_in(actor)
    now = timezone.now()
    pks = list(
        Event.objects.filter(series=series, status=EventStatus.PUBLISHED, starts_at__gt=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not pks:
        raise RegistrationRefused(
            _("This series has no future dates to register for."), code="no_dates"
        )
    registrations = []
    for pk in pks:
        event = lock_event(pk)
        registrations.append(
            _register_locked(actor=actor, event=event, invitation_token="", series=series, now=now)
        )
    return sorted(registrations, key=lambda r: r.event.starts_at)


def _promote(event: Event, now: datetime) -> list[Registration]:
    """Offer free places to the waiting list, first come first served, skipping people
    whose profession already holds its share. Caller holds the event lock."""
    if event.status != EventStatus.PUBLISHED or event.has_started(now) or event.capacity is None:
        return []
    holding = Registration.objects.filter(event=event, status__in=PLACE_STATUSES)
    free = event.capacity - holding.count()
    if free <= 0:
        return []
    limit = event.profession_limit()
    per_profession = Counter(holding.values_list("profession_id", flat=True)) if limit else None
    promoted = []
    deadline = min(now + timedelta(hours=event.offer_hours), event.starts_at)
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
    for registration in waiting.order_by("sequence").iterator(chunk_size=200):
        if free <= 0:
            break
        if per_profession is not None and per_profession[registration.profession_id] >= limit:
            continue
        registration.status = RegistrationStatus.OFFERED
        registration.waitlist_reason = WaitlistReason.NONE
        registration.offered_at, registration.offer_expires_at = now, deadline
        registration.updated_at = now
        registration.save(
            update_fields=[
                "status",
                "waitlist_reason",
                "offered_at",
                "offer_expires_at",
                "updated_at",
            ]
        )
        if per_profession is not None:
            per_profession[registration.profession_id] += 1
        free -= 1
        promoted.append(registration)
    for registration in promoted:
        _announce_offer(event, registration, now)
    return promoted


def _announce_offer(event: Event, registration: Registration, now: datetime) -> None:
    deadline = registration.offer_expires_at
    notify_on_commit(
        recipient_ids=[registration.user_id],
        kind=NotificationKind.WAITLIST_PROMOTED,
        title=_("A place is free at %(title)s: confirm it by %(deadline)s")
        % {
            "title": event.title,
            "deadline": f"{timefmt.london(deadline):%H:%M} on {timefmt.day(deadline)}",
        },
        url=event_path(event),
        body=_(
            "You were first on the waiting list. If you do not confirm in time, the place "
            "goes to the next person."
        ),
        community_id=event.community_id,
        dedupe_key=f"event:{event.pk}:offer:{registration.pk}:{registration.sequence}",
        # Quiet hours must not swallow a short deadline.
        urgent=deadline - now <= timedelta(hours=12),
    )
    registration_id = registration.pk
    transaction.on_commit(lambda: _enqueue_offer_expiry(registration_id, deadline))


def _enqueue_offer_expiry(registration_id: int, deadline: datetime) -> None:
    """Queue the expiry at the deadline when the task backend can defer; otherwise the
    periodic sweep (``expire_event_offers``) picks it up."""
    from .. import tasks

    task = tasks.expire_offer
    try:
        if task.get_backend().supports_defer:
            task.using(run_after=deadline).enqueue(registration_id)
    except Exception:
        logger.exception("Could not queue the offer expiry; the sweep will expire it")


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration:
    """The person (or an organiser) cancels. A freed place is offered to the waiting list."""
    require_signed_in(actor)
    event = lock_event(registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if actor.pk != registration.user_id and not selectors.can_manage(actor, event):
        raise PermissionDenied(_("You can only cancel your own registration."))
    if not registration.is_active:
        return registration
    now = timezone.now()
    held = registration.holds_place
    registration.status, registration.cancelled_at, registration.updated_at = (
        RegistrationStatus.CANCELLED,
        now,
        now,
    )
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    promoted = _promote(event, now) if held else []
    audit_record(
        actor=actor,
        action="event.registration_cancel",
        target=registration,
        data={"event_id": event.pk, "promoted": [r.pk for r in promoted]},
    )
    return registration


@transaction.atomic
def offer_confirm(*, actor, registration: Registration) -> Registration:
    """Take up a place offered from the waiting list, before its deadline."""
    require_signed_in(actor)
    event = lock_event(registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.user_id != actor.pk:
        raise PermissionDenied(_("Only the person offered the place can confirm it."))
    if registration.status == RegistrationStatus.CONFIRMED:
        return registration
    now = timezone.now()
    if registration.status != RegistrationStatus.OFFERED:
        raise RegistrationRefused(_("You have no place to confirm."), code="no_offer")
    if registration.offer_expires_at <= now or event.status != EventStatus.PUBLISHED:
        raise RegistrationRefused(
            _("The time to confirm this place has passed, so it went to the next person."),
            code="offer_expired",
        )
    registration.status, registration.confirmed_at, registration.updated_at = (
        RegistrationStatus.CONFIRMED,
        now,
        now,
    )
    registration.save(update_fields=["status", "confirmed_at", "updated_at"])
    audit_record(actor=actor, action="event.offer_confirm", target=registration)
    return registration


@transaction.atomic
def offer_expire(*, registration_id: int) -> bool:
    """Pass an unconfirmed offer to the next person. Idempotent: does nothing unless the
    registration is still an offer whose deadline has passed."""
    event_id = (
        Registration.objects.filter(pk=registration_id).values_list("event_id", flat=True).first()
    )
    if event_id is None:
        return False
    event = lock_event(event_id)
    registration = Registration.objects.get(pk=registration_id)
    now = timezone.now()
    if registration.status != RegistrationStatus.OFFERED or registration.offer_expires_at > now:
        return False
    registration.status, registration.updated_at = RegistrationStatus.EXPIRED, now
    registration.save(update_fields=["status", "updated_at"])
    notify_on_commit(
        recipient_ids=[registration.user_id],
        kind=NotificationKind.WAITLIST_PROMOTED,
        title=_("The place at %(title)s went to the next person") % {"title": event.title},
        url=event_path(event),
        body=_("It was not confirmed in time. You can join the waiting list again."),
        community_id=event.community_id,
        dedupe_key=f"event:{event.pk}:offer-expired:{registration.pk}:{registration.sequence}",
    )
    _promote(event, now)
    audit_record(actor=None, action="event.offer_expire", target=registration)
    return True


def offers_expire_due() -> int:
    """The sweep: expire every offer whose deadline has passed (each in its own
    transaction, so one failure does not hold up the rest)."""
    due = Registration.objects.filter(
        status=RegistrationStatus.OFFERED, offer_expires_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if offer_expire(registration_id=pk))
