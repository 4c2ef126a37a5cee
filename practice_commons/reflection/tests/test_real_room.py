"""Sessions in a real room: who may book (a community's own session is for its members,
whatever their host membership; host-members-only when the facilitator says so), who
left (the panel moves on at once, the leaver is told, the facilitator can undo), what
the facilitator's clicks say back, and what counts afterwards (each person's own
hours, real times, the feedback email)."""

import html
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.models import HostMembership
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.events import services as event_services
from practice_commons.events.models import Audience, EventKind, Registration, RegistrationStatus
from practice_commons.events.services import RegistrationRefused
from practice_commons.notifications.models import (
    Notification,
    NotificationPreference,
    NotificationSettings,
)
from practice_commons.reflection import selectors, services
from practice_commons.reflection.models import Participant, ReflectiveSession, Stage
from practice_commons.reflection.services import SessionRefused

from .conftest import cpd_records, run_to_checkout, soon

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _non_host_member(name="Nia Nonmember"):
    return UserFactory(host_membership=HostMembership.NON_MEMBER, full_name=name)


def _control(session):
    return reverse("reflection:control", args=[session.pk])


def _live(session):
    return reverse("reflection:live", args=[session.pk])


def _to_reflections(session, facilitator):
    return services.stage_set(actor=facilitator, session=session, stage=Stage.REFLECTIONS)


# --- Who may book ---------------------------------------------------------------------------


def test_a_community_member_who_is_not_a_host_member_books_its_own_session(session, community):
    member = add_member(community, _non_host_member())
    participant = services.session_book(actor=member, session=session)
    registration = Registration.objects.get(event=session.event, user=member)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert not participant.is_trial and not registration.is_trial


def test_a_private_set_admits_its_members_whatever_their_host_membership(facilitator):
    private = make_community(
        name="Decision-making action learning set",
        visibility="private",
        joining_policy="invitation",
    )
    runner = add_member(private, UserFactory(full_name="Rae Runner"), role=Role.FACILITATOR)
    start = soon(30)
    session = services.session_schedule(
        actor=runner,
        community=private,
        title="Action learning set",
        theme="Deciding under pressure",
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        session_format="action_learning",
        online_url="https://meet.example.org/set",
    )
    members = [add_member(private, _non_host_member(f"Member {i}")) for i in range(4)]
    members += [add_member(private, UserFactory(full_name=f"Host member {i}")) for i in range(3)]
    for member in members:
        assert selectors.eligibility(member, session).allowed
        services.session_book(actor=member, session=session)
    assert Registration.objects.filter(event=session.event, status="confirmed").count() == 7


def test_a_non_member_of_the_community_is_refused_or_comes_once_on_trial(make_session, outsider):
    closed = make_session()
    with pytest.raises(SessionRefused) as exc:
        services.session_book(actor=outsider, session=closed)
    assert "for its members" in exc.value.messages[0]
    trial = make_session(trial_allowed=True, in_minutes=60 * 24)
    assert services.session_book(actor=outsider, session=trial).is_trial
    another = make_session(trial_allowed=True, in_minutes=60 * 48)
    with pytest.raises(SessionRefused):
        services.session_book(actor=outsider, session=another)


def test_a_host_members_only_session_applies_the_host_rules(make_session, community):
    session = make_session(audience=Audience.MEMBERS)
    assert session.event.audience == Audience.MEMBERS
    host_member = add_member(community, UserFactory(full_name="Hal Host"))
    assert not services.session_book(actor=host_member, session=session).is_trial
    not_on_register = add_member(community, _non_host_member())
    assert not selectors.eligibility(not_on_register, session).allowed
    with pytest.raises(SessionRefused) as exc:
        services.session_book(actor=not_on_register, session=session)
    assert "for members of" in exc.value.messages[0]
    # Where the facilitator allows a trial, the host's one trial applies.
    trial = make_session(audience=Audience.MEMBERS, trial_allowed=True, in_minutes=60 * 24)
    assert services.session_book(actor=not_on_register, session=trial).is_trial
    second = make_session(audience=Audience.MEMBERS, trial_allowed=True, in_minutes=60 * 48)
    assert not selectors.eligibility(not_on_register, second).allowed
    with pytest.raises(SessionRefused) as exc:
        services.session_book(actor=not_on_register, session=second)
    assert "one trial" in exc.value.messages[0]


