"""The minimal CPD app: a draft record per attendance, made once, by the thin handler of
``events.signals.attendance_recorded``; and the "Your CPD drafts" page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.cpd import services
from practice_commons.cpd.models import ActivityType, CpdRecord
from practice_commons.events import services as event_services
from practice_commons.events.models import Event
from practice_commons.events.signals import attendance_recorded

pytestmark = pytest.mark.django_db


def payload(user, **overrides):
    data = {
        "user_id": user.pk,
        "source_kind": "event",
        "source_id": 42,
        "title": "Joint training on neglect",
        "date": date(2026, 11, 3),
        "hours": Decimal("3.5"),
        "activity_type": "joint_training",
        "community_id": None,
        "community_name": "",
        "peer_reflection": False,
        "organisation_name": "Leeds City Council",
    }
    data.update(overrides)
    return data


def test_draft_from_attendance_is_idempotent():
    user = UserFactory()
    first = services.cpd_draft_from_attendance(**payload(user))
    again = services.cpd_draft_from_attendance(**payload(user, title="Changed"))
    assert first.pk == again.pk and CpdRecord.objects.count() == 1
    assert first.activity_type == ActivityType.TRAINING and first.hours == Decimal("3.5")
    assert first.status == "draft" and "Leeds City Council" in first.description
    other_source = services.cpd_draft_from_attendance(**payload(user, source_id=43))
    assert other_source.pk != first.pk
    assert services.cpd_draft_from_attendance(**payload(user, user_id=999999)) is None


def test_generic_payload_from_another_source_kind():
    """Reflective sessions send the same signal with their own source kind."""
    user = UserFactory()
    community = make_community()
    record = services.cpd_draft_from_attendance(
        **payload(
            user,
            source_kind="reflective_session",
            source_id=42,
            activity_type="reflective_session",
            peer_reflection=True,
            community_id=community.pk,
            community_name=community.name,
        )
    )
    assert record.peer_reflection and record.activity_type == ActivityType.PEER_REFLECTION
    assert record.community == community
    assert CpdRecord.objects.filter(user=user).count() == 1
    services.cpd_draft_from_attendance(**payload(user))  # same id, other kind: a new record
    assert CpdRecord.objects.filter(user=user).count() == 2


def test_the_signal_handler_makes_the_draft():
    user = UserFactory()
    attendance_recorded.send(sender=Event, **payload(user))
    attendance_recorded.send(sender=Event, **payload(user))
    assert CpdRecord.objects.filter(user=user).count() == 1


def test_marking_attendance_makes_a_draft_after_commit(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    organiser = UserFactory(organisation=organisation, org_role="admin")
    community = make_community()
    facilitator = add_member(community, role="facilitator")
    start = timezone.now() + timedelta(days=2)
    event = event_services.event_create(
        actor=facilitator,
        publish=True,
        data={
            "title": "Reflective session",
            "description": "Flexible group.",
            "kind": "reflective_session",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "format": "online",
            "community": community,
            "cpd_hours": Decimal("1.5"),
        },
    )
    person = add_member(community)
    registration = event_services.registration_create(actor=person, event=event)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now()
    )
    event.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        event_services.attendance_mark(
            actor=facilitator, event=event, registration_ids=[registration.pk]
        )
    record = CpdRecord.objects.get(user=person)
    assert record.source_kind == "event" and record.source_id == event.pk
    assert record.peer_reflection is True and record.hours == Decimal("1.5")
    assert record.community_name == community.name
    assert record.date == timezone.localtime(event.starts_at).date()
    assert organiser  # an unrelated organisation admin sees nothing
    assert not CpdRecord.objects.filter(user=organiser).exists()


def test_drafts_page_shows_only_my_records_in_fixed_queries(client, django_assert_max_num_queries):
    me, other = UserFactory(), UserFactory()
    for i in range(3):
        services.cpd_draft_from_attendance(**payload(me, source_id=i, title=f"Mine {i}"))
    services.cpd_draft_from_attendance(**payload(other, title="Not mine"))
    client.force_login(me)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cpd:list"))
    html = response.content.decode()
    assert "Mine 0" in html and "Mine 2" in html and "Not mine" not in html
    for i in range(3, 30):
        services.cpd_draft_from_attendance(**payload(me, source_id=i, title=f"Mine {i}"))
    with django_assert_max_num_queries(10):
        client.get(reverse("cpd:list"))
    client.logout()
    assert client.get(reverse("cpd:list")).status_code == 302
