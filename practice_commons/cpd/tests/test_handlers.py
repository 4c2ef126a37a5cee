"""Drafts from lower apps' signals: one per person and source, whatever is sent again."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.cpd import handlers, services
from practice_commons.cpd.models import ActivityType, CpdRecord
from practice_commons.events.models import Event
from practice_commons.events.signals import attendance_recorded

pytestmark = pytest.mark.django_db


def _attendance(user, **overrides):
    return {
        "user_id": user.pk,
        "source_kind": "event",
        "source_id": 7,
        "title": "Reflective session: endings",
        "date": dt.date(2026, 11, 3),
        "hours": Decimal("1.5"),
        "activity_type": "reflective_session",
        "community_id": None,
        "community_name": "Children and families",
        "peer_reflection": True,
        "organisation_name": "Leeds City Council",
        **overrides,
    }


def test_attendance_signal_makes_a_draft_with_hours_and_peer_reflection():
    user = UserFactory()
    attendance_recorded.send(sender=Event, **_attendance(user))
    attendance_recorded.send(sender=Event, **_attendance(user))
    record = CpdRecord.objects.get(user=user)
    assert record.status == "draft" and record.peer_reflection
    assert record.hours == Decimal("1.5") and record.activity_type == ActivityType.PEER_REFLECTION
    attendance_recorded.send(
        sender=Event, **_attendance(user, source_id=8, activity_type="conference")
    )
    assert CpdRecord.objects.get(user=user, source_id=8).activity_type == ActivityType.TRAINING


def test_a_draft_the_person_edited_is_left_alone():
    user = UserFactory()
    record = services.cpd_draft_from_attendance(**_attendance(user))
    services.record_update(actor=user, record=record, data={"what_learnt": "Mine now."})
    again = services.cpd_draft_from_attendance(**_attendance(user, title="Changed"))
    assert again.pk == record.pk and again.what_learnt == "Mine now."


def test_library_item_reflected_makes_a_reading_draft():
    user = UserFactory()
    payload = {
        "user_id": user.pk,
        "source_kind": "library_item",
        "source_id": 12,
        "title": "Practice example: transfer meetings",
        "date": dt.date(2026, 11, 20),
        "url": "/library/12/",
    }
    handlers.on_library_item_reflected(None, **payload)
    handlers.on_library_item_reflected(None, **payload)
    record = CpdRecord.objects.get(user=user)
    assert record.activity_type == ActivityType.READING and record.hours == 0
    assert record.source_kind == "library_item" and record.status == "draft"


def test_library_signal_is_connected_when_library_sends_it():
    signals = pytest.importorskip("practice_commons.library.signals")
    user = UserFactory()
    signals.item_reflected.send(
        sender=None,
        user_id=user.pk,
        source_kind="library_item",
        source_id=3,
        title="Documented solution",
        date=dt.date(2026, 11, 20),
        url="/library/3/",
    )
    assert CpdRecord.objects.filter(user=user, source_kind="library_item").count() == 1


def test_shadowing_days_make_shadowing_drafts():
    user = UserFactory()
    payload = {
        "user_id": user.pk,
        "source_id": 4,
        "title": "A day with the school nursing team",
        "date": dt.date(2026, 11, 10),
        "end_date": dt.date(2026, 11, 11),
        "hours": 14,
        "organisation_name": "Leeds Community Healthcare",
    }
    handlers.on_shadowing_completed(None, **payload)
    handlers.on_shadowing_completed(None, **payload)
    record = CpdRecord.objects.get(user=user)
    assert record.activity_type == ActivityType.SHADOWING and record.hours == 14
    assert record.end_date == dt.date(2026, 11, 11) and "Leeds Community" in record.description


def test_shadowing_signal_is_connected_when_collaboration_sends_it():
    signals = pytest.importorskip("practice_commons.collaboration.signals")
    user = UserFactory()
    payload = {
        "user_id": user.pk,
        "source_id": 9,
        "title": "Shadowing the youth offending team",
        "date": None,
        "end_date": None,
        "hours": "7",
        "organisation_name": "Leeds Youth Justice Service",
    }
    signals.shadowing_completed.send(sender=None, **payload)
    signals.shadowing_completed.send(sender=None, **payload)
    record = CpdRecord.objects.get(user=user, source_kind="shadowing")
    assert record.hours == 7 and record.activity_type == ActivityType.SHADOWING
    assert record.date == timezone.localdate()  # no start date sent: the day it was marked


def test_generic_source_needs_kind_and_id_and_a_person():
    user = UserFactory()
    with pytest.raises(ValueError):
        services.cpd_draft_from_source(
            user_id=user.pk, source_kind="", source_id=1, title="x", date=dt.date(2026, 1, 1)
        )
    assert (
        services.cpd_draft_from_source(
            user_id=999999, source_kind="k", source_id=1, title="x", date=dt.date(2026, 1, 1)
        )
        is None
    )
    made = services.cpd_draft_from_source(
        user_id=user.pk,
        source_kind="course",
        source_id=1,
        title="x",
        date=dt.date(2026, 1, 1),
        hours="-4",
        activity_type="course",
    )
    assert made.hours == 0 and made.activity_type == ActivityType.COURSE