def test_the_facilitator_changes_who_may_book_before_it_opens(session, facilitator, community):
    member = add_member(community, _non_host_member())
    services.session_edit(
        actor=facilitator,
        session=session,
        theme=session.theme,
        format=session.format,
        audience=Audience.MEMBERS,
    )
    session.refresh_from_db()
    assert session.event.audience == Audience.MEMBERS
    assert not selectors.eligibility(member, session).allowed
    services.session_edit(
        actor=facilitator,
        session=session,
        theme=session.theme,
        format=session.format,
        audience=Audience.COMMUNITY,
    )
    assert selectors.eligibility(member, ReflectiveSession.objects.get(pk=session.pk)).allowed


def test_an_unknown_audience_is_refused(make_session):
    with pytest.raises(Exception) as exc:
        make_session(audience=Audience.INVITATION)
    assert "audience" in exc.value.message_dict


def test_the_session_page_says_who_may_book_before_book(client, session, community, make_session):
    member = add_member(community, _non_host_member())
    client.force_login(member)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Who may book" in page
    assert f"Members of {community.name}, whether or not they are members of" in page
    assert page.index("Who may book: Members of") < page.index("Book a place")
    host_only = make_session(audience=Audience.MEMBERS, in_minutes=60 * 24)
    page = client.get(host_only.get_absolute_url()).content.decode()
    assert "the facilitator made this session for host members only" in page
    assert "Book a place" not in page
    assert "The facilitator made this session for members of" in page


def test_schedule_page_offers_who_may_book(client, community, facilitator):
    client.force_login(facilitator)
    url = reverse("reflection:schedule", args=[community.slug])
    page = client.get(url).content.decode()
    assert "Who may book" in page and "Only community members who are also host members" in page
    start = soon(60 * 24)
    response = client.post(
        url,
        {
            "title": "Evening set",
            "theme": "Endings",
            "session_format": "flexible",
            "date": start.date().isoformat(),
            "start_time": timezone.localtime(start).strftime("%H:%M"),
            "minutes": 90,
            "where": "online",
            "online_url": "https://meet.example.org/x",
            "capacity": 8,
            "audience": "members",
        },
    )
    assert response.status_code == 302
    assert ReflectiveSession.objects.get().event.audience == Audience.MEMBERS


# The events service decides the same way for a community's own event booked on its page.


def _community_event(facilitator, community, **data):
    start = timezone.now() + timedelta(days=2)
    return event_services.event_create(
        actor=facilitator,
        data={
            "title": "Community meeting",
            "description": "Our monthly meeting.",
            "kind": EventKind.COMMUNITY_MEETING,
            "community": community,
            "starts_at": start,
            "ends_at": start + timedelta(hours=1),
            "format": "online",
            "audience": Audience.COMMUNITY,
            **data,
        },
        publish=True,
    )


def test_events_community_audience_admits_members_whatever_their_host_membership(
    facilitator, community, outsider
):
    event = _community_event(facilitator, community)
    member = add_member(community, _non_host_member())
    registration = event_services.registration_create(actor=member, event=event)
    assert registration.status == RegistrationStatus.CONFIRMED and not registration.is_trial
    with pytest.raises(RegistrationRefused) as exc:
        event_services.registration_create(actor=outsider, event=event)
    assert exc.value.code == "community_only"


def test_events_community_trial_is_once_per_community_and_not_the_host_trial(
    facilitator, community
):
    stranger = _non_host_member("Sam Stranger")
    first = _community_event(facilitator, community, trial_allowed=True)
    second = _community_event(facilitator, community, trial_allowed=True, title="Another")
    assert event_services.registration_create(actor=stranger, event=first).is_trial
    with pytest.raises(RegistrationRefused) as exc:
        event_services.registration_create(actor=stranger, event=second)
    assert exc.value.code == "trial_used"
    from practice_commons.events import selectors as event_selectors

    assert not event_selectors.has_used_trial(stranger)  # the host's one trial is intact


