from io import StringIO

import pytest
from django.core.management import call_command

from practice_commons.accounts.models import User
from practice_commons.cpd.models import CpdRecord
from practice_commons.events.models import Registration

pytestmark = pytest.mark.django_db


def test_seed_makes_a_draft_for_each_recorded_attendance():
    call_command("seed_demo", "--scale", "small", stdout=StringIO())
    attended = Registration.objects.filter(attended_at__isnull=False)
    assert attended.exists()
    assert CpdRecord.objects.count() == attended.count()
    member = User.objects.get(email="member@practicecommons.example")
    registration = attended.get(user=member, event__title__startswith="Working with parental")
    draft = CpdRecord.objects.get(user=member, source_kind="event", source_id=registration.event_id)
    assert draft.hours == registration.event.cpd_hours and draft.status == "draft"
    finished = CpdRecord.objects.get(user=member, status="final")  # one, for the demo
    assert finished.what_learnt and finished.impact and finished.description
    call_command("seed_demo", "--scale", "small", "--reset", stdout=StringIO())
    assert (
        CpdRecord.objects.count() == Registration.objects.filter(attended_at__isnull=False).count()
    )


def test_the_demo_member_gets_one_finished_record():
    import datetime as dt

    from practice_commons.accounts.tests.factories import UserFactory
    from practice_commons.cpd import seeding, services

    member = UserFactory(email=seeding.DEMO_MEMBER)
    for i, title in enumerate(["Working with parental conflict", "Endings", "Older"]):
        services.cpd_draft_from_source(
            user_id=member.pk,
            source_kind="event",
            source_id=i,
            title=title,
            date=dt.date(2026, 11, 20) - dt.timedelta(days=i),
        )
    seeding._finish_one_for_the_demo_member()
    final = CpdRecord.objects.get(user=member, status="final")
    assert final.title == "Endings" and final.what_learnt and final.finalised_at
    assert final.description == "Attended: Endings."
    assert CpdRecord.objects.filter(user=member, status="draft").count() == 2
