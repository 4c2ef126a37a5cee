"""Registering (one event or a whole series), cancelling, and confirming an offered place.
Places are counted and given out by ``waitlist`` under the event lock; overdue offers are
passed on by ``tasks.expire_offer``."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.models import User
from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.core.errors import NotFound, PermissionDenied
from practice_commons.core.people import require_name

from .. import policies, selectors, signals
from ..models import (
    Event,
    EventInvitation,
    EventStatus,
    Registration,
    RegistrationStatus,
    Series,
)
from ..waitlist import lock_event, place_for
from .common import RegistrationRefused, offer_free_places, require_signed_in

# --- Registration --------------------------------------------------------------------------


def _invitation_from_token(token: str, event: Event) -> EventInvitation:
    try:
        invitation = selectors.invitation_from_token(token)
    except NotFound as exc:  # an unknown, forged, expired, used or withdrawn link
        raise RegistrationRefused(
            _("This invitation link is not valid any more. Ask the organiser for a new one."),
            code="invitation_invalid",
        ) from exc
    if invitation.event_id != event.pk:
        raise RegistrationRefused(
            _("This invitation is for another event."), code="invitation_invalid"
        )
    return invitation


def _check_may_register(actor, event: Event, invitation_token: str, now: datetime):
    """(invitation, is_trial) if ``actor`` may register, else ``RegistrationRefused``
    with the answer of ``policies.outlook`` (which the event's page shows beforehand)."""
    manager = selectors.can_manage(actor, event)
    invitation = None
    if event.status == EventStatus.PUBLISHED and not event.has_started(now):
        if invitation_token:
            invitation = _invitation_from_token(invitation_token, event)
        else:
            found = selectors.invitation_for_email(event, actor.email)
            if found is not None and found.usable_by(actor, now):
                invitation = found
    decision = policies.outlook_for(actor, event, invitation=invitation, manager=manager, now=now)
    if decision.code in policies.CLOSED_CODES:
        raise RegistrationRefused(decision.message, code=decision.code)
    if (
        event.community_id
        and invitation is None
        and not manager
        and not community_selectors.can_read(actor, event.community)
    ):
        raise NotFound
    if not decision.allowed:
        raise RegistrationRefused(decision.message, code=decision.code)
    return invitation, decision.is_trial


def _require_name(actor) -> None:
    """Organisers and other attendees see who registered by name, so a person gives
    theirs before they book (a ``RegistrationRefused``, which pages show as a message)."""
    try:
        require_name(actor, to="book")
    except ValidationError as exc:
        raise RegistrationRefused(exc.messages[0], code=exc.code, params=exc.params) from None


def _register_locked(
    *, actor, event: Event, invitation_token: str, series: Series | None, now: datetime
) -> Registration:
    """Register ``actor`` at ``event``, whose row the caller has locked."""
    existing = Registration.objects.filter(event=event, user=actor).first()
    if existing is not None and existing.is_active:
        return existing
    invitation, is_trial = _check_may_register(actor, event, invitation_token, now)
    _require_name(actor)
    if is_trial:
        # Serialise this person's trial check with any other registration of theirs, then
        # ask the same policy again with the row locked.
        list(User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True))
        decision = policies.outlook_for(actor, event, invitation=invitation, manager=False, now=now)
        if not decision.allowed:
            raise RegistrationRefused(decision.message, code=decision.code)
    status, reason = place_for(event, actor.profession_id)
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
        existing.save(update_fields=list(values))
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
    ids = {
        "registration_id": registration.pk,
        "event_id": event.pk,
        "organisation_id": event.organisation_id,
        "status": status,
    }
    transaction.on_commit(lambda: signals.registration_created.send(sender=Registration, **ids))
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
    promoted = offer_free_places(event, now) if held else []
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