def test_events_community_audience_needs_a_host_community(facilitator, host_admin):
    start = timezone.now() + timedelta(days=2)
    with pytest.raises(Exception) as exc:
        event_services.event_create(
            actor=host_admin,
            data={
                "title": "Host-wide briefing",
                "description": "For everyone.",
                "kind": EventKind.CONFERENCE,
                "starts_at": start,
                "ends_at": start + timedelta(hours=1),
                "format": "online",
                "audience": Audience.COMMUNITY,
            },
        )
    assert "audience" in exc.value.message_dict


# --- Leaving and the live panel -----------------------------------------------------------------


def test_marking_the_speaker_as_left_moves_to_the_next_person_and_out_of_the_count(
    opened, facilitator, group
):
    session = _to_reflections(opened, facilitator)
    services.turn_next(actor=facilitator, session=session)  # Ana speaks
    state = selectors.live_state(session)
    assert state.speaking.participant.user == group["ana"] and state.progress == "1 of 4"
    ana = Participant.objects.get(session=session, user=group["ana"])
    services.participant_mark_left(actor=facilitator, session=session, participant=ana)
    state = selectors.live_state(session)
    assert state.speaking is not None
    assert state.speaking.participant.user == group["ben"]
    assert state.progress == "1 of 3"
    assert state.to_come == 2
    assert [e.state for e in state.order] == ["left", "speaking", "to_come", "to_come"]


def test_the_panel_never_says_waiting_for_the_first_turn_mid_round(
    client, opened, facilitator, group
):
    session = _to_reflections(opened, facilitator)
    for _ in range(3):
        services.turn_next(actor=facilitator, session=session)  # Ana, Ben, then Cy speaks
    cy = Participant.objects.get(session=session, user=group["cy"])
    dee = Participant.objects.get(session=session, user=group["dee"])
    services.participant_mark_left(actor=facilitator, session=session, participant=dee)
    services.participant_mark_left(actor=facilitator, session=session, participant=cy)
    client.force_login(facilitator)
    body = client.get(_live(session), headers=HTMX).content.decode()
    assert "Waiting for the first turn" not in body
    assert "Everyone in the session has had their turn in this round (2 of 2)" in body
    assert "3 of 3" not in body


def test_a_late_joiner_after_everyone_has_spoken_is_the_next_turn(
    opened, facilitator, group, client
):
    session = _to_reflections(opened, facilitator)
    dee = Participant.objects.get(session=session, user=group["dee"])
    services.participant_mark_left(actor=facilitator, session=session, participant=dee)
    for _ in range(4):
        services.turn_next(actor=facilitator, session=session)
    services.session_join(actor=group["dee"], session=session)
    client.force_login(facilitator)
    body = client.get(_live(session), headers=HTMX).content.decode()
    assert "Waiting for the next turn: 3 of 4 have reflected, 1 to come." in body


def test_the_leaver_is_told_on_their_own_screen_and_can_rejoin(client, opened, facilitator, group):
    ben = Participant.objects.get(session=opened, user=group["ben"])
    services.participant_mark_left(actor=facilitator, session=opened, participant=ben)
    client.force_login(group["ben"])
    partial = client.get(_live(opened), headers=HTMX).content.decode()
    assert "The facilitator has marked you as having left. Rejoin?" in partial
    assert 'hx-trigger="every 3s"' in partial  # still following, so an undo shows
    page = client.get(_live(opened)).content.decode()
    assert "The facilitator has marked you as having left. Rejoin?" in page
    assert "Rejoin the session" in page
    response = client.post(reverse("reflection:join", args=[opened.pk]))
    assert response.status_code == 302
    assert Participant.objects.get(pk=ben.pk).is_present


def test_someone_who_leaves_themselves_is_not_told_the_facilitator_did(client, opened, group):
    services.session_leave(actor=group["ben"], session=opened)
    client.force_login(group["ben"])
    page = client.get(_live(opened)).content.decode()
    assert "The facilitator has marked you as having left" not in page
    assert "Join the session" in page


