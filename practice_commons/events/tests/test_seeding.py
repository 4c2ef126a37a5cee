"""The demo programme: realistic, within every rule the services enforce, and its texts
pass the confidentiality guard."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from practice_commons.accounts.models import User
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.seeding import SCALES, SeedContext
from practice_commons.events.models import (
    LONDON,
    PLACE_STATUSES,
    Event,
    Registration,
    RegistrationStatus,
    Series,
)
from practice_commons.events.seeding import _generated_events
from practice_commons.events.seeding_content import (
    DEMO_EVENTS,
    GENERATED_DESCRIPTION,
    GENERATED_TITLES,
    GENERATED_TOPICS,
    SERIES,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", "--scale", "small", stdout=StringIO())


def test_demo_texts_pass_the_guard():
    for spec in DEMO_EVENTS:
        guard_texts(texts={"title": spec.title, "description": spec.description})
    guard_texts(texts={"title": SERIES["title"], "description": SERIES["description"]})
    for kind, titles in GENERATED_TITLES.items():
        for title in titles:
            for topic in GENERATED_TOPICS:
                guard_texts(
                    texts={
                        "title": title.format(topic=topic),
                        "description": GENERATED_DESCRIPTION.format(kind=kind, topic=topic),
                    }
                )


def test_seed_makes_a_programme_across_the_uk(seeded):
    events = Event.objects.all()
    kinds = set(events.values_list("kind", flat=True))
    assert {
        "joint_training",
        "practitioners_forum",
        "reflective_session",
        "social",
        "conference",
        "visit",
        "community_meeting",
    } <= kinds
    assert {"england", "scotland", "wales", "northern_ireland"} <= set(
        events.values_list("nation", flat=True)
    )
    assert events.filter(co_hosts__isnull=False).exists()
    assert events.filter(max_profession_share__isnull=False).exists()
    series = Series.objects.get(title=SERIES["title"])
    occurrences = list(series.occurrences.order_by("starts_at"))
    assert len(occurrences) == SERIES["count"]
    for event in occurrences:
        local = event.starts_at.astimezone(LONDON)
        assert local.weekday() == 1 and local.day <= 7 and local.hour == 18


def test_seeded_registrations_keep_the_rules(seeded):
    for event in Event.objects.exclude(capacity=None):
        held = Registration.objects.filter(event=event, status__in=PLACE_STATUSES)
        assert held.count() <= event.capacity
        limit = event.profession_limit()
        if limit:
            per = Counter(held.values_list("profession_id", flat=True))
            assert max(per.values(), default=0) <= limit
        sequences = list(
            Registration.objects.filter(event=event)
            .order_by("sequence")
            .values_list("sequence", flat=True)
        )
        assert sequences == list(range(1, len(sequences) + 1))
        assert event.registration_seq == len(sequences)
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).exists()
    duplicates = (
        Registration.objects.values("event", "user").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not duplicates.exists()


def test_demo_logins_have_events(seeded):
    member = User.objects.get(email="member@practicecommons.example")
    statuses = set(Registration.objects.filter(user=member).values_list("status", flat=True))
    assert {"confirmed", "waitlisted"} <= statuses
    assert Registration.objects.filter(user=member, attended_at__isnull=False).exists()


def test_reset_and_seed_again(seeded):
    before = Event.objects.count()
    call_command("seed_demo", "--scale", "small", "--reset", stdout=StringIO())
    assert Event.objects.count() == before


def test_generated_events_for_larger_scales(seeded):
    ctx = SeedContext(scale=SCALES["large"], log=lambda *_: None)
    from django.utils import timezone

    events = list(_generated_events(ctx, timezone.now(), 20))
    assert len(events) == 20
    assert all(e.ends_at - e.starts_at >= timedelta(hours=1) for e in events)
    for event in events:
        guard_texts(texts={"title": event.title, "description": event.description})
