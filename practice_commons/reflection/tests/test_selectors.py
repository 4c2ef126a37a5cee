"""Reads: the facilitators' figures (sessions run, attendance, returning attendees,
feedback over time), testimonials, who runs a session, and eligibility."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from practice_commons.events.models import (
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from practice_commons.reflection import selectors, services
from practice_commons.reflection.models import ReflectiveSession, SessionFeedback, Stage

pytestmark = pytest.mark.django_db


def _run(session, people, *, days_ago, scores=()):
    """Mark a session as run ``days_ago`` days ago, attended by ``people``."""
    start = timezone.now() - timedelta(days=days_ago)
    Event.objects.filter(pk=session.event_id).update(
        starts_at=start, ends_at=start + timedelta(hours=1)
    )
    ReflectiveSession.objects.filter(pk=session.pk).update(
        stage=Stage.CLOSED, opened_at=start, closed_at=start + timedelta(hours=1)
    )
    for person in people:
        Registration.objects.update_or_create(
            event_id=session.event_id,
            user=person,
            defaults={"status": RegistrationStatus.CONFIRMED, "sequence": 1, "attended_at": start},
        )
    for person, score in zip(people, scores, strict=False):
        SessionFeedback.objects.create(
            session=session,
            user=person,
            usefulness=score,
            gave_you="Space to think.",
            consent_to_quote=True,
        )


def test_community_stats(make_session, member_of, community):
    a, b, c = member_of(), member_of(), member_of()
    first = make_session(in_minutes=60 * 24)
    second = make_session(in_minutes=60 * 48)
    make_session(in_minutes=60 * 72)  # scheduled, not run
    _run(first, [a, b], days_ago=40, scores=[4, 5])
    _run(second, [a, c], days_ago=5, scores=[3])
    stats = selectors.community_stats(community)
    assert stats.sessions_run == 2
    assert stats.attendances == 4
    assert stats.attendees == 3
    assert stats.returning == 1
    assert stats.responses == 3
    assert stats.average == 4.0
    assert len(stats.months) == 12
    by_month = {row.month: row for row in stats.months}
    this_month = by_month[date(*(timezone.localdate() - timedelta(days=5)).timetuple()[:2], 1)]
    assert this_month.returning == 1
    assert this_month.average == 3.0


def test_testimonials_are_consented_and_nameless(make_session, member_of, community):
    a, b = member_of(), member_of()
    session = make_session(in_minutes=60 * 24)
    _run(session, [a, b], days_ago=3)
    SessionFeedback.objects.create(
        session=session, user=a, usefulness=5, gave_you="Consented quote.", consent_to_quote=True
    )
    SessionFeedback.objects.create(
        session=session, user=b, usefulness=5, gave_you="Not for sharing.", consent_to_quote=False
    )
    quotes = selectors.testimonials(community)
    assert [q.gave_you for q in quotes] == ["Consented quote."]


def test_testimonials_panel_reads_quotes_and_sessions_in_one_query(
    make_session, member_of, community, facilitator, django_assert_num_queries
):
    member = member_of()
    assert selectors.testimonials_panel(member, community) == selectors.QuotesPanel([], False)
    session = make_session(in_minutes=60 * 24)
    assert selectors.testimonials_panel(member, community) == selectors.QuotesPanel([], True)
    people = [member_of() for _ in range(7)]
    _run(session, people, days_ago=3)
    start = timezone.now() - timedelta(days=3)
    for i, person in enumerate(people):
        SessionFeedback.objects.create(
            session=session,
            user=person,
            usefulness=5,
            gave_you=f"Quote {i}.",
            consent_to_quote=i != 6,
            created_at=start + timedelta(minutes=i // 2),  # pairs share a time
        )
    with django_assert_num_queries(1):
        panel = selectors.testimonials_panel(member, community)
    expected = [
        {"gave_you": quote.gave_you, "created_at": quote.created_at}
        for quote in selectors.testimonials(community)
    ]
    assert panel.shown and panel.quotes == expected
    assert [q["gave_you"] for q in panel.quotes] == [f"Quote {i}." for i in (5, 4, 3, 2, 1)]


def test_testimonials_panel_is_hidden_when_the_reader_may_not_see_the_sessions(
    make_session, member_of, community
):
    session = make_session(in_minutes=60 * 24)
    Event.objects.filter(pk=session.event_id).update(status=EventStatus.DRAFT)
    panel = selectors.testimonials_panel(member_of(), community)
    assert not panel.shown and panel.quotes == []


def test_can_run(session, facilitator, member_of, host_admin, community):
    from practice_commons.communities.models import Role
    from practice_commons.communities.tests.factories import add_member

    assert selectors.can_run(facilitator, session)
    assert not selectors.can_run(member_of(), session)
    assert not selectors.can_run(host_admin, session)
    owner = community.created_by
    assert selectors.can_run(owner, session)
    co = add_member(community, role=Role.FACILITATOR)
    assert selectors.can_run(co, session)
    assert selectors.can_see_stats(host_admin, community)


def test_eligibility_messages(make_session, outsider, member_of):
    session = make_session()
    assert selectors.eligibility(member_of(), session).allowed
    refused = selectors.eligibility(outsider, session)
    assert not refused.allowed and "Join the community" in refused.reason
    trial = selectors.eligibility(outsider, make_session(trial_allowed=True))
    assert trial.allowed and trial.is_trial


def test_live_state_before_and_after_reflections(opened, facilitator):
    state = selectors.live_state(opened)
    assert state.stage == "check_in" and state.progress == ""
    assert [s[2] for s in state.stages][:2] == ["current", "to_come"]
    assert len(state.present) == 5
    session = services.stage_set(actor=facilitator, session=opened, stage="reflections")
    state = selectors.live_state(session)
    assert state.round.number == 1 and state.total == 4 and state.position == 0
    assert [s[2] for s in state.stages][:3] == ["done", "done", "current"]


def test_sessions_for_user(session, group, member_of, facilitator):
    assert list(selectors.sessions_for_user(group["ana"])) == [session]
    assert list(selectors.sessions_for_user(facilitator)) == [session]
    assert not selectors.sessions_for_user(member_of()).exists()