def test_the_facilitator_undoes_a_wrong_mark_as_left(client, opened, facilitator, group):
    session = _to_reflections(opened, facilitator)
    services.turn_next(actor=facilitator, session=session)  # Ana speaks
    ana = Participant.objects.get(session=session, user=group["ana"])
    position = ana.position
    client.force_login(facilitator)
    response = client.post(
        _control(session), {"action": "left", "user": group["ana"].pk}, headers=HTMX
    )
    body = response.content.decode()
    assert "Ana Anders is marked as having left." in body
    assert "Now speaking: Ben Baker." in body
    assert f'id="ctl-undo-left-{group["ana"].pk}"' in body
    response = client.post(
        _control(session), {"action": "undo_left", "user": group["ana"].pk}, headers=HTMX
    )
    assert "Ana Anders is back in the session, in their place." in response.content.decode()
    ana.refresh_from_db()
    assert ana.is_present and ana.position == position and ana.left_marked_by is None
    assert ana.away_seconds == 0
    state = selectors.live_state(session)
    assert [e.participant.user for e in state.order if e.state == "to_come"][0] == group["ana"]
    assert state.progress == "1 of 4"
    # Nothing to undo for someone who left by themselves.
    services.session_leave(actor=group["cy"], session=session)
    cy = Participant.objects.get(session=session, user=group["cy"])
    with pytest.raises(SessionRefused):
        services.participant_undo_left(actor=facilitator, session=session, participant=cy)


def test_undo_is_for_facilitators_only(opened, facilitator, group):
    ben = Participant.objects.get(session=opened, user=group["ben"])
    services.participant_mark_left(actor=facilitator, session=opened, participant=ben)
    from practice_commons.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.participant_undo_left(actor=group["ana"], session=opened, participant=ben)


def test_no_mark_as_left_on_the_presenter_while_presenting(client, opened, facilitator, group):
    presenter = group["presenter"]
    client.force_login(facilitator)
    body = client.get(_live(opened), headers=HTMX).content.decode()
    assert f'id="ctl-left-{presenter.pk}"' in body  # at check-in they are not presenting yet
    session = services.stage_set(actor=facilitator, session=opened, stage=Stage.ACCOUNT)
    body = client.get(_live(session), headers=HTMX).content.decode()
    assert f'id="ctl-left-{presenter.pk}"' not in body
    assert f'id="ctl-left-{group["ana"].pk}"' in body
    p = Participant.objects.get(session=session, user=presenter)
    with pytest.raises(SessionRefused) as exc:
        services.participant_mark_left(actor=facilitator, session=session, participant=p)
    assert exc.value.code == "presenting"
    response = client.post(_control(session), {"action": "left", "user": presenter.pk})
    assert response.status_code == 302
    assert Participant.objects.get(pk=p.pk).is_present


# --- What the facilitator's clicks say back; the timer; one stage control ------------------------


@pytest.mark.parametrize(
    ("typed", "seconds", "words"),
    [
        ("1:30", 90, "1 minute 30 seconds"),
        ("90s", 90, "1 minute 30 seconds"),
        ("2", 120, "2 minutes"),
        ("1", 60, "1 minute"),
        ("45 seconds", 45, "45 seconds"),
        ("2m 15s", 135, "2 minutes 15 seconds"),
    ],
)
def test_the_timer_takes_minutes_and_seconds_as_people_say_them(
    client, opened, facilitator, typed, seconds, words
):
    client.force_login(facilitator)
    response = client.post(_control(opened), {"action": "timer", "minutes": typed}, follow=True)
    opened.refresh_from_db()
    assert opened.turn_seconds == seconds
    assert f"Each turn is now {words}." in response.content.decode()


def test_the_timer_box_shows_minutes_and_seconds(client, opened, facilitator):
    services.turn_duration_set(actor=facilitator, session=opened, seconds=90)
    client.force_login(facilitator)
    page = client.get(_live(opened)).content.decode()
    assert 'value="1:30"' in page
    assert 'value="1.5"' not in page and 'value="1.0"' not in page


