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
    call_command("seed_demo", "--scale", "small", "--reset", stdout=StringIO())
    assert (
        CpdRecord.objects.count() == Registration.objects.filter(attended_at__isnull=False).count()
    )
