"""In a real browser, an action learning set in a private community, with a facilitator,
a presenter, three participants, a late joiner and a leaver, each in their own browser
context: members who are not host members book the set's own session (the page says
who may book before Book); the facilitator's clicks say what they did; marking the
speaker as left moves the panel to the next person and out of the count at once; the
leaver's own screen tells them and offers to rejoin; a wrong click is undone; attendance
shows who left early; each CPD draft carries the time that person took part; and the
feedback request is emailed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from practice_commons.accounts.models import HostMembership
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.notifications.models import NotificationSettings
from practice_commons.reflection import services
from practice_commons.reflection.models import Participant, ReflectiveSession
from tests.browser import conftest as browser

from .conftest import cpd_records

# The browser fixtures live in tests/browser/conftest.py; make them visible here.
chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _click(page, name):
    page.get_by_role("button", name=name, exact=True).click()


def _stage(page, label):
    page.get_by_label("Stage to go to").select_option(label=label)
    _click(page, "Go to this stage")


def _said(page, text):
    page.locator("#live-confirmation", has_text=text).wait_for()


@pytest.fixture
def room(db):
    """A private action learning set: its facilitator, and six members of whom three are
    not on the host's membership register."""
    community = make_community(
        name="Decision-making action learning set",
        visibility="private",
        joining_policy="invitation",
    )
    facilitator = add_member(
        community, UserFactory(full_name="Fay Facilitator"), role=Role.FACILITATOR
    )
    non_host = HostMembership.NON_MEMBER
    people = {
        "presenter": UserFactory(full_name="Pat Presenter"),
        "ana": UserFactory(full_name="Ana Anders", host_membership=non_host),
        "ben": UserFactory(full_name="Ben Baker"),
        "cy": UserFactory(full_name="Cy Carter", host_membership=non_host),
        "dee": UserFactory(full_name="Dee Dolan"),
        "lou": UserFactory(full_name="Lou Late", host_membership=non_host),
    }
    for person in people.values():
        add_member(community, person)
        # No quiet hours in the way of the feedback email, whatever the time of the run.
        NotificationSettings.objects.create(user=person, quiet_hours_enabled=False)
    start = (timezone.now() + timedelta(minutes=30)).replace(second=0, microsecond=0)
    session = services.session_schedule(
        actor=facilitator,
        community=community,
        title="Action learning set",
        theme="Deciding under pressure",
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        session_format="action_learning",
        online_url="https://meet.example.org/set",
    )
    return community, facilitator, people, session


