"""Demo data: vetted texts pass the guard; ``seed_demo`` makes past and upcoming
sessions in the demo communities, with attendance, feedback and testimonials."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from practice_commons.communities.models import Community
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.events.models import EventKind, Registration
from practice_commons.reflection import selectors
from practice_commons.reflection.models import (
    Participant,
    PrivateNote,
    ReflectiveSession,
    SessionFeedback,
    Stage,
)
from practice_commons.reflection.seeding_content import (
    ACTIONS,
    DEMO_SERIES,
    NOTES,
    SUMMARIES,
    TESTIMONIALS,
    THEMES,
)

pytestmark = pytest.mark.django_db


def test_demo_texts_pass_the_guard():
    for group in (THEMES, TESTIMONIALS, SUMMARIES, ACTIONS, NOTES):
        for text in group:
            guard_texts(texts={"text": text})
    for _key, title, _format, _past, _upcoming in DEMO_SERIES:
        guard_texts(texts={"title": title})


def test_seed_demo_makes_sessions_feedback_and_testimonials():
    call_command("seed_demo", "--scale", "small", stdout=StringIO())
    _every_reflective_event_in_a_community_has_its_session()
    _demo_communities_have_testimonials_and_figures()
    _seeded_rows_keep_the_rules()


def _every_reflective_event_in_a_community_has_its_session():
    sessions = ReflectiveSession.objects.select_related("event")
    assert sessions.filter(stage=Stage.CLOSED).count() >= 10
    assert sessions.filter(stage=Stage.SCHEDULED).count() >= 3
    for session in sessions:
        assert session.event.kind == EventKind.REFLECTIVE_SESSION
        assert session.community_id == session.event.community_id
    assert set(sessions.values_list("format", flat=True)) == {
        "flexible",
        "action_learning",
        "peer_supervision",
    }


def _demo_communities_have_testimonials_and_figures():
    community = Community.objects.get(name="Wednesday reflective set")
    assert selectors.testimonials(community)
    stats = selectors.community_stats(community)
    assert stats.sessions_run >= 6 and stats.returning > 0 and stats.average is not None


def _seeded_rows_keep_the_rules():
    # Feedback only from people who attended, once each.
    for fb in SessionFeedback.objects.select_related("session"):
        assert Registration.objects.filter(
            event_id=fb.session.event_id, user_id=fb.user_id, attended_at__isnull=False
        ).exists()
    assert (
        not SessionFeedback.objects.values("session", "user")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )
    # Places within capacity; participants hold places.
    for session in ReflectiveSession.objects.select_related("event"):
        places = Registration.objects.filter(event_id=session.event_id, status="confirmed")
        assert places.count() <= (session.event.capacity or 10**6)
    assert Participant.objects.exists()
    # Notes belong to people who were there; purged sessions hold no material.
    for note in PrivateNote.objects.all():
        assert Participant.objects.filter(
            session_id=note.session_id, user_id=note.author_id, joined_at__isnull=False
        ).exists()
    for session in ReflectiveSession.objects.exclude(material_purged_at=None):
        assert not session.presenter_summary and not session.action_commitments.exists()
