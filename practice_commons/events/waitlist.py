"""Places and the waiting list: the event row lock, who gets a place on arrival, and who
is offered one when it frees.

Everything here runs with the event row locked by the caller (``lock_event``), so places
are counted and given out in the same transaction. It sits below ``services`` and
``jobs`` (both give out places) and enqueues nothing: whoever calls ``promote`` times
the offers it returns (``tasks.expire_offers_at_deadline``).
"""

from collections import Counter
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy

from practice_commons.core.bilingual import lazy_in_language
from practice_commons.core.lazy_text import lazy_call, lazy_format
from practice_commons.notifications.kinds import NotificationKind

from . import timefmt
from .models import (
    PLACE_STATUSES,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    WaitlistReason,
)
from .notify import notify_on_commit


def lock_event(pk: int) -> Event:
    """The event row, locked until the transaction ends (a no-op on SQLite, whose
    ``IMMEDIATE`` transactions already hold the database's write lock)."""
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("community", "organisation")
        .get(pk=pk)
    )


def place_for(event: Event, profession_id: int | None) -> tuple[str, str]:
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


def promote(event: Event, now: datetime) -> list[Registration]:
    """Offer free places to the waiting list, first come first served, skipping people
    whose profession already holds its share. Each person offered a place is told after
    commit; the caller times their offers."""
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
        _offer(registration, deadline=deadline, now=now)
        if per_profession is not None:
            per_profession[registration.profession_id] += 1
        free -= 1
        promoted.append(registration)
    for registration in promoted:
        _announce_offer(event, registration, now)
    return promoted


def _offer(registration: Registration, *, deadline: datetime, now: datetime) -> None:
    registration.status = RegistrationStatus.OFFERED
    registration.waitlist_reason = WaitlistReason.NONE
    registration.offered_at, registration.offer_expires_at = now, deadline
    registration.updated_at = now
    registration.save(
        update_fields=["status", "waitlist_reason", "offered_at", "offer_expires_at", "updated_at"]
    )


def _announce_offer(event: Event, registration: Registration, now: datetime) -> None:
    deadline = registration.offer_expires_at
    notify_on_commit(
        recipient_ids=[registration.user_id],
        kind=NotificationKind.WAITLIST_PROMOTED,
        title=lazy_format(
            gettext_lazy("A place is free at %(title)s: confirm it by %(deadline)s"),
            title=lazy_in_language(event, "title"),
            deadline=lazy_call(timefmt.time_on_day, deadline),
        ),
        url=event.get_absolute_url(),
        body=gettext_lazy(
            "You were first on the waiting list. If you do not confirm in time, the place "
            "goes to the next person."
        ),
        community_id=event.community_id,
        dedupe_key=f"event:{event.pk}:offer:{registration.pk}:{registration.sequence}",
        # Quiet hours must not swallow a short deadline.
        urgent=deadline - now <= timedelta(hours=12),
    )
