"""In a real browser: a facilitator schedules, opens and runs a whole reflective session
with five people — everyone confirms the rules, the presenter gives their account, each
member takes a reflection turn (one passes, one joins late and goes to the end), the
presenter records a summary and an action, check-out, attendance — and every attendee
ends with a draft CPD record and a feedback request. The live view is axe-clean for the
facilitator and a participant, and updates for participants without a reload (htmx)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.events.models import LONDON
from practice_commons.notifications.models import Notification
from practice_commons.reflection.models import ActionCommitment, ReflectiveSession, Turn
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

NAMES = ["Pat Presenter", "Ana Anders", "Ben Baker", "Cy Carter", "Lou Late"]


@pytest.fixture
def people(db):
    community = make_community(name="Wednesday reflective set")
    facilitator = add_member(
        community, UserFactory(full_name="Fay Facilitator"), role=Role.FACILITATOR
    )
    members = [add_member(community, UserFactory(full_name=name)) for name in NAMES]
    return community, facilitator, members


def _click(page, name):
    page.get_by_role("button", name=name, exact=True).click()


def _stage(page, label):
    """The one stage control: choose the stage, then go."""
    page.get_by_label("Stage to go to").select_option(label=label)
    _click(page, "Go to this stage")


def test_a_full_session_with_five_people(people, signed_in_page, assert_accessible):
    community, facilitator, members = people
    presenter, ana, ben, cy, late = members

    # --- The facilitator schedules the session (starting in 30 minutes). ---
    fac = signed_in_page(facilitator)
    fac.goto(f"/reflection/communities/{community.slug}/new/")
    assert_accessible(fac)
    start = (timezone.now() + timedelta(minutes=30)).astimezone(LONDON)
    fac.get_by_label("Title").fill("Wednesday reflective session")
    fac.get_by_label("Theme").fill("Holding uncertainty")
    fac.get_by_label("Flexible group membership").check()
    fac.get_by_label("Date").fill(start.date().isoformat())
    fac.get_by_label("Start time (UK time)").fill(start.strftime("%H:%M"))
    fac.get_by_label("Length in minutes").fill("90")
    fac.get_by_label("Online", exact=True).check()
    fac.get_by_label("Online joining link").fill("https://meet.example.org/wednesday")
    fac.get_by_label("Places").fill("8")
    with fac.expect_navigation():
        _click(fac, "Schedule the session")
    fac.get_by_role("heading", name="Wednesday reflective session").wait_for()
    session = ReflectiveSession.objects.get()
    detail = f"/reflection/sessions/{session.pk}/"

    # --- Five people book and confirm the group rules; one volunteers to present. ---
    pages = {}
    for person in members:
        page = signed_in_page(person)
        page.goto(detail)
        with page.expect_navigation():
            _click(page, "Book a place")
        page.get_by_text("You have a place").first.wait_for()
        with page.expect_navigation():
            page.get_by_role("link", name="Confirm the group rules").click()
        page.get_by_label("I will keep to these group rules").check()
        with page.expect_navigation():
            _click(page, "Confirm the rules")
        page.get_by_text("You have confirmed the group rules.").first.wait_for()
        pages[person.pk] = page
    assert_accessible(pages[ana.pk])
    p_page = pages[presenter.pk]
    with p_page.expect_navigation():
        _click(p_page, "Volunteer to present")
    p_page.get_by_text("You are presenting.").first.wait_for()

    # --- The facilitator opens it; four join now, one later. ---
    fac.goto(detail)
    with fac.expect_navigation():
        _click(fac, "Open the session")
    fac.get_by_role("heading", name="Now: Check-in and group rules").wait_for()
    for person in (presenter, ana, ben, cy):
        page = pages[person.pk]
        page.goto(detail)
        with page.expect_navigation():
            _click(page, "Join the session")
        page.get_by_role("heading", name="Now: Check-in and group rules").wait_for()
    assert_accessible(fac)
    assert_accessible(pages[ana.pk])

    # --- The presenter's account, then the reflection round (htmx, no reloads). ---
    _stage(fac, "The presenter's account")
    fac.get_by_role("heading", name="Now: The presenter's account").wait_for()
    # Participants' pages follow by polling.
    pages[ana.pk].get_by_role("heading", name="Now: The presenter's account").wait_for()
    _stage(fac, "Reflection rounds")
    fac.get_by_role("heading", name="Now: Reflection rounds").wait_for()
    _click(fac, "Start the next turn")
    fac.get_by_text("Speaking now: Ana Anders").wait_for()
    fac.locator(".pc-progress", has_text="1 of 3").wait_for()
    # The timer counts down in the browser (m:ss) from what the server stored.
    fac.locator("[data-timer-text]").filter(has_text=":").wait_for()
    assert_accessible(fac)

    ana_page = pages[ana.pk]
    ana_page.get_by_text("Your turn").wait_for()
    assert_accessible(ana_page)
    _click(fac, "Next person")
    # Ben passes from his own page.
    ben_page = pages[ben.pk]
    ben_page.get_by_text("Your turn").wait_for()
    _click(ben_page, "Pass")
    fac.get_by_text("Speaking now: Cy Carter").wait_for()

    # Lou joins late: at the end of the order.
    late_page = pages[late.pk]
    late_page.goto(detail)
    with late_page.expect_navigation():
        _click(late_page, "Join the session")
    fac.locator(".pc-progress", has_text="3 of 4").wait_for()
    _click(fac, "Next person")
    fac.get_by_text("Speaking now: Lou Late").wait_for()
    fac.locator(".pc-progress", has_text="4 of 4").wait_for()
    order = fac.locator(".pc-order__item").all_inner_texts()
    assert [line.split(" ")[0] for line in order] == ["Ana", "Ben", "Cy", "Lou"]
    assert "Passed" in order[1] and "Speaking now" in order[3]
    _click(fac, "Next person")
    fac.get_by_text("Everyone in the session has had their turn in this round (4 of 4)").wait_for()

    # --- The presenter's summary and an action. ---
    _stage(fac, "The presenter's summary")
    fac.get_by_role("heading", name="Now: The presenter's summary").wait_for()
    p_page.goto(f"/reflection/sessions/{session.pk}/live/")
    p_page.get_by_label("Your summary of the reflections").fill(
        "I heard that the pull to fix things is shared, and I will slow down."
    )
    with p_page.expect_navigation():
        _click(p_page, "Save your summary")
    _stage(fac, "Action commitments")
    fac.get_by_role("heading", name="Now: Action commitments").wait_for()
    p_page.get_by_label("An action you commit to").fill("Book time with my supervisor.")
    with p_page.expect_navigation():
        _click(p_page, "Add the action")
    p_page.get_by_text("Your action is recorded.").wait_for()
    ana_page.get_by_text("Book time with my supervisor.").wait_for()

    # --- Check-out, close, attendance. ---
    _stage(fac, "Check-out")
    fac.get_by_role("heading", name="Now: Check-out").wait_for()
    with fac.expect_navigation():
        _click(fac, "Close the session")
    fac.get_by_role("heading", name="Record attendance").wait_for()
    assert_accessible(fac)
    for person in members:
        assert fac.get_by_label(person.full_name).is_checked()
    with fac.expect_navigation():
        _click(fac, "Record attendance")
    fac.get_by_text("Attendance is recorded (5 changed)").wait_for()

    # --- Everyone has a draft CPD record and a feedback request. ---
    session.refresh_from_db()
    assert session.stage == "closed"
    assert ActionCommitment.objects.filter(session=session).count() == 1
    assert Turn.objects.filter(status="passed").count() == 1
    for person in members:
        record = cpd_records().get(user=person, source_kind="event", source_id=session.event_id)
        assert record.peer_reflection and record.status == "draft"
        # The time each person took part (under a few minutes here), not the 1.5 scheduled.
        assert record.hours == Decimal("0.1")
        assert "uncertainty" not in (record.title + record.description).lower()
        assert Notification.objects.filter(
            recipient=person, kind="reminder", url=f"/reflection/sessions/{session.pk}/feedback/"
        ).exists()
    # An attendee follows the request to the feedback form.
    ana_page.goto(f"/reflection/sessions/{session.pk}/feedback/")
    assert_accessible(ana_page)
    ana_page.get_by_label("5 – very useful").check()
    ana_page.get_by_label("What did it give you?").fill("A reflective space to think.")
    ana_page.get_by_label("You may quote what I wrote").check()
    with ana_page.expect_navigation():
        _click(ana_page, "Send feedback")
    ana_page.get_by_text("Thank you for your feedback.").first.wait_for()
    ana_page.goto(community.get_absolute_url())
    ana_page.locator("#reflection_testimonials").get_by_text(
        "A reflective space to think."
    ).wait_for()


def test_a_rejected_control_shows_its_reason_in_place(opened, facilitator, group, signed_in_page):
    """htmx does not swap a 400 by itself: ``live.js`` shows the rejected control's
    reason in the live status, without a reload, and nothing changes."""
    fac = signed_in_page(facilitator)
    live = f"/reflection/sessions/{opened.pk}/live/"
    fac.goto(live)
    fac.get_by_role("heading", name="Now: Check-in and group rules").wait_for()
    ana = group["ana"]
    fac.locator(f"#ctl-left-{ana.pk}").evaluate(
        "button => { button.form.querySelector('input[name=user]').value = 'abc'; }"
    )
    fac.locator(f"#ctl-left-{ana.pk}").click()
    fac.locator(
        "#live-status .govuk-error-summary", has_text="Choose someone from the list."
    ).wait_for()
    assert fac.url.endswith(live)
    assert opened.participants.get(user=ana).is_present
