"""The pages: a permission matrix for every view and role (visitor, non-member, member
not attending, attendee, presenter, facilitator, host admin; a private community's
outsider gets 404), every template rendered, htmx partials and the plain POST-redirect
path without JavaScript, refusals shown as clear messages, and query budgets."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.reflection import services
from practice_commons.reflection.models import PrivateNote, Stage

from .conftest import run_to_checkout, soon

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "non_member", "member", "attendee", "presenter", "facilitator", "host_admin")


@pytest.fixture
def roles(session, group, facilitator, member_of, outsider, host_admin):
    return {
        "visitor": None,
        "non_member": outsider,
        "member": member_of("Mo Member"),
        "attendee": group["ana"],
        "presenter": group["presenter"],
        "facilitator": facilitator,
        "host_admin": host_admin,
    }


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _login_redirect(response):
    return response.status_code == 302 and "/account/login/" in response["Location"]


def _check(client, roles, method, url, expected, data=None):
    for role in ROLES:
        _as(client, roles[role])
        response = getattr(client, method)(url, data or {})
        want = expected[role]
        if want == "login":
            assert _login_redirect(response), (role, url, response.status_code)
        else:
            assert response.status_code == want, (role, url, response.status_code)


ALL_200 = dict.fromkeys(ROLES, 200)
SIGNED_IN_200 = {**ALL_200, "visitor": "login"}
RUNNERS_ONLY = {**dict.fromkeys(ROLES, 403), "visitor": "login", "facilitator": 200}
STATS = {**RUNNERS_ONLY, "host_admin": 200}


def test_lists_and_notes_pages(client, roles, session):
    _check(client, roles, "get", reverse("reflection:mine"), SIGNED_IN_200)
    _check(client, roles, "get", reverse("reflection:my_notes"), SIGNED_IN_200)
    _check(client, roles, "get", reverse("reflection:notes_export"), SIGNED_IN_200)
    _check(
        client,
        roles,
        "get",
        reverse("reflection:community", args=[session.community.slug]),
        ALL_200,
    )


def test_schedule_and_insights_pages(client, roles, session):
    slug = session.community.slug
    schedule = {**RUNNERS_ONLY, "host_admin": 200}
    _check(client, roles, "get", reverse("reflection:schedule", args=[slug]), schedule)
    _check(client, roles, "get", reverse("reflection:insights", args=[slug]), STATS)
    _check(client, roles, "get", reverse("reflection:insights_csv", args=[slug]), STATS)


def test_session_pages_before_it_opens(client, roles, session):
    pk = session.pk
    _check(client, roles, "get", reverse("reflection:detail", args=[pk]), ALL_200)
    _check(client, roles, "get", reverse("reflection:rules", args=[pk]), SIGNED_IN_200)
    _check(client, roles, "get", reverse("reflection:feedback", args=[pk]), SIGNED_IN_200)
    issue = {**dict.fromkeys(ROLES, 403), "visitor": "login", "presenter": 200}
    _check(client, roles, "get", reverse("reflection:issue", args=[pk]), issue)
    _check(client, roles, "get", reverse("reflection:attendance", args=[pk]), RUNNERS_ONLY)
    live = {
        **dict.fromkeys(ROLES, 403),
        "visitor": "login",
        "attendee": 200,
        "presenter": 200,
        "facilitator": 200,
    }
    _check(client, roles, "get", reverse("reflection:live", args=[pk]), live)


def test_open_is_for_runners(client, roles, session):
    url = reverse("reflection:open", args=[session.pk])
    for role in ("non_member", "member", "attendee", "presenter", "host_admin"):
        _as(client, roles[role])
        assert client.post(url).status_code == 403, role
    _as(client, None)
    assert _login_redirect(client.post(url))
    _as(client, roles["facilitator"])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("/live/")
    session.refresh_from_db()
    assert session.stage == Stage.CHECK_IN


def test_starting_twice_shows_a_clear_message(client, facilitator, session):
    client.force_login(facilitator)
    url = reverse("reflection:open", args=[session.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "has already started" in response.content.decode()


def test_live_actions_permissions(client, roles, opened):
    pk = opened.pk
    live = {
        **dict.fromkeys(ROLES, 403),
        "visitor": "login",
        "attendee": 200,
        "presenter": 200,
        "facilitator": 200,
    }
    _check(client, roles, "get", reverse("reflection:live", args=[pk]), live)
    control = {**dict.fromkeys(ROLES, 403), "visitor": "login", "facilitator": 302}
    _check(
        client,
        roles,
        "post",
        reverse("reflection:control", args=[pk]),
        control,
        {"action": "timer", "minutes": "2"},
    )
    notes = {
        **dict.fromkeys(ROLES, 403),
        "visitor": "login",
        "attendee": 302,
        "presenter": 302,
        "facilitator": 302,
    }
    _check(
        client,
        roles,
        "post",
        reverse("reflection:note_add", args=[pk]),
        notes,
        {"body": "A thought for me."},
    )
    presenter_only = {**dict.fromkeys(ROLES, 403), "visitor": "login", "presenter": 302}
    _check(
        client,
        roles,
        "post",
        reverse("reflection:summary", args=[pk]),
        presenter_only,
        {"summary": "What I heard."},
    )
    _check(
        client,
        roles,
        "post",
        reverse("reflection:action_add", args=[pk]),
        presenter_only,
        {"text": "Talk to my supervisor."},
    )


def test_private_community_outsider_gets_404_everywhere(client, outsider, host_admin):
    private = make_community(name="Closed set", visibility="private", joining_policy="invitation")
    runner = add_member(private, role=Role.FACILITATOR)
    start = soon()
    session = services.session_schedule(
        actor=runner,
        community=private,
        title="Closed session",
        theme="Endings",
        starts_at=start,
        ends_at=start.replace(minute=start.minute) + (soon(90) - soon(30)),
        online_url="https://meet.example.org/x",
    )
    client.force_login(outsider)
    pk = session.pk
    for name in ("detail", "rules", "feedback", "issue", "live", "attendance"):
        assert client.get(reverse(f"reflection:{name}", args=[pk])).status_code == 404, name
    for name in (
        "book",
        "open",
        "join",
        "leave",
        "control",
        "note_add",
        "summary",
        "action_add",
        "presenter",
        "cancel_booking",
    ):
        assert client.post(reverse(f"reflection:{name}", args=[pk])).status_code == 404, name
    for name in ("community", "schedule", "insights", "insights_csv"):
        assert client.get(reverse(f"reflection:{name}", args=[private.slug])).status_code == 404
    # A host admin sees the session exists (they see every community) but not its live room.
    client.force_login(host_admin)
    assert client.get(reverse("reflection:detail", args=[pk])).status_code == 200
    assert client.get(reverse("reflection:live", args=[pk])).status_code == 403


# --- Journeys through the pages ----------------------------------------------------------


def test_schedule_page_creates_a_session(client, community, facilitator):
    client.force_login(facilitator)
    start = soon(60 * 24)
    response = client.post(
        reverse("reflection:schedule", args=[community.slug]),
        {
            "title": "Monthly reflective set",
            "theme": "Staying curious",
            "session_format": "action_learning",
            "date": start.date().isoformat(),
            "start_time": "10:00",
            "minutes": 120,
            "where": "in_person",
            "venue": "Room 2",
            "address": "Civic Hall",
            "capacity": 6,
            "trial_allowed": "on",
        },
    )
    assert response.status_code == 302
    session = community.reflective_sessions.get()
    assert session.format == "action_learning" and session.trial_allowed
    assert (session.event.ends_at - session.event.starts_at).seconds == 7200
    page = client.get(response["Location"]).content.decode()
    assert "Monthly reflective set" in page and "Open the session" in page


def test_schedule_page_shows_field_errors(client, community, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("reflection:schedule", args=[community.slug]),
        {
            "title": "x",
            "theme": "y",
            "session_format": "flexible",
            "date": soon().date(),
            "start_time": "10:00",
            "minutes": 90,
            "where": "in_person",
            "capacity": 8,
        },
    )
    assert response.status_code == 200
    assert "Enter where it takes place" in response.content.decode()


def test_schedule_page_shows_a_start_in_the_past_beside_the_date(client, community, facilitator):
    """The events service names the start ``starts_at``; the form shows it on ``date``."""
    client.force_login(facilitator)
    yesterday = soon(-60 * 24)
    response = client.post(
        reverse("reflection:schedule", args=[community.slug]),
        {
            "title": "Monthly reflective set",
            "theme": "Staying curious",
            "session_format": "flexible",
            "date": yesterday.date().isoformat(),
            "start_time": "10:00",
            "minutes": 90,
            "where": "online",
            "online_url": "https://meet.example.org/x",
            "capacity": 8,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "A published event must start in the future."
    ]
    assert not community.reflective_sessions.exists()


def test_book_rules_and_join_through_the_pages(client, session, member_of, facilitator):
    member = member_of("Rae Reader")
    client.force_login(member)
    detail = reverse("reflection:detail", args=[session.pk])
    assert "Book a place" in client.get(detail).content.decode()
    client.post(reverse("reflection:book", args=[session.pk]))
    page = client.get(detail).content.decode()
    assert "You have a place" in page and "Confirm the group rules" in page
    # The rules page needs the box ticked.
    rules_url = reverse("reflection:rules", args=[session.pk])
    response = client.post(rules_url, {})
    assert "Tick the box" in response.content.decode()
    assert "Confidentiality" in response.content.decode()
    client.post(rules_url, {"agree": "yes"})
    services.session_open(actor=facilitator, session=session)
    response = client.post(reverse("reflection:join", args=[session.pk]))
    assert response["Location"].endswith("/live/")
    live = client.get(response["Location"]).content.decode()
    assert "Check-in and group rules" in live and "Leave the session" in live


def test_join_without_rules_sends_you_to_them(client, session, member_of, book, facilitator):
    member = member_of()
    book(member, session, rules=False)
    services.session_open(actor=facilitator, session=session)
    client.force_login(member)
    response = client.post(reverse("reflection:join", args=[session.pk]))
    assert response["Location"].endswith("/rules/")
    live = client.get(reverse("reflection:live", args=[session.pk])).content.decode()
    assert "Read and confirm the group rules" in live


def test_joining_a_closed_session_is_refused_with_a_message(client, opened, facilitator, group):
    services.session_leave(actor=group["ana"], session=opened)
    session = run_to_checkout(opened, facilitator)
    services.session_close(actor=facilitator, session=session)
    client.force_login(group["ana"])
    response = client.post(reverse("reflection:join", args=[session.pk]), follow=True)
    assert "This session has ended, so it can no longer be joined." in response.content.decode()


def test_live_view_for_facilitator_and_participant_at_every_stage(
    client, opened, facilitator, group
):
    session = opened
    for stage in session.stages:
        session = services.stage_set(actor=facilitator, session=session, stage=stage)
        if stage == Stage.REFLECTIONS:
            services.turn_next(actor=facilitator, session=session)
        client.force_login(facilitator)
        page = client.get(reverse("reflection:live", args=[session.pk])).content.decode()
        assert "Facilitator's controls" in page
        assert Stage(stage).label.replace("'", "&#x27;") in page
        client.force_login(group["ben"])
        page = client.get(reverse("reflection:live", args=[session.pk])).content.decode()
        assert "Facilitator's controls" not in page
        assert "Leave the session" in page


def test_reflection_round_on_the_pages(client, opened, facilitator, group):
    session = services.stage_set(actor=facilitator, session=opened, stage=Stage.REFLECTIONS)
    client.force_login(facilitator)
    control = reverse("reflection:control", args=[session.pk])
    client.post(control, {"action": "next_turn"})
    page = client.get(reverse("reflection:live", args=[session.pk])).content.decode()
    assert "Speaking now: Ana Anders" in page and "1 of 4" in page
    assert 'role="timer"' in page and "data-turn-ends" in page
    client.force_login(group["ana"])
    page = client.get(reverse("reflection:live", args=[session.pk])).content.decode()
    assert "Your turn" in page
    response = client.post(control, {"action": "pass"})
    assert response.status_code == 302
    client.force_login(group["ben"])
    page = client.get(reverse("reflection:live", args=[session.pk])).content.decode()
    assert "Your turn" in page and "2 of 4" in page and "Passed" in page
    # Heron tags: only the facilitator's view has them.
    assert "Heron" not in page
    client.force_login(facilitator)
    page = client.get(reverse("reflection:live", args=[session.pk])).content.decode()
    assert "Heron's categories" in page


def test_htmx_poll_answers_204_when_nothing_changed(client, opened, group):
    client.force_login(group["ana"])
    url = reverse("reflection:live", args=[opened.pk])
    response = client.get(url, {"v": opened.live_version}, headers={"HX-Request": "true"})
    assert response.status_code == 204
    response = client.get(url, {"v": opened.live_version - 1}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="live-status"' in body and "<html" not in body
    assert 'hx-swap-oob="innerHTML"' in body
    assert response["Cache-Control"].startswith("max-age=0")


def test_htmx_control_returns_the_partial_with_errors(client, opened, facilitator):
    client.force_login(facilitator)
    url = reverse("reflection:control", args=[opened.pk])
    response = client.post(url, {"action": "next_turn"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "Turns are taken in the reflection stage." in body
    response = client.post(url, {"action": "next_stage"}, headers={"HX-Request": "true"})
    assert "The presenter&#x27;s account" in response.content.decode()


def test_control_without_js_redirects_with_a_message(client, opened, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("reflection:control", args=[opened.pk]), {"action": "next_turn"}, follow=True
    )
    assert "Turns are taken in the reflection stage." in response.content.decode()


def test_control_presence_rules_and_presenter(client, session, facilitator, member_of, book):
    walk_in = member_of("Wren Walkin")
    book(walk_in, session, rules=False)
    services.session_open(actor=facilitator, session=session)
    client.force_login(facilitator)
    url = reverse("reflection:control", args=[session.pk])
    response = client.post(url, {"action": "present", "user": walk_in.pk}, follow=True)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert not messages or "rules" in response.content.decode()
    client.post(url, {"action": "rules_in_room", "user": walk_in.pk})
    client.post(url, {"action": "present", "user": walk_in.pk})
    client.post(url, {"action": "presenter", "presenter": walk_in.pk})
    session.refresh_from_db()
    assert session.presenter == walk_in
    client.post(url, {"action": "left", "user": walk_in.pk})
    assert not session.participants.get(user=walk_in).is_present


def test_close_redirects_to_attendance_and_records_it(
    client, opened, facilitator, group, django_capture_on_commit_callbacks
):
    session = run_to_checkout(opened, facilitator)
    client.force_login(facilitator)
    response = client.post(reverse("reflection:control", args=[session.pk]), {"action": "close"})
    assert response["Location"].endswith("/attendance/")
    page = client.get(response["Location"]).content.decode()
    assert page.count("checked") == 5
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            response["Location"], {"attended": [p.pk for p in group.values()]}, follow=True
        )
    assert "Attendance is recorded (5 changed)" in response.content.decode()


def test_htmx_close_uses_hx_redirect(client, opened, facilitator):
    session = run_to_checkout(opened, facilitator)
    client.force_login(facilitator)
    response = client.post(
        reverse("reflection:control", args=[session.pk]),
        {"action": "close"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].endswith("/attendance/")


def test_feedback_page_journey_and_testimonial(
    client, opened, facilitator, group, django_capture_on_commit_callbacks
):
    session = run_to_checkout(opened, facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(actor=facilitator, session=session, user_ids=[group["ana"].pk])
    client.force_login(group["ben"])
    url = reverse("reflection:feedback", args=[session.pk])
    page = client.get(url).content.decode()
    assert "You can give feedback on a session you attended" in page
    response = client.post(url, {"usefulness": 4}, follow=True)
    assert "only give feedback on a session you attended" in response.content.decode()
    client.force_login(group["ana"])
    client.post(
        url,
        {
            "usefulness": 5,
            "gave_you": "Provides a reflective space to think.",
            "consent_to_quote": "on",
        },
    )
    response = client.post(url, {"usefulness": 3}, follow=True)
    assert "already given feedback" in response.content.decode()
    # The community page shows the quote, without a name.
    page = client.get(session.community.get_absolute_url()).content.decode()
    panel = page.split('<section id="reflection_testimonials"', 1)[1].split("</section>", 1)[0]
    assert "Testimonials from reflective sessions" in panel
    assert "Provides a reflective space to think." in panel
    assert "Ana" not in panel


def test_presenter_pages(client, session, group, facilitator):
    client.force_login(group["presenter"])
    response = client.post(
        reverse("reflection:issue", args=[session.pk]),
        {"issue_summary": "What uncertainty stirs up in me."},
    )
    assert response.status_code == 302
    page = client.get(reverse("reflection:detail", args=[session.pk])).content.decode()
    assert "What uncertainty stirs up in me." in page and "Step down as presenter" in page
    client.post(reverse("reflection:presenter", args=[session.pk]), {"action": "step_down"})
    session.refresh_from_db()
    assert session.presenter is None
    client.force_login(group["ben"])
    client.post(reverse("reflection:presenter", args=[session.pk]), {"action": "volunteer"})
    session.refresh_from_db()
    assert session.presenter == group["ben"]
    client.force_login(facilitator)
    client.post(
        reverse("reflection:presenter", args=[session.pk]),
        {"action": "choose", "presenter": group["cy"].pk},
    )
    session.refresh_from_db()
    assert session.presenter == group["cy"]


def test_presenter_summary_and_actions_on_the_live_page(client, opened, group):
    client.force_login(group["presenter"])
    client.post(
        reverse("reflection:summary", args=[opened.pk]), {"summary": "I heard the pull to rescue."}
    )
    client.post(reverse("reflection:action_add", args=[opened.pk]), {"text": "Book supervision."})
    action = opened.action_commitments.get()
    response = client.post(reverse("reflection:action_delete", args=[opened.pk, action.pk]))
    assert response.status_code == 302 and not opened.action_commitments.exists()
    client.force_login(group["ana"])
    assert client.post(reverse("reflection:action_delete", args=[opened.pk, 1])).status_code == 403


def test_cancel_booking_and_leave(client, session, group, facilitator):
    client.force_login(group["dee"])
    client.post(reverse("reflection:cancel_booking", args=[session.pk]))
    assert not session.participants.filter(user=group["dee"]).exists()
    services.session_open(actor=facilitator, session=session)
    client.force_login(group["ana"])
    client.post(reverse("reflection:join", args=[session.pk]))
    response = client.post(reverse("reflection:leave", args=[session.pk]), follow=True)
    assert "You have left the session." in response.content.decode()


def test_notes_pages_delete_and_export(client, opened, group):
    services.private_note_add(
        actor=group["ana"], session=opened, body="A thought I keep for myself."
    )
    note = PrivateNote.objects.get()
    client.force_login(group["ben"])
    assert client.post(reverse("reflection:note_delete", args=[note.pk])).status_code == 404
    client.force_login(group["ana"])
    assert (
        "A thought I keep for myself."
        in client.get(reverse("reflection:my_notes")).content.decode()
    )
    export = client.get(reverse("reflection:notes_export"))
    assert export["Content-Disposition"].startswith("attachment")
    assert "A thought I keep for myself." in export.content.decode()
    client.post(reverse("reflection:note_delete", args=[note.pk]))
    assert not PrivateNote.objects.exists()


def test_insights_page_has_a_chart_and_a_table(
    client, opened, facilitator, group, django_capture_on_commit_callbacks
):
    session = run_to_checkout(opened, facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(actor=facilitator, session=session, user_ids=[group["ana"].pk])
    services.feedback_submit(actor=group["ana"], session=session, usefulness=4)
    client.force_login(facilitator)
    page = client.get(reverse("reflection:insights", args=[session.community.slug]))
    body = page.content.decode()
    assert '<svg class="pc-chart__svg"' in body and 'role="img"' in body
    assert '<desc id="chart-desc">' in body and ": 4.0" in body
    assert "<caption" in body and "Average usefulness (1–5)" in body
    csv = client.get(reverse("reflection:insights_csv", args=[session.community.slug]))
    assert csv.content.decode().splitlines()[0].startswith("month,sessions_run")


# --- Query budgets -----------------------------------------------------------------------------


def test_live_view_query_budget(
    client, make_session, facilitator, member_of, book, django_assert_max_num_queries
):
    session = make_session(capacity=30)
    for i in range(18):
        person = member_of(f"Extra {i}")
        book(person, session)
        if i == 0:
            services.presenter_set(actor=person, session=session, user=person)
            services.session_open(actor=facilitator, session=session)
        services.session_join(actor=person, session=session)
    session = services.stage_set(actor=facilitator, session=session, stage=Stage.REFLECTIONS)
    for _ in range(8):
        services.turn_next(actor=facilitator, session=session)
    client.force_login(facilitator)
    url = reverse("reflection:live", args=[session.pk])
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    client.force_login(person)
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200


def test_list_pages_query_budget(
    client, make_session, member_of, book, facilitator, django_assert_max_num_queries
):
    member = member_of()
    for i in range(25):
        session = make_session(in_minutes=60 * (i + 2))
        book(member, session)
        services.private_note_add(actor=member, session=session, body=f"Note {i}")
    client.force_login(member)
    slug = session.community.slug
    for url in (
        reverse("reflection:mine"),
        reverse("reflection:my_notes"),
        reverse("reflection:community", args=[slug]),
    ):
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
    client.force_login(facilitator)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("reflection:insights", args=[slug])).status_code == 200


# --- The remaining actions, per role -----------------------------------------------------------


def test_book_per_role(client, roles, session):
    """Only members (and non-members on trial, where allowed) get a place; the
    facilitator and anyone refused are told why."""
    url = reverse("reflection:book", args=[session.pk])
    _as(client, None)
    assert _login_redirect(client.post(url))
    for role in ("non_member", "member", "facilitator", "host_admin"):
        _as(client, roles[role])
        response = client.post(url, follow=True)
        assert response.status_code == 200, role
    from practice_commons.events.models import Registration

    booked = set(Registration.objects.filter(event=session.event).values_list("user_id", flat=True))
    assert roles["member"].pk in booked
    assert roles["non_member"].pk not in booked
    assert roles["facilitator"].pk not in booked
    assert roles["host_admin"].pk not in booked


def test_join_leave_and_pass_per_role(client, roles, opened, facilitator):
    join = reverse("reflection:join", args=[opened.pk])
    leave = reverse("reflection:leave", args=[opened.pk])
    for role in ("non_member", "member", "host_admin"):
        _as(client, roles[role])
        response = client.post(join, follow=True)
        assert "Only people with a place" in response.content.decode(), role
        assert not opened.participants.filter(user=roles[role], joined_at__isnull=False).exists()
        assert client.post(leave, follow=True).status_code == 200
    _as(client, roles["attendee"])
    assert client.post(leave).status_code == 302
    assert not opened.participants.get(user=roles["attendee"]).is_present
    assert client.post(join).status_code == 302
    assert opened.participants.get(user=roles["attendee"]).is_present
    # "Pass" when it is not your turn is refused.
    services.stage_set(actor=facilitator, session=opened, stage=Stage.REFLECTIONS)
    services.turn_next(actor=facilitator, session=opened)
    control = reverse("reflection:control", args=[opened.pk])
    _as(client, roles["presenter"])
    assert client.post(control, {"action": "pass"}).status_code == 403


def test_presenter_actions_per_role(client, roles, session):
    url = reverse("reflection:presenter", args=[session.pk])
    _as(client, None)
    assert _login_redirect(client.post(url, {"action": "volunteer"}))
    # Without a place nobody can volunteer; someone else's choice is a facilitator's.
    for role in ("non_member", "member", "host_admin"):
        _as(client, roles[role])
        client.post(url, {"action": "volunteer"})
    session.refresh_from_db()
    assert session.presenter == roles["presenter"]
    _as(client, roles["attendee"])
    assert client.post(url, {"action": "step_down"}).status_code == 403
    # Choosing yourself is volunteering: refused, with a message, while someone presents.
    response = client.post(
        url, {"action": "choose", "presenter": roles["attendee"].pk}, follow=True
    )
    assert "Someone has already volunteered" in response.content.decode()
    session.refresh_from_db()
    assert session.presenter == roles["presenter"]


def test_attendance_post_per_role(client, roles, opened, facilitator):
    run_to_checkout(opened, facilitator)
    url = reverse("reflection:attendance", args=[opened.pk])
    data = {"attended": [roles["attendee"].pk]}
    for role in ("non_member", "member", "attendee", "presenter", "host_admin"):
        _as(client, roles[role])
        assert client.post(url, data).status_code == 403, role
    _as(client, None)
    assert _login_redirect(client.post(url, data))
    _as(client, roles["facilitator"])
    assert client.post(url, data).status_code == 302


def test_feedback_post_per_role(
    client, roles, opened, facilitator, django_capture_on_commit_callbacks
):
    from practice_commons.reflection.models import SessionFeedback

    session = run_to_checkout(opened, facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(
            actor=facilitator,
            session=session,
            user_ids=[roles["attendee"].pk, roles["presenter"].pk],
        )
    url = reverse("reflection:feedback", args=[session.pk])
    for role in ("non_member", "member", "facilitator", "host_admin"):
        _as(client, roles[role])
        response = client.post(url, {"usefulness": 4}, follow=True)
        assert "only give feedback on a session you attended" in response.content.decode()
    for role in ("attendee", "presenter"):
        _as(client, roles[role])
        client.post(url, {"usefulness": 4})
    assert SessionFeedback.objects.count() == 2


def test_the_event_page_links_to_its_session(client, session, group):
    client.force_login(group["ana"])
    page = client.get(session.event.get_absolute_url()).content.decode()
    assert reverse("reflection:detail", args=[session.pk]) in page
    assert "The reflective session: rules, presenter and live view" in page