@pytest.mark.parametrize(
    ("action", "data", "said"),
    [
        ("set_stage", {"stage": "account"}, "The session is now at: The presenter's account."),
        ("timer", {"minutes": "1:00"}, "Each turn is now 1 minute."),
        ("left", {"user": "ana"}, "Ana Anders is marked as having left."),
        ("presenter", {"presenter": "ben"}, "Ben Baker is presenting."),
        ("rules_in_room", {"user": "cy"}, "Cy Carter confirmed the group rules in the room."),
    ],
)
def test_facilitator_actions_confirm_what_they_did(
    client, opened, facilitator, group, action, data, said
):
    data = {k: (group[v].pk if v in group else v) for k, v in data.items()}
    client.force_login(facilitator)
    response = client.post(_control(opened), {"action": action, **data}, headers=HTMX)
    assert response.status_code == 200
    assert said in html.unescape(response.content.decode())
    response = client.post(_control(opened), {"action": action, **data}, follow=True)
    assert said in html.unescape(response.content.decode())


def test_turn_confirmations_name_who_speaks(client, opened, facilitator, group):
    _to_reflections(opened, facilitator)
    client.force_login(facilitator)
    body = client.post(_control(opened), {"action": "next_turn"}, headers=HTMX).content.decode()
    assert "Now speaking: Ana Anders." in body
    body = client.post(_control(opened), {"action": "pass"}, headers=HTMX).content.decode()
    assert "Passed. Now speaking: Ben Baker." in body
    body = client.post(_control(opened), {"action": "new_round"}, headers=HTMX).content.decode()
    assert "Round 2 has started." in body


def test_the_stage_changes_from_one_control(client, opened, facilitator):
    client.force_login(facilitator)
    body = client.get(_live(opened), headers=HTMX).content.decode()
    assert body.count('name="action" value="set_stage"') == 1
    assert 'value="next_stage"' not in body
    # The next stage is already chosen: one click moves on.
    assert '<option value="account" selected>' in body
    response = client.post(_control(opened), {"action": "set_stage", "stage": "account"})
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.stage == Stage.ACCOUNT


def test_durations():
    from practice_commons.reflection.durations import (
        hours_between,
        parse_turn_length,
        turn_length_words,
    )

    assert parse_turn_length("1:30") == 90
    assert parse_turn_length("90s") == 90
    assert parse_turn_length("2") == 120
    assert parse_turn_length("1.5") == 90
    assert parse_turn_length("nonsense") is None
    assert parse_turn_length("9 0s") is None
    assert turn_length_words(90) == "1 minute 30 seconds"
    start = timezone.now()
    assert hours_between(start, start + timedelta(minutes=2)) == Decimal("0.1")
    assert hours_between(start, start + timedelta(minutes=45)) == Decimal("0.8")  # 0.75
    assert hours_between(start, start + timedelta(minutes=50)) == Decimal("0.8")
    assert hours_between(start, start + timedelta(minutes=90)) == Decimal("1.5")
    away = timedelta(minutes=30)
    assert hours_between(start, start + timedelta(minutes=90), away=away) == Decimal("1.0")


# --- What counts afterwards ---------------------------------------------------------------------


def _set_times(session, *, opened_ago, closed_ago=None, people=()):
    """Put the session's real times (and each person's join/leave) ``minutes`` ago."""
    now = timezone.now()
    ReflectiveSession.objects.filter(pk=session.pk).update(
        opened_at=now - timedelta(minutes=opened_ago),
        closed_at=(now - timedelta(minutes=closed_ago)) if closed_ago is not None else None,
    )
    for user, joined_ago, left_ago in people:
        Participant.objects.filter(session=session, user=user).update(
            joined_at=now - timedelta(minutes=joined_ago),
            left_at=(now - timedelta(minutes=left_ago)) if left_ago is not None else None,
        )
    session.refresh_from_db()
    return session