def test_a_real_room_with_a_leaver_and_a_late_joiner(room, signed_in_page, assert_accessible):
    community, facilitator, people, session = room
    detail = f"/reflection/sessions/{session.pk}/"
    live = f"/reflection/sessions/{session.pk}/live/"

    # --- Members who are not host members book the set's own session in their browser. ---
    pages = {}
    for key in ("ana", "cy"):
        page = signed_in_page(people[key])
        page.goto(detail)
        page.get_by_text(
            f"Who may book: Members of {community.name}, whether or not they are members of"
        ).wait_for()
        if key == "ana":
            assert_accessible(page)
        with page.expect_navigation():
            _click(page, "Book a place")
        page.get_by_text("You have a place").first.wait_for()
        pages[key] = page
    for key in ("presenter", "ben", "dee", "lou"):
        services.session_book(actor=people[key], session=session)
    for person in people.values():
        services.rules_confirm(actor=person, session=session)
    services.presenter_set(actor=facilitator, session=session, user=people["presenter"])
    services.session_open(actor=facilitator, session=session)
    # Dee joins first, so she speaks first; Lou comes late.
    for key in ("presenter", "dee", "ana", "ben", "cy"):
        services.session_join(actor=people[key], session=session)
    for key in ("dee", "ben"):
        pages[key] = signed_in_page(people[key])
    for key in ("dee", "ana", "ben"):
        pages[key].goto(live)
        pages[key].get_by_role("heading", name="Now: Check-in and group rules").wait_for()

    # --- The facilitator: one stage control, a timer in minutes and seconds. ---
    fac = signed_in_page(facilitator)
    fac.goto(live)
    fac.get_by_role("heading", name="Now: Check-in and group rules").wait_for()
    fac.get_by_label("Time for each turn").fill("1:30")
    with fac.expect_navigation():
        _click(fac, "Set the time for each turn")
    fac.get_by_text("Each turn is now 1 minute 30 seconds.").wait_for()
    assert fac.get_by_label("Time for each turn").input_value() == "1:30"
    _stage(fac, "The presenter's account")
    _said(fac, "The session is now at: The presenter's account.")
    # No "Mark as left" on the presenter's row while they present.
    assert fac.locator(f"#ctl-left-{people['presenter'].pk}").count() == 0
    assert fac.locator(f"#ctl-left-{people['ana'].pk}").count() == 1
    pages["ana"].get_by_role("heading", name="Now: The presenter's account").wait_for()
    _stage(fac, "Reflection rounds")
    _said(fac, "The session is now at: Reflection rounds.")
    _click(fac, "Start the next turn")
    _said(fac, "Now speaking: Dee Dolan.")
    fac.locator(".pc-progress", has_text="1 of 4").wait_for()
    assert_accessible(fac)

    # --- Dee drops off the call while speaking: the panel moves on at once. ---
    fac.locator(f"#ctl-left-{people['dee'].pk}").click()
    _said(fac, "Dee Dolan is marked as having left.")
    fac.get_by_text("Speaking now: Ana Anders").wait_for()
    fac.locator(".pc-progress", has_text="1 of 3").wait_for()
    assert fac.get_by_text("Waiting for the first turn").count() == 0
    # Her own screen says so, and offers to rejoin.
    dee = pages["dee"]
    dee.locator(
        "#left-notice", has_text="The facilitator has marked you as having left. Rejoin?"
    ).wait_for()
    dee.get_by_role("button", name="Rejoin the session").wait_for()
    assert_accessible(dee)
    # Everyone else follows: Ana's turn.
    pages["ana"].get_by_text("Your turn").wait_for()
    pages["ben"].get_by_text("Speaking now: Ana Anders").wait_for()

    # --- A wrong click on Cy is undone: she keeps her place. ---
    fac.locator(f"#ctl-left-{people['cy'].pk}").click()
    _said(fac, "Cy Carter is marked as having left.")
    fac.locator(".pc-progress", has_text="1 of 2").wait_for()
    fac.locator(f"#ctl-undo-left-{people['cy'].pk}").click()
    _said(fac, "Cy Carter is back in the session, in their place.")
    fac.locator(".pc-progress", has_text="1 of 3").wait_for()

    # --- Lou joins late, at the end of the order. ---
    lou = signed_in_page(people["lou"])
    lou.goto(detail)
    with lou.expect_navigation():
        _click(lou, "Join the session")
    fac.locator(".pc-progress", has_text="1 of 4").wait_for()
    for name in ("Ben Baker", "Cy Carter", "Lou Late"):
        _click(fac, "Next person")
        _said(fac, f"Now speaking: {name}.")
    fac.locator(".pc-progress", has_text="4 of 4").wait_for()
    order = fac.locator(".pc-order__item").all_inner_texts()
    assert [line.split(" ")[0] for line in order] == ["Dee", "Ana", "Ben", "Cy", "Lou"]
    assert "Left" in order[0]
    _click(fac, "Next person")
    fac.get_by_text("Everyone in the session has had their turn in this round (4 of 4)").wait_for()

    # --- Check-out and close. ---
    _stage(fac, "Check-out")
    _said(fac, "The session is now at: Check-out.")
    with fac.expect_navigation():
        _click(fac, "Close the session")
    fac.get_by_role("heading", name="Record attendance").wait_for()

    # The session ran for minutes here; put its real times back an hour and a half so
    # each person's hours differ: opened 80 minutes ago, closed now; most joined 78
    # minutes ago, Lou 30, and Dee left 60 minutes ago.
    session = ReflectiveSession.objects.get(pk=session.pk)
    now = session.closed_at
    ReflectiveSession.objects.filter(pk=session.pk).update(opened_at=now - timedelta(minutes=80))
    Participant.objects.filter(session=session).update(joined_at=now - timedelta(minutes=78))
    Participant.objects.filter(session=session, user=people["lou"]).update(
        joined_at=now - timedelta(minutes=30)
    )
    left_at = now - timedelta(minutes=60)
    Participant.objects.filter(session=session, user=people["dee"]).update(left_at=left_at)
    fac.reload()
    fac.get_by_role("heading", name="Record attendance").wait_for()
    fac.get_by_text(f"Left early at {timezone.localtime(left_at):%H:%M}.").wait_for()
    for person in people.values():
        assert fac.get_by_label(person.full_name).is_checked()
    assert_accessible(fac)
    with fac.expect_navigation():
        _click(fac, "Record attendance")
    fac.get_by_text("Attendance is recorded (6 changed)").wait_for()

    hours = {
        r.user_id: r.hours
        for r in cpd_records().filter(source_kind="event", source_id=session.event_id)
    }
    expected = {p.pk: Decimal("1.3") for p in people.values()}  # 78 minutes
    expected[people["lou"].pk] = Decimal("0.5")  # joined late: 30 minutes
    expected[people["dee"].pk] = Decimal("0.3")  # left early: 18 minutes
    assert hours == expected
    # The feedback request reaches each attendee in-app and, as their preferences for
    # reminders say (straight away, the default), by email.
    feedback = f"/reflection/sessions/{session.pk}/feedback/"
    emailed = [m for m in mail.outbox if feedback in m.body]
    assert sorted(to for m in emailed for to in m.to) == sorted(p.email for p in people.values())
