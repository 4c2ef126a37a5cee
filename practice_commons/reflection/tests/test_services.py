"""The services: scheduling through events, booking and the trial rule, rules, the
presenter, the live session (stages, turns, late joiners, leavers, pass, timer), the
presenter's material, private notes, closing, attendance through the events signal to a
draft CPD record, feedback, and refusals with clear messages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.core.errors import NotFound, PermissionDenied
from practice_commons.events.models import (
    Audience,
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from practice_commons.notifications.models import Notification
from practice_commons.reflection import selectors, services
from practice_commons.reflection.models import (
    ActionCommitment,
    Participant,
    PrivateNote,
    ReflectiveSession,
    SessionFeedback,
    Stage,
    Turn,
    TurnStatus,
)
from practice_commons.reflection.services import SessionRefused

from .conftest import cpd_records, run_to_checkout

pytestmark = pytest.mark.django_db


# --- Scheduling -------------------------------------------------------------------------------


def test_schedule_creates_a_published_reflective_event(session, community, facilitator):
    event = session.event
    assert event.kind == EventKind.REFLECTIVE_SESSION
    assert event.status == EventStatus.PUBLISHED
    assert event.community == community
    # A community's own session is for its members, whatever their host membership.
    assert event.audience == Audience.COMMUNITY
    assert event.capacity == 8
    assert event.cpd_hours == Decimal("1.5")
    assert event.organiser == facilitator
    assert "Holding uncertainty" in event.description
    assert session.facilitator == facilitator
    assert session.stage == Stage.SCHEDULED


def test_schedule_in_a_room_needs_a_place(make_session):
    with pytest.raises(ValidationError) as exc:
        make_session(where="in_person", online_url="")
    assert "venue" in exc.value.message_dict


def test_schedule_capacity_bounds(make_session):
    with pytest.raises(ValidationError) as exc:
        make_session(capacity=1)
    assert "capacity" in exc.value.message_dict


def test_only_facilitators_schedule(make_session, member_of, host_admin):
    with pytest.raises(PermissionDenied):
        make_session(actor=member_of())
    # A host admin may, and then runs it.
    session = make_session(actor=host_admin)
    assert selectors.can_run(host_admin, session)
    assert not ReflectiveSession.objects.filter(facilitator__isnull=True).exists()


def test_trial_allowed_passes_to_the_event(make_session):
    session = make_session(trial_allowed=True)
    assert session.trial_allowed and session.event.trial_allowed


# --- Booking and eligibility -----------------------------------------------------------------


def test_member_books_through_events(session, member_of):
    member = member_of()
    participant = services.session_book(actor=member, session=session)
    registration = Registration.objects.get(event=session.event, user=member)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert not participant.is_trial


def test_non_member_refused_without_trial(session, outsider):
    with pytest.raises(SessionRefused) as exc:
        services.session_book(actor=outsider, session=session)
    assert "for its members" in exc.value.messages[0]
    assert not Registration.objects.filter(user=outsider).exists()


def test_non_member_gets_one_trial_per_community(make_session, outsider):
    first = make_session(trial_allowed=True)
    second = make_session(trial_allowed=True, in_minutes=60 * 24)
    participant = services.session_book(actor=outsider, session=first)
    assert participant.is_trial
    with pytest.raises(SessionRefused) as exc:
        services.session_book(actor=outsider, session=second)
    assert "already had your trial" in exc.value.messages[0]


def test_cancelled_trial_gives_the_trial_back(make_session, outsider):
    first = make_session(trial_allowed=True)
    second = make_session(trial_allowed=True, in_minutes=60 * 24)
    services.session_book(actor=outsider, session=first)
    services.booking_cancel(actor=outsider, session=first)
    assert services.session_book(actor=outsider, session=second).is_trial


def test_private_community_outsider_gets_404(facilitator, outsider):
    private = make_community(name="Closed set", visibility="private", joining_policy="invitation")
    runner = add_member(private, role=Role.FACILITATOR)
    start = timezone.now() + timedelta(hours=2)
    session = services.session_schedule(
        actor=runner,
        community=private,
        title="Closed session",
        theme="Endings",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        online_url="https://x.example.org",
        trial_allowed=True,
    )
    with pytest.raises(NotFound):
        services.session_book(actor=outsider, session=session)
    with pytest.raises(NotFound):
        selectors.session_for(outsider, session.pk)


def test_facilitator_does_not_book(session, facilitator):
    with pytest.raises(SessionRefused) as exc:
        services.session_book(actor=facilitator, session=session)
    assert "facilitate" in exc.value.messages[0]


def test_full_session_waitlists(make_session, member_of):
    session = make_session(capacity=2)
    for _ in range(2):
        services.session_book(actor=member_of(), session=session)
    late = member_of()
    services.session_book(actor=late, session=session)
    assert Registration.objects.get(user=late).status == RegistrationStatus.WAITLISTED
    assert not selectors.has_place(late, session)


# --- Rules, presenter, issue --------------------------------------------------------------------


def test_rules_need_a_place(session, member_of):
    member = member_of()
    with pytest.raises(SessionRefused) as exc:
        services.rules_confirm(actor=member, session=session)
    assert "Book a place first" in exc.value.messages[0]


def test_rules_confirm_records_the_current_version(session, member_of, book):
    member = member_of()
    participant = book(member, session)
    assert participant.rules_version == session.community.current_rules.version
    assert selectors.rules_confirmed(participant, session)


def test_new_rules_version_needs_a_new_confirmation(session, member_of, book, community):
    from practice_commons.communities import services as community_services

    member = member_of()
    participant = book(member, session)
    owner = community.created_by
    community_services.community_rules_update(
        actor=owner,
        community=community,
        rules=[{"title": "Confidentiality", "description": "Stays in the room."}],
    )
    session = ReflectiveSession.objects.select_related("community__current_rules").get(
        pk=session.pk
    )
    assert not selectors.rules_confirmed(participant, session)


def test_facilitator_records_rules_confirmed_in_the_room(session, facilitator, member_of, book):
    member = member_of()
    book(member, session, rules=False)
    participant = services.rules_confirm(actor=facilitator, session=session, user=member)
    assert participant.rules_confirmed_by == facilitator
    with pytest.raises(PermissionDenied):
        services.rules_confirm(actor=member_of(), session=session, user=member)


def test_volunteer_and_choose_presenter(session, facilitator, member_of, book):
    first, second = member_of(), member_of()
    book(first, session)
    book(second, session)
    services.presenter_set(actor=first, session=session, user=first)
    with pytest.raises(SessionRefused):
        services.presenter_set(actor=second, session=session, user=second)
    services.presenter_set(actor=facilitator, session=session, user=second)
    session.refresh_from_db()
    assert session.presenter == second
    with pytest.raises(SessionRefused):
        services.presenter_set(actor=first, session=session, user=first)
    with pytest.raises(PermissionDenied):
        services.presenter_set(actor=first, session=session, user=second)


def test_presenter_must_have_a_place(session, facilitator, member_of):
    with pytest.raises(SessionRefused):
        services.presenter_set(actor=facilitator, session=session, user=member_of())


def test_issue_summary_by_the_presenter_only(session, group):
    services.issue_summary_save(
        actor=group["presenter"],
        session=session,
        text="How I hold uncertainty when a decision is not mine.",
    )
    session.refresh_from_db()
    assert session.issue_summary.startswith("How I hold")
    with pytest.raises(PermissionDenied):
        services.issue_summary_save(actor=group["ana"], session=session, text="Mine")


def test_changing_presenter_clears_the_issue(session, group, facilitator):
    services.issue_summary_save(actor=group["presenter"], session=session, text="An issue.")
    services.presenter_set(actor=facilitator, session=session, user=group["ana"])
    session.refresh_from_db()
    assert session.issue_summary == ""


# --- Opening and joining ------------------------------------------------------------------------


def test_open_twice_is_refused(session, facilitator):
    services.session_open(actor=facilitator, session=session)
    with pytest.raises(SessionRefused) as exc:
        services.session_open(actor=facilitator, session=session)
    assert "already started" in exc.value.messages[0]


def test_open_too_early_is_refused(make_session, facilitator):
    session = make_session(in_minutes=60 * 5)
    with pytest.raises(SessionRefused) as exc:
        services.session_open(actor=facilitator, session=session)
    assert "from an hour before" in exc.value.messages[0]


def test_only_runners_open(session, member_of):
    with pytest.raises(PermissionDenied):
        services.session_open(actor=member_of(), session=session)


def test_join_before_open_and_after_close_refused(session, facilitator, group):
    with pytest.raises(SessionRefused) as exc:
        services.session_join(actor=group["ana"], session=session)
    assert "not opened yet" in exc.value.messages[0]
    services.session_open(actor=facilitator, session=session)
    services.session_close(actor=facilitator, session=session)
    with pytest.raises(SessionRefused) as exc:
        services.session_join(actor=group["ana"], session=session)
    assert "has ended" in exc.value.messages[0]


def test_join_needs_rules(session, facilitator, member_of, book):
    member = member_of()
    book(member, session, rules=False)
    services.session_open(actor=facilitator, session=session)
    with pytest.raises(SessionRefused) as exc:
        services.session_join(actor=member, session=session)
    assert exc.value.code == "rules"


def test_join_needs_a_place(session, facilitator, member_of):
    services.session_open(actor=facilitator, session=session)
    with pytest.raises(SessionRefused) as exc:
        services.session_join(actor=member_of(), session=session)
    assert exc.value.code == "no_place"


def test_open_session_cannot_be_opened_after_close(session, facilitator):
    services.session_open(actor=facilitator, session=session)
    services.session_close(actor=facilitator, session=session)
    with pytest.raises(SessionRefused) as exc:
        services.session_open(actor=facilitator, session=session)
    assert "ended" in exc.value.messages[0]
    with pytest.raises(SessionRefused) as exc:
        services.session_close(actor=facilitator, session=session)
    assert "already closed" in exc.value.messages[0]


# --- Stages and turns ---------------------------------------------------------------------------


def test_stages_need_a_presenter(session, facilitator):
    services.session_open(actor=facilitator, session=session)
    with pytest.raises(SessionRefused) as exc:
        services.stage_next(actor=facilitator, session=session)
    assert "presenter" in exc.value.messages[0]


def test_flexible_format_skips_clarifying_questions(opened, facilitator):
    session = services.stage_next(actor=facilitator, session=opened)
    assert session.stage == Stage.ACCOUNT
    session = services.stage_next(actor=facilitator, session=session)
    assert session.stage == Stage.REFLECTIONS
    with pytest.raises(ValidationError):
        services.stage_set(actor=facilitator, session=session, stage=Stage.QUESTIONS)


def test_action_learning_has_clarifying_questions(make_session, facilitator, member_of, book):
    session = make_session(session_format="action_learning")
    presenter = member_of()
    book(presenter, session)
    services.presenter_set(actor=presenter, session=session, user=presenter)
    services.session_open(actor=facilitator, session=session)
    session = services.stage_next(actor=facilitator, session=session)
    session = services.stage_next(actor=facilitator, session=session)
    assert session.stage == Stage.QUESTIONS


def _to_reflections(session, facilitator):
    return services.stage_set(actor=facilitator, session=session, stage=Stage.REFLECTIONS)


def test_round_order_late_joiner_at_the_end_leaver_skipped(
    opened, facilitator, group, member_of, book
):
    session = _to_reflections(opened, facilitator)
    turn = services.turn_next(actor=facilitator, session=session)
    assert turn.participant.user == group["ana"]
    state = selectors.live_state(session)
    assert state.progress == "1 of 4"
    # A late joiner goes to the end of the order.
    late = member_of("Lou Late")
    book(late, session)
    services.session_join(actor=late, session=session)
    state = selectors.live_state(session)
    assert [e.name for e in state.order][-1] == "Lou Late"
    assert state.progress == "1 of 5"
    # Cy leaves: skipped.
    services.session_leave(actor=group["cy"], session=session)
    names = []
    turn = services.turn_next(actor=facilitator, session=session)
    while turn is not None:
        names.append(turn.participant.user.display_name)
        turn = services.turn_next(actor=facilitator, session=session)
    assert names == ["Ben Baker", "Dee Dolan", "Lou Late"]
    state = selectors.live_state(session)
    assert state.progress == "4 of 4"
    assert [e.state for e in state.order][-1] == "skipped"


def test_presenter_does_not_take_a_reflection_turn(opened, facilitator, group):
    session = _to_reflections(opened, facilitator)
    speakers = []
    turn = services.turn_next(actor=facilitator, session=session)
    while turn is not None:
        speakers.append(turn.participant.user_id)
        turn = services.turn_next(actor=facilitator, session=session)
    assert group["presenter"].pk not in speakers
    assert len(speakers) == 4


def test_pass_by_the_speaker_or_the_facilitator(opened, facilitator, group):
    session = _to_reflections(opened, facilitator)
    services.turn_next(actor=facilitator, session=session)
    with pytest.raises(PermissionDenied):
        services.turn_pass(actor=group["ben"], session=session)
    nxt = services.turn_pass(actor=group["ana"], session=session)
    assert nxt.participant.user == group["ben"]
    assert Turn.objects.get(participant__user=group["ana"]).status == TurnStatus.PASSED
    nxt = services.turn_pass(actor=facilitator, session=session)
    assert nxt.participant.user == group["cy"]


def test_timer_is_stored_and_applies_to_the_current_turn(opened, facilitator):
    session = _to_reflections(opened, facilitator)
    turn = services.turn_next(actor=facilitator, session=session)
    assert turn.duration_seconds == 180
    services.turn_duration_set(actor=facilitator, session=session, seconds=120)
    turn.refresh_from_db()
    assert turn.duration_seconds == 120
    nxt = services.turn_next(actor=facilitator, session=session)
    assert nxt.duration_seconds == 120
    with pytest.raises(ValidationError):
        services.turn_duration_set(actor=facilitator, session=session, seconds=5)


def test_a_new_round_lets_everyone_reflect_again(opened, facilitator):
    session = _to_reflections(opened, facilitator)
    while services.turn_next(actor=facilitator, session=session):
        pass
    services.round_start(actor=facilitator, session=session)
    turn = services.turn_next(actor=facilitator, session=session)
    assert turn.round.number == 2


def test_peer_supervision_rounds_take_a_proctor_focus(make_session, facilitator, member_of, book):
    session = make_session(session_format="peer_supervision")
    presenter = member_of()
    book(presenter, session)
    services.presenter_set(actor=presenter, session=session, user=presenter)
    services.session_open(actor=facilitator, session=session)
    session = _to_reflections(session, facilitator)
    round_ = services.round_start(actor=facilitator, session=session, focus="restorative")
    assert round_.focus == "restorative"
    with pytest.raises(ValidationError):
        services.round_start(actor=facilitator, session=session, focus="nonsense")


def test_leaving_during_your_turn_ends_it(opened, facilitator, group):
    session = _to_reflections(opened, facilitator)
    services.turn_next(actor=facilitator, session=session)
    services.session_leave(actor=group["ana"], session=session)
    assert Turn.objects.get(participant__user=group["ana"]).status == TurnStatus.LEFT


def test_facilitator_marks_presence_in_the_room(session, facilitator, member_of, book):
    member = member_of()
    book(member, session)
    services.session_open(actor=facilitator, session=session)
    participant = Participant.objects.get(user=member)
    services.participant_mark_present(actor=facilitator, session=session, participant=participant)
    participant.refresh_from_db()
    assert participant.is_present
    services.participant_mark_left(actor=facilitator, session=session, participant=participant)
    participant.refresh_from_db()
    assert not participant.is_present


def test_heron_tags_by_runners_only(opened, facilitator, group):
    session = _to_reflections(opened, facilitator)
    turn = services.turn_next(actor=facilitator, session=session)
    turn = services.turn_tag(actor=facilitator, turn=turn, tags=["catalytic", "supportive"])
    assert turn.heron_tags == ["catalytic", "supportive"]
    with pytest.raises(PermissionDenied):
        services.turn_tag(actor=group["ana"], turn=turn, tags=["cathartic"])
    with pytest.raises(ValidationError):
        services.turn_tag(actor=facilitator, turn=turn, tags=["bossy"])


def test_live_version_bumps_on_changes(opened, facilitator):
    before = opened.live_version
    session = services.stage_next(actor=facilitator, session=opened)
    assert session.live_version > before


# --- The presenter's material, notes ----------------------------------------------------------


def test_summary_and_actions_by_the_presenter(opened, group):
    services.presenter_summary_save(
        actor=group["presenter"],
        session=opened,
        text="I heard that the pull to fix things is shared.",
    )
    action = services.action_add(
        actor=group["presenter"], session=opened, text="Talk to my supervisor about this."
    )
    with pytest.raises(PermissionDenied):
        services.presenter_summary_save(actor=group["ana"], session=opened, text="No")
    with pytest.raises(PermissionDenied):
        services.action_add(actor=group["ana"], session=opened, text="No")
    services.action_delete(actor=group["presenter"], action=action)
    assert not ActionCommitment.objects.exists()


def test_summary_not_before_open(session, group):
    with pytest.raises(SessionRefused):
        services.presenter_summary_save(actor=group["presenter"], session=session, text="x")


def test_private_notes_for_participants_and_runners(session, group, facilitator, member_of):
    note = services.private_note_add(actor=group["ana"], session=session, body="For me only.")
    assert note.session_title == session.event.title
    services.private_note_add(actor=facilitator, session=session, body="Facilitator's own.")
    with pytest.raises(PermissionDenied):
        services.private_note_add(actor=member_of(), session=session, body="Not taking part")
    with pytest.raises(NotFound):
        services.private_note_delete(actor=group["ben"], note=note)
    with pytest.raises(NotFound):
        services.private_note_delete(actor=facilitator, note=note)
    services.private_note_delete(actor=group["ana"], note=note)
    assert PrivateNote.objects.count() == 1


# --- Closing, attendance, CPD, feedback ----------------------------------------------------------


def test_attendance_only_at_check_out_or_after(opened, facilitator, group):
    with pytest.raises(SessionRefused) as exc:
        services.attendance_record(actor=facilitator, session=opened, user_ids=[group["ana"].pk])
    assert "check-out" in exc.value.messages[0]


def test_attendance_makes_cpd_drafts_and_feedback_requests(
    opened, facilitator, group, django_capture_on_commit_callbacks
):
    session = run_to_checkout(opened, facilitator)
    ids = [p.pk for p in group.values()]
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.attendance_record(actor=facilitator, session=session, user_ids=ids)
    assert changed == 5
    records = cpd_records().filter(source_kind="event", source_id=session.event_id)
    assert records.count() == 5
    record = records.first()
    assert record.peer_reflection is True
    # The time each person took part (a moment here), not the scheduled 1.5 hours.
    assert record.hours == Decimal("0.1")
    assert record.community_id == session.community_id
    assert session.theme not in record.description
    assert "uncertainty" not in (record.title + record.description).lower()
    requests = Notification.objects.filter(kind="reminder", url__contains="/feedback/")
    assert set(requests.values_list("recipient_id", flat=True)) == set(ids)
    # Recording again changes nothing and sends nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.attendance_record(actor=facilitator, session=session, user_ids=ids) == 0
    assert Notification.objects.filter(kind="reminder").count() == 5


def test_attendance_unticked_is_unmarked(
    opened, facilitator, group, django_capture_on_commit_callbacks
):
    session = run_to_checkout(opened, facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(
            actor=facilitator, session=session, user_ids=[group["ana"].pk, group["ben"].pk]
        )
        services.attendance_record(actor=facilitator, session=session, user_ids=[group["ana"].pk])
    assert not selectors.has_attended(group["ben"], session)
    assert selectors.has_attended(group["ana"], session)


def test_only_runners_record_attendance(opened, facilitator, group):
    session = run_to_checkout(opened, facilitator)
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=group["ana"], session=session, user_ids=[])


def test_feedback_request_ignores_other_events(event_of_other_kind=None):
    assert services.feedback_request_send(user_id=1, event_id=999999) is False


def _attended(session, facilitator, people, capture):
    session = run_to_checkout(session, facilitator)
    session = services.session_close(actor=facilitator, session=session)
    with capture(execute=True):
        services.attendance_record(
            actor=facilitator, session=session, user_ids=[p.pk for p in people]
        )
    return session


def test_feedback_once_and_only_when_attended(
    opened, facilitator, group, member_of, django_capture_on_commit_callbacks
):
    session = _attended(opened, facilitator, [group["ana"]], django_capture_on_commit_callbacks)
    with pytest.raises(SessionRefused) as exc:
        services.feedback_submit(actor=group["ben"], session=session, usefulness=4)
    assert "session you attended" in exc.value.messages[0]
    feedback = services.feedback_submit(
        actor=group["ana"],
        session=session,
        usefulness=5,
        gave_you="A reflective space.",
        consent_to_quote=True,
    )
    assert feedback.consent_to_quote
    with pytest.raises(SessionRefused) as exc:
        services.feedback_submit(actor=group["ana"], session=session, usefulness=3)
    assert "already given feedback" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.feedback_submit(actor=group["ana"], session=session, usefulness=9)
    assert SessionFeedback.objects.count() == 1


def test_consent_without_text_is_not_a_quote(
    opened, facilitator, group, django_capture_on_commit_callbacks
):
    session = _attended(opened, facilitator, [group["ana"]], django_capture_on_commit_callbacks)
    feedback = services.feedback_submit(
        actor=group["ana"], session=session, usefulness=4, consent_to_quote=True
    )
    assert not feedback.consent_to_quote


def test_cancelled_event_cannot_open(session, facilitator):
    Event.objects.filter(pk=session.event_id).update(status=EventStatus.CANCELLED)
    session.refresh_from_db()
    session.event.refresh_from_db()
    with pytest.raises(SessionRefused) as exc:
        services.session_open(actor=facilitator, session=session)
    assert "cancelled" in exc.value.messages[0]


def test_attendance_marked_on_the_events_pages_also_asks_for_feedback(
    opened, facilitator, group, django_capture_on_commit_callbacks
):
    from practice_commons.events import services as event_services

    registration = Registration.objects.get(event=opened.event, user=group["ben"])
    with django_capture_on_commit_callbacks(execute=True):
        event_services.attendance_mark(
            actor=facilitator, event=opened.event, registration_ids=[registration.pk]
        )
    assert Notification.objects.filter(recipient=group["ben"], kind="reminder").exists()
    assert cpd_records().filter(user=group["ben"], peer_reflection=True).exists()