def test_cpd_drafts_carry_the_time_each_person_took_part(
    opened, facilitator, group, django_capture_on_commit_callbacks
):
    session = run_to_checkout(opened, facilitator)
    session = services.session_close(actor=facilitator, session=session)
    session = _set_times(
        session,
        opened_ago=100,
        closed_ago=10,
        people=[
            (group["presenter"], 95, None),  # the whole session: 85 minutes
            (group["ana"], 95, 50),  # left early: 45 minutes
            (group["ben"], 60, None),  # joined late: 50 minutes
            (group["cy"], 95, 90),  # five minutes
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(
            actor=facilitator,
            session=session,
            user_ids=[group[k].pk for k in ("presenter", "ana", "ben", "cy")],
        )
    hours = {
        r.user_id: r.hours
        for r in cpd_records().filter(source_kind="event", source_id=session.event_id)
    }
    # To the nearest tenth of an hour (what a CPD record holds), never the 1.5 scheduled.
    assert hours == {
        group["presenter"].pk: Decimal("1.4"),  # 85 minutes
        group["ana"].pk: Decimal("0.8"),  # 45 minutes
        group["ben"].pk: Decimal("0.8"),  # 50 minutes
        group["cy"].pk: Decimal("0.1"),  # 5 minutes
    }


def test_time_away_between_leaving_and_rejoining_does_not_count(opened, facilitator, group):
    ana = Participant.objects.get(session=opened, user=group["ana"])
    services.participant_mark_left(actor=facilitator, session=opened, participant=ana)
    Participant.objects.filter(pk=ana.pk).update(left_at=timezone.now() - timedelta(minutes=30))
    services.session_join(actor=group["ana"], session=opened)
    ana.refresh_from_db()
    assert 29 * 60 <= ana.away_seconds <= 31 * 60
    assert ana.left_marked_by is None


def test_a_session_closed_before_its_scheduled_start_records_its_real_times(
    make_session, facilitator, member_of, book, django_capture_on_commit_callbacks
):
    session = make_session(in_minutes=50, minutes=120)
    member = member_of("Mo Member")
    book(member, session)
    services.session_open(actor=facilitator, session=session)
    services.session_join(actor=member, session=session)
    session = services.session_close(actor=facilitator, session=session)
    assert session.closed_at < session.event.starts_at
    session = _set_times(session, opened_ago=40, closed_ago=1, people=[(member, 38, None)])
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(actor=facilitator, session=session, user_ids=[member.pk])
    record = cpd_records().get(user=member, source_id=session.event_id)
    assert record.hours == Decimal("0.6")  # 37 minutes, not the scheduled two hours
    assert record.date == timezone.localtime(session.opened_at).date()


def test_attendance_is_prefilled_from_presence_and_shows_who_left_early(
    client, opened, facilitator, group
):
    session = run_to_checkout(opened, facilitator)
    ana = Participant.objects.get(session=session, user=group["ana"])
    services.participant_mark_left(actor=facilitator, session=session, participant=ana)
    session = services.session_close(actor=facilitator, session=session)
    ana.refresh_from_db()
    client.force_login(facilitator)
    page = client.get(reverse("reflection:attendance", args=[session.pk])).content.decode()
    left_at = timezone.localtime(ana.left_at).strftime("%H:%M")
    assert f"Left early at {left_at}." in page
    for person in group.values():
        box = page[page.index(f'id="attended-{person.pk}"') :][:300]
        assert "checked" in box.split(">")[0]


def test_the_feedback_request_is_emailed_when_preferences_say_so(
    opened, facilitator, group, django_capture_on_commit_callbacks
):
    session = run_to_checkout(opened, facilitator)
    # Ben has no quiet hours in the way (email straight away, the default for reminders);
    # Cy asked for no reminder emails.
    NotificationSettings.objects.create(user=group["ben"], quiet_hours_enabled=False)
    NotificationPreference.objects.create(user=group["cy"], kind="reminder", channel="off")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(
            actor=facilitator, session=session, user_ids=[group["ben"].pk, group["cy"].pk]
        )
    feedback = f"/reflection/sessions/{session.pk}/feedback/"
    assert Notification.objects.get(recipient=group["cy"], kind="reminder").url == feedback
    assert Notification.objects.get(recipient=group["ben"], kind="reminder").emailed_at
    emailed = [m for m in mail.outbox if "Tell us what it gave you" in m.subject]
    assert [m.to for m in emailed] == [[group["ben"].email]]
    assert feedback in emailed[0].body


def test_the_leavers_screen_follows_an_undo(client, opened, facilitator, group):
    ben = Participant.objects.get(session=opened, user=group["ben"])
    services.participant_mark_left(actor=facilitator, session=opened, participant=ben)
    client.force_login(group["ben"])
    assert "marked you as having left" in client.get(_live(opened), headers=HTMX).content.decode()
    services.participant_undo_left(actor=facilitator, session=opened, participant=ben)
    partial = client.get(_live(opened), headers=HTMX).content.decode()
    assert "marked you as having left" not in partial
    assert "Now: Check-in and group rules" in partial


def test_someone_marked_left_who_comes_back_later_is_marked_present_at_the_end(
    client, opened, facilitator, group
):
    ana = Participant.objects.get(session=opened, user=group["ana"])
    services.participant_mark_left(actor=facilitator, session=opened, participant=ana)
    client.force_login(facilitator)
    body = client.get(_live(opened), headers=HTMX).content.decode()
    assert f'id="ctl-undo-left-{group["ana"].pk}"' in body
    assert f'id="ctl-present-{group["ana"].pk}"' in body
    response = client.post(
        _control(opened), {"action": "present", "user": group["ana"].pk}, headers=HTMX
    )
    assert "Ana Anders is marked present." in response.content.decode()
    ana.refresh_from_db()
    assert ana.is_present and ana.position == 6 and ana.left_marked_by is None


def test_the_session_booked_on_its_event_page_follows_the_same_rule(
    client, session, community, outsider
):
    member = add_member(community, _non_host_member())
    client.force_login(member)
    page = client.get(session.event.get_absolute_url()).content.decode()
    assert f"Members of the host community: {community.name}" in page
    response = client.post(reverse("events:register", args=[session.event_id]))
    assert response.status_code == 302
    assert Registration.objects.get(event=session.event, user=member).status == "confirmed"
    client.force_login(outsider)
    client.post(reverse("events:register", args=[session.event_id]))
    assert not Registration.objects.filter(event=session.event, user=outsider).exists()


def test_attendance_taken_on_the_event_page_also_sends_each_persons_own_hours(
    client, opened, facilitator, group, django_capture_on_commit_callbacks
):
    session = run_to_checkout(opened, facilitator)
    session = services.session_close(actor=facilitator, session=session)
    session = _set_times(session, opened_ago=70, closed_ago=0, people=[(group["ana"], 65, 35)])
    registration = Registration.objects.get(event=session.event, user=group["ana"])
    with django_capture_on_commit_callbacks(execute=True):
        event_services.attendance_mark(
            actor=facilitator, event=session.event, registration_ids=[registration.pk]
        )
    record = cpd_records().get(user=group["ana"], source_id=session.event_id)
    assert record.hours == Decimal("0.5")  # 30 minutes, not the scheduled 1.5 hours


def test_an_event_that_is_no_session_keeps_its_own_cpd_hours(
    facilitator, community, django_capture_on_commit_callbacks
):
    start = timezone.now() + timedelta(minutes=30)
    event = event_services.event_create(
        actor=facilitator,
        data={
            "title": "Community meeting",
            "description": "Our monthly meeting.",
            "kind": EventKind.COMMUNITY_MEETING,
            "community": community,
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "format": "online",
            "cpd_hours": Decimal("2"),
        },
        publish=True,
    )
    member = add_member(community, UserFactory(full_name="Meg Member"))
    registration = event_services.registration_create(actor=member, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.attendance_mark(
            actor=facilitator, event=event, registration_ids=[registration.pk]
        )
    assert cpd_records().get(user=member, source_id=event.pk).hours == Decimal("2")


def test_the_edit_page_changes_who_may_book(client, session, facilitator, member_of):
    client.force_login(facilitator)
    url = reverse("reflection:edit", args=[session.pk])
    page = client.get(url).content.decode()
    assert "Who may book" in page
    response = client.post(
        url, {"theme": session.theme, "format": session.format, "audience": "members"}
    )
    assert response.status_code == 302
    assert ReflectiveSession.objects.get(pk=session.pk).event.audience == Audience.MEMBERS
    # Only the session's facilitators may.
    client.force_login(member_of("Mia Member"))
    response = client.post(
        url, {"theme": session.theme, "format": session.format, "audience": "community"}
    )
    assert response.status_code == 403
    assert ReflectiveSession.objects.get(pk=session.pk).event.audience == Audience.MEMBERS
