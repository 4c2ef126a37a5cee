"""The main journeys with the keyboard alone, in a real browser.

After the first page is loaded, every step is a key press: Tab and Shift+Tab to move,
Enter and Space to press, the arrow keys inside radio groups, and typing. Nothing is
clicked or filled in. ``tab_to`` is the real check: it presses Tab until the control
has focus and fails, listing everything that got focus on the way, if it never does.

Where a step is done by htmx (the page is not reloaded), the tests also check that
focus is not dropped on ``<body>`` when the markup that had it is replaced, and that the
change is announced through a live region (``aria-live``, ``role=status`` or
``role=alert``) that was already on the page before the update: a live region that
arrives with its text is not reliably read out.

Each journey ends with axe-core's WCAG 2.2 AA rules on the page it arrived at.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.models import CommunityMembership, MembershipStatus
from practice_commons.communities.tests.factories import add_member, make_community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# --- Keyboard helpers ------------------------------------------------------------------

# A short description of the element that has focus, for messages.
_DESCRIBE = """const describe = (el) => {
  if (!el || el === document.body || el === document.documentElement) return '<body>';
  const name = (el.getAttribute('aria-label') || (el.labels && el.labels[0] &&
    el.labels[0].textContent) || el.textContent || el.value || '').replace(/\\s+/g, ' ').trim();
  const id = el.id ? '#' + el.id : '';
  const type = el.type && el.tagName !== 'BUTTON' ? `[type=${el.type}]` : '';
  return `${el.tagName.toLowerCase()}${id}${type} "${name.slice(0, 60)}"`;
};"""
DESCRIBE_FOCUS = f"() => {{ {_DESCRIBE} return describe(document.activeElement); }}"
# One round trip per key press: null when focus is on one of ``els`` and can be seen,
# else what has focus.
FOCUS_ON = f"""(els) => {{
  {_DESCRIBE}
  const el = document.activeElement;
  if (els.includes(el)) return el.checkVisibility() ? null : 'hidden: ' + describe(el);
  return describe(el);
}}"""

FOCUS_LOST = """() => !document.activeElement || document.activeElement === document.body
  || document.activeElement === document.documentElement"""

HTMX_IDLE = """() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"""

# Remember a live region before an htmx update, to check afterwards that the same node
# (not one swapped in with its text) says what happened.
WATCH_REGION = """(selector) => {
  const el = document.querySelector(selector);
  window.__watchedRegion = el;
  return !!el;
}"""

WATCHED_REGION = """() => {
  const el = window.__watchedRegion;
  const live = el && el.closest(
    '[aria-live=polite], [aria-live=assertive], [role=status], [role=alert], [role=log]');
  return {
    connected: !!el && el.isConnected,
    live: !!live,
    text: el ? el.textContent.replace(/\\s+/g, ' ').trim() : '',
  };
}"""


def _locator(page, target):
    """A Playwright locator for ``target``: a locator already, a CSS selector (starting
    with ``css=``, ``#``, ``.`` or ``[``), or the accessible name of a button, link or
    form field."""
    if not isinstance(target, str):
        return target
    if target.startswith("css=") or target[:1] in "#.[":
        return page.locator(target)
    return (
        page.get_by_role("button", name=target, exact=True)
        .or_(page.get_by_role("link", name=target, exact=True))
        .or_(page.get_by_label(target, exact=True))
    )


def tab_to(page, target, *, max_presses=80, key="Tab"):
    """Press Tab (or ``key``, such as Shift+Tab) until ``target`` has focus; fail listing
    what got focus on the way. Nothing is pressed if ``target`` has focus already."""
    locator = _locator(page, target)
    seen = []
    for presses in range(max_presses + 1):
        if presses:
            page.keyboard.press(key)
        now = locator.evaluate_all(FOCUS_ON)
        if now is None:
            return
        assert not now.startswith("hidden: "), f"{target!r} has focus but cannot be seen"
        seen.append(now)
    trail = "\n  ".join(seen)
    pytest.fail(
        f"{target!r} never got focus in {max_presses} presses of {key} on {page.url}; "
        f"focus went to:\n  {trail}"
    )


def focused(page) -> str:
    return page.evaluate(DESCRIBE_FOCUS)


def press_and_navigate(page, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state()


def press_for_htmx(page, url_part, key="Enter"):
    """Press ``key`` on the focused control, which sends an htmx request to a URL holding
    ``url_part``; wait for the response to be swapped in and settled."""
    with page.expect_response(lambda r: url_part in r.url and r.request.method == "POST"):
        page.keyboard.press(key)
    page.wait_for_function(HTMX_IDLE)


def watch_live_region(page, selector):
    assert page.evaluate(WATCH_REGION, selector), f"no {selector} on {page.url}"


def assert_announced(page, text):
    """The region watched before the update is still the same node, is live, and now
    holds ``text``."""
    region = page.evaluate(WATCHED_REGION)
    assert region["connected"], "the live region was replaced by the update: not announced"
    assert region["live"], "the region that changed is not a live region"
    assert text in region["text"], f"live region says {region['text']!r}, not {text!r}"


def assert_focus_kept(page, step):
    assert not page.evaluate(FOCUS_LOST), f"focus fell to <body> after the htmx swap: {step}"


def arrow_to(page, radio, key="ArrowDown", max_presses=10):
    """In a radio group that has focus, press an arrow key until ``radio`` is chosen."""
    for _ in range(max_presses):
        if radio.is_checked():
            assert radio.evaluate("el => el === document.activeElement")
            return
        page.keyboard.press(key)
    pytest.fail(f"{radio} not chosen after {max_presses} presses of {key}; at {focused(page)}")


def type_into(page, target, text):
    tab_to(page, target)
    page.keyboard.type(text)


# --- 1. Register -----------------------------------------------------------------------


def test_register_with_the_keyboard(browser_page, assert_accessible):
    from practice_commons.accounts.models import User

    page = browser_page
    page.goto("/account/signup/")
    type_into(page, page.get_by_label("Email address"), "keyboard.person@example.org")
    type_into(page, page.get_by_label("Password", exact=True), "a-long-and-unusual-phrase-42")
    type_into(page, page.get_by_label("Confirm password"), "a-long-and-unusual-phrase-42")
    tab_to(page, page.locator("form[action='/account/signup/'] button[type=submit]"))
    press_and_navigate(page)
    assert "/account/confirm-email/" in page.url
    assert User.objects.filter(email="keyboard.person@example.org").exists()
    assert_accessible(page)


# --- 2. Join a community ---------------------------------------------------------------


@pytest.fixture
def community(db):
    return make_community(name="Kinship care practice", joining_policy="open")


def test_join_a_community_with_the_keyboard(community, signed_in_page, assert_accessible):
    person = UserFactory(full_name="Kit Keyboard")
    page = signed_in_page(person)
    page.goto("/communities/")
    tab_to(page, page.get_by_role("link", name="Kinship care practice", exact=True))
    press_and_navigate(page)
    assert page.url.endswith(f"/communities/{community.slug}/")

    # Pressing Join without ticking the box: the error, and focus stays in the panel.
    tab_to(page, re_button(page, "Join"))
    press_for_htmx(page, "/join/")
    assert_focus_kept(page, "join refused")
    assert page.locator("#membership-panel .govuk-error-message").count()
    # Focus is on the field in error, whose description is the error message.
    assert page.evaluate("document.activeElement.id") == "id_accept_rules"

    # Tick the box with Space, then Join.
    tab_to(page, page.get_by_label("I have read the group rules and agree to follow them"))
    page.keyboard.press("Space")
    assert page.get_by_label("I have read the group rules and agree to follow them").is_checked()
    tab_to(page, re_button(page, "Join"))
    watch_live_region(page, "#membership-status")
    press_for_htmx(page, "/join/")
    assert_focus_kept(page, "joined")
    assert page.evaluate(
        "document.getElementById('membership-panel').contains(document.activeElement)"
    )
    assert_announced(page, "Welcome to Kinship care practice.")
    membership = CommunityMembership.objects.get(community=community, user=person)
    assert membership.status == MembershipStatus.ACTIVE

    # The Leave button is reachable from where focus now is.
    tab_to(page, re_button(page, "Leave"))
    assert_accessible(page)


def re_button(page, name):
    """A button whose accessible name starts with ``name`` (the rest is visually hidden
    context, like the community's name)."""
    return page.get_by_role("button", name=re.compile(rf"^{re.escape(name)}\b"))


# --- 3. Post in a community ------------------------------------------------------------


def test_start_a_thread_and_reply_with_the_keyboard(signed_in_page, assert_accessible):
    from practice_commons.discussions import services as discussions
    from practice_commons.discussions.models import Post, Thread

    place = make_community(name="Early help practice")
    author = add_member(place, UserFactory(full_name="Ari Author"))
    discussions.thread_create(
        actor=author,
        community=place,
        kind="problem_solving",
        title="Chronology templates that work across agencies",
        body="What do you use?",
    )
    page = signed_in_page(author)
    page.goto(f"/communities/{place.slug}/threads/")
    tab_to(page, "Start a thread")
    press_and_navigate(page)

    # The first kind takes focus in its radio group; the arrow keys move the choice.
    tab_to(page, page.get_by_label("Problem solving", exact=True))
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Request for information", exact=True).is_checked()
    page.keyboard.press("ArrowUp")
    assert page.get_by_label("Problem solving", exact=True).is_checked()
    tab_to(page, "Continue")
    press_and_navigate(page)

    # Typing the title asks for existing answers (htmx) without taking focus away.
    tab_to(page, page.get_by_label("Title", exact=True))
    watch_live_region(page, "#thread-suggestions")
    with page.expect_response(lambda r: "/search/suggest" in r.url):
        page.keyboard.type("Chronology templates")
    page.wait_for_function(HTMX_IDLE)
    assert_focus_kept(page, "suggestions")
    assert page.evaluate("document.activeElement.id") == "id_title"
    assert_announced(page, "Already answered?")
    page.keyboard.type(" for joint visits")
    type_into(page, page.get_by_label("Describe the problem"), "How do you plan joint visits?")
    tab_to(page, "Post thread")
    press_and_navigate(page)
    thread = Thread.objects.get(title="Chronology templates for joint visits")
    assert page.get_by_role("heading", level=1).inner_text() == thread.title

    # Reply (htmx): the reply appears, focus stays on the page, the status says so.
    type_into(page, page.get_by_label("Your reply"), "We agree the plan before the visit.")
    tab_to(page, "Post reply")
    watch_live_region(page, "#reply-status")
    press_for_htmx(page, "/reply/")
    assert_focus_kept(page, "reply posted")
    # Focus is on the new reply.
    assert "We agree the plan" in page.evaluate("document.activeElement.textContent")
    assert page.evaluate("document.activeElement.tagName") == "ARTICLE"
    assert_announced(page, "Your reply has been posted.")
    assert Post.objects.filter(thread=thread, body="We agree the plan before the visit.").exists()
    page.locator("#posts article", has_text="We agree the plan").wait_for()
    assert_accessible(page)


# --- 4. Register for an event ----------------------------------------------------------


def test_register_for_an_event_with_the_keyboard(programme, signed_in_page, assert_accessible):
    from practice_commons.events.models import Registration

    event = programme["event"]
    person = UserFactory(full_name="Rae Register")
    page = signed_in_page(person)
    page.goto("/events/")
    tab_to(page, page.get_by_role("link", name="Recognising neglect together"))
    press_and_navigate(page)
    tab_to(page, page.get_by_role("button", name="Register", exact=True))
    press_and_navigate(page)
    assert page.get_by_text("Your place is confirmed").is_visible()
    registration = Registration.objects.get(event=event, user=person)
    assert registration.status == "confirmed"
    assert_accessible(page)


# --- 5. Run a reflective session -------------------------------------------------------


def test_facilitator_runs_a_reflective_session_with_the_keyboard(signed_in_page, assert_accessible):
    from practice_commons.events.models import Registration
    from practice_commons.reflection import services as reflection

    group = make_community(
        name="Decision-making set", visibility="private", joining_policy="invitation"
    )
    facilitator = add_member(group, UserFactory(full_name="Fay Facilitator"), role="facilitator")
    people = [
        add_member(group, UserFactory(full_name=name))
        for name in ("Pat Presenter", "Ben Baker", "Dee Dolan")
    ]
    start = (timezone.now() + timedelta(minutes=30)).replace(second=0, microsecond=0)
    session = reflection.session_schedule(
        actor=facilitator,
        community=group,
        title="Reflective set",
        theme="Deciding under pressure",
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        online_url="https://meet.example.org/set",
    )
    for person in people:
        reflection.session_book(actor=person, session=session)
        reflection.rules_confirm(actor=person, session=session)

    page = signed_in_page(facilitator)
    page.goto(f"/reflection/sessions/{session.pk}/")
    tab_to(page, "Open the session")
    press_and_navigate(page)
    assert page.url.endswith(f"/reflection/sessions/{session.pk}/live/")
    for person in people:
        reflection.session_join(actor=person, session=session)

    def control(step, announcement):
        """Press the focused control of the live view (htmx): focus stays on the page,
        and the status region that was there before says what happened."""
        watch_live_region(page, "#live-announcer")
        press_for_htmx(page, "/control/")
        assert_focus_kept(page, step)
        assert_announced(page, announcement)

    # Choose the presenter: type-ahead in the select, then its button.
    tab_to(page, page.get_by_label("Presenter (optional)"))
    page.keyboard.type("Pat")
    tab_to(page, "Choose the presenter")
    control("presenter chosen", "Pat Presenter is presenting.")

    # Through the stages: the stage control offers the next stage first, and keeps focus.
    def next_stage(label):
        tab_to(page, "Go to this stage")
        control(f"stage {label}", f"The session is now at: {label}.")

    next_stage("The presenter's account")
    next_stage("Reflection rounds")
    # Each person reflects in turn; the presenter listens. The turn button stays where
    # it is (and keeps focus) as its label changes.
    tab_to(page, "Start the next turn", key="Shift+Tab")
    control("first turn", "Now speaking: Ben Baker.")
    tab_to(page, "Next person", max_presses=0)
    control("second turn", "Now speaking: Dee Dolan.")
    tab_to(page, "Next person", max_presses=0)
    control("round over", "Everyone in the session has had their turn in this round.")
    for label in ("The presenter's summary", "Action commitments", "Check-out"):
        next_stage(label)

    # Closing the session takes the facilitator to the attendance page.
    tab_to(page, "Close the session", key="Shift+Tab")
    press_and_navigate(page)
    assert page.url.endswith(f"/reflection/sessions/{session.pk}/attendance/")
    tab_to(page, page.get_by_role("button", name="Record attendance"))
    press_and_navigate(page)
    page.get_by_text("Attendance is recorded").wait_for()
    session.refresh_from_db()
    assert session.stage == "closed"
    attended = Registration.objects.filter(event_id=session.event_id, attended_at__isnull=False)
    assert attended.count() == len(people)
    assert_accessible(page)


# --- 6. Record CPD ---------------------------------------------------------------------


def test_record_cpd_with_the_keyboard(signed_in_page, assert_accessible):
    from practice_commons.cpd.models import CpdRecord

    person = UserFactory(full_name="Cass Learner")
    page = signed_in_page(person)
    page.goto("/cpd/")
    tab_to(page, page.get_by_role("link", name=re.compile("^Add a (CPD )?record")).first)
    press_and_navigate(page)
    type_into(page, page.get_by_label("Title", exact=True), "Reading on adolescent neglect")
    # Tab enters the radio group on its chosen answer; the arrow keys change it.
    tab_to(page, "css=input[name=activity_type]")
    arrow_to(page, page.get_by_label("Reading", exact=True), "ArrowUp")
    type_into(page, page.get_by_label("Date", exact=True), "03032026")
    type_into(page, page.get_by_label("Hours"), "1.5")
    type_into(
        page,
        page.get_by_label("What? What you did and why it is relevant"),
        "Read a review of neglect in adolescence.",
    )
    tab_to(page, page.get_by_label("I discussed this learning with a peer"))
    page.keyboard.press("Space")
    tab_to(page, "Save as a draft")
    press_and_navigate(page)
    record = CpdRecord.objects.get(user=person)
    assert record.title == "Reading on adolescent neglect"
    assert record.activity_type == "reading"
    assert str(record.date) == "2026-03-03"
    assert record.peer_reflection
    assert_accessible(page)


# --- 7. Wellbeing check-in -------------------------------------------------------------


def test_wellbeing_check_in_with_the_keyboard(signed_in_page, assert_accessible):
    from practice_commons.wellbeing.models import Kind, Response
    from practice_commons.wellbeing.pseudonym import subject_key

    person = UserFactory(full_name="Wren Wellbeing")
    page = signed_in_page(person)
    page.goto("/wellbeing/")
    tab_to(page, page.get_by_role("link", name="Check in now").first)
    press_and_navigate(page)
    # Each question is a radio group: Tab reaches its first answer, arrows choose.
    tab_to(page, page.get_by_label("Very badly", exact=True))
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.get_by_label("Quite well", exact=True).is_checked()
    tab_to(page, page.get_by_label("Not at all manageable", exact=True))
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Hard to manage", exact=True).is_checked()
    tab_to(page, page.get_by_label("Not at all supported", exact=True))
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.get_by_label("Well supported", exact=True).is_checked()
    # Shift+Tab goes back through the groups to each chosen answer (and, with Shift held
    # for another key, does not count towards the three Shift presses of Exit this page).
    tab_to(page, page.get_by_label("Quite well", exact=True), key="Shift+Tab", max_presses=3)
    tab_to(page, "Save my check-in")
    press_and_navigate(page)
    page.get_by_role("heading", name="Thank you for checking in").wait_for()
    answers = Response.objects.filter(subject=subject_key(person.pk), kind=Kind.CHECKIN)
    assert answers.count() == 1
    assert answers.get().scores["feeling"] == 4
    assert_accessible(page)
