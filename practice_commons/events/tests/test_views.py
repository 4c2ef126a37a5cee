import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from practice_commons.accounts.models import HostMembership
from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
from practice_commons.communities.tests.factories import add_member
from practice_commons.confidentiality.testing import assert_form_view_guarded
from practice_commons.core.testing import html_contains
from practice_commons.events import services
from practice_commons.events.models import Event, EventStatus, Registration, Series

from .conftest import event_data, invitation_token, past_event

pytestmark = pytest.mark.django_db


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Listing, filters, calendar, query budgets ---------------------------------------------
def test_list_shows_upcoming_published_events_with_filters(
    make_event, client_for, professions, community, facilitator_of
):
    make_event(title="Joint neglect training", professions=[professions["teacher"]])
    make_event(
        title="Online forum",
        kind="practitioners_forum",
        format="online",
        venue="",
        address="",
        nation="",
    )
    make_event(title="Draft thing", publish=False)
    in_community = services.event_create(
        actor=facilitator_of(community),
        publish=True,
        data=event_data(
            title="Community meeting",
            kind="community_meeting",
            community=community,
            nation="scotland",
        ),
    )
    client = client_for(UserFactory())
    html = page(client.get(reverse("events:list")))
    assert "Joint neglect training" in html and "Online forum" in html
    assert "Draft thing" not in html

    def titles(**query):
        return page(client.get(reverse("events:list"), query))

    assert "Online forum" not in titles(kind="joint_training")
    assert "Joint neglect training" in titles(kind="joint_training")
    by_teacher = titles(profession=professions["teacher"].pk)
    assert "Joint neglect training" in by_teacher and "Online forum" in by_teacher  # open to all
    assert "Joint neglect training" not in titles(profession=professions["health"].pk)
    assert "Community meeting" in titles(nation="scotland")
    assert "Joint neglect training" not in titles(nation="scotland")
    online = titles(format="online")
    assert "Online forum" in online and "Joint neglect training" not in online
    assert "Online forum" not in titles(format="in_person")
    only = titles(community=community.slug)
    assert in_community.title in only and "Online forum" not in only


def test_private_community_events_are_listed_only_to_members(
    private_community, facilitator_of, client_for
):
    facilitator = facilitator_of(private_community)
    event = services.event_create(
        actor=facilitator,
        publish=True,
        data=event_data(title="Secret set", community=private_community),
    )
    outsider = UserFactory()
    assert "Secret set" not in page(client_for(outsider).get(reverse("events:list")))
    assert client_for(outsider).get(event.get_absolute_url()).status_code == 404
    assert client_for(None).get(event.get_absolute_url()).status_code == 404
    assert client_for(outsider).get(reverse("events:ics", args=[event.pk])).status_code == 404
    member = add_member(private_community)
    assert "Secret set" in page(client_for(member).get(reverse("events:list")))
    assert "Secret set" in page(client_for(member).get(event.get_absolute_url()))


def _many_events(make_event, n, people, professions):
    others = people(3)
    for i in range(n):
        event = make_event(
            title=f"Event {i}",
            capacity=5,
            professions=[professions["social"], professions["teacher"]],
        )
        for person in others[: i % 3 + 1]:
            services.registration_create(actor=person, event=event)


def _count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # One request first: Django caches content types per process, so the very first page a
    # worker serves reads one more row than every page after it.
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["list", "month"])
def test_list_and_calendar_cost_a_fixed_number_of_queries(
    url_name, make_event, people, professions, client_for, django_assert_max_num_queries
):
    viewer = UserFactory()
    client = client_for(viewer)
    now = timezone.localtime()
    url = (
        reverse("events:list")
        if url_name == "list"
        else reverse("events:month", args=[now.year, now.month])
    )
    # Events start a week from now; the month page shows the month they fall in.
    if url_name == "month":
        when = timezone.localtime(timezone.now() + timedelta(days=7))
        url = reverse("events:month", args=[when.year, when.month])
    _many_events(make_event, 3, people, professions)
    small = _count_queries(client, url, django_assert_max_num_queries)
    _many_events(make_event, 15, people, professions)
    large = _count_queries(client, url, django_assert_max_num_queries)
    assert small == large, (small, large)
    with django_assert_max_num_queries(12):
        client.get(url)
    html = page(client.get(url))
    # Every event starts the same day: the list shows them all, the grid four and "more".
    assert ("Event 14" in html) if url_name == "list" else ("14 more" in html)


def test_month_calendar_places_events_on_london_days(make_event, client_for, organiser):
    event = make_event(title="Late evening")
    local = timezone.localtime(event.starts_at)
    cancelled = make_event(title="Called off")
    services.event_cancel(actor=organiser, event=cancelled)
    html = page(client_for(None).get(reverse("events:month", args=[local.year, local.month])))
    assert "Late evening" in html and "Called off" in html and "Cancelled" in html
    assert client_for(None).get(reverse("events:month", args=[2020, 13])).status_code == 404


# --- Event page: what each role sees -------------------------------------------------------
def test_online_link_only_for_confirmed_attendees(make_event, client_for, people, organiser):
    event = make_event(
        format="online",
        venue="",
        address="",
        capacity=1,
        online_url="https://meet.example.org/secret-room",
    )
    first, second = people(2)
    services.registration_create(actor=first, event=event)
    services.registration_create(actor=second, event=event)
    assert "secret-room" not in page(client_for(None).get(event.get_absolute_url()))
    assert "secret-room" not in page(client_for(second).get(event.get_absolute_url()))
    assert "secret-room" in page(client_for(first).get(event.get_absolute_url()))
    assert "secret-room" in page(client_for(organiser).get(event.get_absolute_url()))


def test_attendees_see_counts_unless_the_organiser_shows_names(
    make_event, client_for, people, organiser
):
    event = make_event()
    alice = UserFactory(full_name="Alice Attendee")
    bob = UserFactory(full_name="Bob Booker")
    services.registration_create(actor=alice, event=event)
    services.registration_create(actor=bob, event=event)
    html = page(client_for(bob).get(event.get_absolute_url()))
    assert "2 of 20 taken" in html and "Alice Attendee" not in html
    services.event_update(actor=organiser, event=event, data={"show_attendee_names": True})
    assert "Alice Attendee" in page(client_for(bob).get(event.get_absolute_url()))
    # Someone not going still sees only counts.
    assert "Alice Attendee" not in page(client_for(UserFactory()).get(event.get_absolute_url()))


def test_organisers_see_names_and_professions_others_are_refused(
    make_event, client_for, professions, organiser
):
    event = make_event()
    teacher = UserFactory(full_name="Tamsin Teacher", profession=professions["teacher"])
    services.registration_create(actor=teacher, event=event)
    url = reverse("events:registrations", args=[event.pk])
    html = page(client_for(organiser).get(url))
    assert "Tamsin Teacher" in html and "Teacher" in html
    assert client_for(teacher).get(url).status_code == 403
    assert client_for(UserFactory()).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302  # sign in first
    assert (
        client_for(teacher).get(reverse("events:registrations_csv", args=[event.pk])).status_code
        == 403
    )


def test_co_host_sees_and_exports_only_its_own_agency(make_event, client_for):
    police = OrganisationFactory(name="West Yorkshire Police", slug="wyp")
    event = make_event(co_hosts=[police])
    police_admin = UserFactory(organisation=police, org_role="admin")
    officer = UserFactory(organisation=police, full_name="Pat Officer")
    other = UserFactory(full_name="Sam Elsewhere")
    for person in (officer, other):
        services.registration_create(actor=person, event=event)
    client = client_for(police_admin)
    html = page(client.get(reverse("events:registrations", args=[event.pk])))
    assert "Pat Officer" in html and "Sam Elsewhere" not in html
    response = client.get(reverse("events:registrations_csv", args=[event.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Pat Officer" in body and "Sam Elsewhere" not in body
    assert body.splitlines()[0].startswith("name,profession,organisation")
    assert officer.email not in body and officer.email.split("@")[0] not in body
    # A co-host cannot take attendance.
    assert (
        client.post(reverse("events:registrations", args=[event.pk]), {"attended": []}).status_code
        == 403
    )


def test_csv_guards_against_formula_injection(make_event, client_for, organiser):
    event = make_event()
    services.registration_create(actor=UserFactory(full_name="=HYPERLINK(1)"), event=event)
    body = (
        client_for(organiser)
        .get(reverse("events:registrations_csv", args=[event.pk]))
        .content.decode()
    )
    assert "'=HYPERLINK(1)" in body


# --- Creating, editing, cancelling ---------------------------------------------------------
def _form_data(**overrides):
    start = timezone.localtime(timezone.now() + timedelta(days=10))
    data = {
        "title": "Working together on neglect",
        "description": "Joint training.",
        "kind": "joint_training",
        "date": start.date().isoformat(),
        "start_time": "09:30",
        "end_time": "12:30",
        "format": "in_person",
        "venue": "Civic Hall",
        "address": "Leeds",
        "nation": "england",
        "capacity": "20",
        "audience": "signed_in",
        "cpd_hours": "3",
        "offer_hours": "24",
    }
    data.update(overrides)
    return data


def test_create_page_permissions_and_publish(client_for, organiser, host_org, member):
    assert client_for(member).get(reverse("events:create")).status_code == 403
    client = client_for(organiser)
    page(client.get(reverse("events:create")))
    response = client.post(
        reverse("events:create"), {**_form_data(organisation=host_org.pk), "publish": "1"}
    )
    event = Event.objects.get(title="Working together on neglect")
    assert response.status_code == 302 and response.url == event.get_absolute_url()
    assert event.status == EventStatus.PUBLISHED
    local = timezone.localtime(event.starts_at)
    assert (local.hour, local.minute) == (9, 30)
    client.post(
        reverse("events:create"),
        {**_form_data(organisation=host_org.pk, title="A draft"), "draft": "1"},
    )
    assert Event.objects.get(title="A draft").status == EventStatus.DRAFT


def test_create_form_is_guarded(client_for, organiser, host_org):
    client = client_for(organiser)
    assert_form_view_guarded(
        client,
        reverse("events:create"),
        {**_form_data(organisation=host_org.pk), "publish": "1"},
        "description",
        model=Event,
    )


def test_create_form_shows_errors(client_for, organiser, host_org):
    html = page(
        client_for(organiser).post(
            reverse("events:create"), _form_data(organisation=host_org.pk, end_time="08:00")
        )
    )
    assert "The end must be after the start" in html


def test_edit_and_cancel_pages(make_event, client_for, organiser, member):
    event = make_event()
    client = client_for(organiser)
    page(client.get(reverse("events:edit", args=[event.pk])))
    local = timezone.localtime(event.starts_at)
    response = client.post(
        reverse("events:edit", args=[event.pk]),
        _form_data(
            organisation=event.organisation_id, title="Renamed", date=local.date().isoformat()
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Renamed"
    assert client_for(member).get(reverse("events:edit", args=[event.pk])).status_code == 404
    client = client_for(organiser)
    page(client.get(reverse("events:cancel", args=[event.pk])))
    client.post(reverse("events:cancel", args=[event.pk]), {"reason": "Room unavailable."})
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED


def test_draft_is_visible_to_organisers_only_and_can_be_published(
    make_event, client_for, organiser, member
):
    event = make_event(publish=False)
    assert client_for(member).get(event.get_absolute_url()).status_code == 404
    assert "This is a draft" in page(client_for(organiser).get(event.get_absolute_url()))
    client_for(organiser).post(reverse("events:publish", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


# --- Registering through the pages ---------------------------------------------------------
def test_register_waitlist_and_cancel_pages(make_event, client_for, people):
    event = make_event(capacity=1)
    first, second = people(2)
    client = client_for(first)
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assert "Your place is confirmed" in page(response)
    client = client_for(second)
    html = page(client.post(reverse("events:register", args=[event.pk]), follow=True))
    assert "waiting list" in html and "number 1" in html
    client = client_for(first)
    client.post(reverse("events:unregister", args=[event.pk]))
    client = client_for(second)
    html = page(client.get(event.get_absolute_url()))
    assert "Confirm my place" in html
    html = page(client.post(reverse("events:confirm_place", args=[event.pk]), follow=True))
    assert "Your place is confirmed" in html
    assert client.get(reverse("events:register", args=[event.pk])).status_code == 405


def test_trial_refusal_invites_them_to_become_a_member(make_event, client_for):
    first = make_event(audience="members", trial_allowed=True)
    second = make_event(audience="members", trial_allowed=True)
    person = UserFactory(host_membership=HostMembership.NON_MEMBER)
    client = client_for(person)
    client.post(reverse("events:register", args=[first.pk]))
    html = page(client.post(reverse("events:register", args=[second.pk]), follow=True))
    assert "one trial" in html and "Become a member" in html


def test_visitor_is_asked_to_sign_in(event, client_for):
    html = page(client_for(None).get(event.get_absolute_url()))
    assert "Sign in" in html and "create an account" in html
    response = client_for(None).post(reverse("events:register", args=[event.pk]))
    assert response.status_code == 302 and "login" in response.url


# --- Invitations ---------------------------------------------------------------------------
def test_invite_page_and_invitation_landing(
    make_event, client_for, organiser, community, facilitator_of, django_capture_on_commit_callbacks
):
    event = make_event(audience="invitation")
    client = client_for(organiser)
    page(client.get(reverse("events:invite", args=[event.pk])))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:invite", args=[event.pk]),
            {"emails": "guest@example.org, other@example.org", "message": "Join us."},
        )
    [email] = [m for m in mail.outbox if m.to == ["guest@example.org"]]
    link = re.search(r"/events/invitations/[A-Za-z0-9_-]+/", email.body).group(0)
    token = link.split("/")[-2]
    # A visitor with the link sees the event and who invites them.
    html = page(client_for(None).get(link))
    assert event.title in html and "create an account" in html
    guest = UserFactory(email="guest@example.org")
    client = client_for(guest)
    html = page(client.get(link))
    assert "Accept and register" in html
    client.post(reverse("events:register", args=[event.pk]), {"invitation": token})
    assert Registration.objects.get(event=event, user=guest).status == "confirmed"
    assert client_for(None).get(link).status_code == 404, "a used link is spent"
    assert client_for(None).get(reverse("events:invitation", args=["bad"])).status_code == 404


def test_invitation_shows_the_inviting_community(community, facilitator_of, client_for):
    facilitator = facilitator_of(community)
    event = services.event_create(
        actor=facilitator, publish=True, data=event_data(community=community)
    )
    [invitation] = services.invitation_create(
        actor=facilitator, event=event, emails=["someone@example.org"]
    )
    link = reverse("events:invitation", args=[invitation_token(invitation)])
    html = page(client_for(None).get(link))
    assert f"{community.name} invites you" in html


# --- Attendance, check-in, feedback, certificate -------------------------------------------
def test_attendance_list_ticket_and_qr_check_in(
    make_event, client_for, organiser, people, django_capture_on_commit_callbacks
):
    event = make_event()
    a, b = people(2)
    reg_a = services.registration_create(actor=a, event=event)
    reg_b = services.registration_create(actor=b, event=event)
    html = page(client_for(a).get(reverse("events:ticket", args=[event.pk])))
    assert "<svg" in html and 'role="img"' in html and reg_a.checkin_code in html
    past_event(event)
    client = client_for(organiser)
    page(client.get(reverse("events:check_in", args=[event.pk])))
    response = client.post(
        reverse("events:check_in", args=[event.pk]),
        {"code": f"https://x.example/events/{event.pk}/check-in/{reg_a.checkin_code}/"},
    )
    assert response.status_code == 302
    html = page(client.get(response.url))
    assert html_contains(html, a.display_name)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url)
    reg_a.refresh_from_db()
    assert reg_a.attended_at is not None
    # The list: tick b, untick a.
    client.post(
        reverse("events:registrations", args=[event.pk]),
        {"attended": [reg_b.pk], "shown": [reg_a.pk, reg_b.pk]},
    )
    reg_a.refresh_from_db()
    reg_b.refresh_from_db()
    assert reg_a.attended_at is None and reg_b.attended_at is not None
    assert client_for(a).get(reverse("events:check_in", args=[event.pk])).status_code == 403


def test_certificate_pdf_and_feedback_after_attendance(make_event, client_for, organiser):
    event = make_event(title="Recognising neglect: joint training", cpd_hours="3.5")
    person = UserFactory(full_name="Siân Ŵyn Jones")
    registration = services.registration_create(actor=person, event=event)
    client = client_for(person)
    assert client.get(reverse("events:certificate", args=[event.pk])).status_code == 404
    past_event(event)
    services.attendance_mark(actor=organiser, event=event, registration_ids=[registration.pk])
    response = client.get(reverse("events:certificate", args=[event.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for expected in (
        "Certificate of attendance",
        "Recognising neglect: joint training",
        "3.5 hours",
        event.organisation.name,
        "Siân",
    ):
        assert expected in text, (expected, text)

    page(client.get(reverse("events:feedback", args=[event.pk])))
    client.post(
        reverse("events:feedback", args=[event.pk]),
        {"rating": "5", "learnt": "Each agency's thresholds."},
    )
    registration.refresh_from_db()
    assert registration.feedback.rating == 5
    html = page(client_for(organiser).get(reverse("events:registrations", args=[event.pk])))
    assert "Each agency&#x27;s thresholds." in html or "Each agency's thresholds." in html


def test_feedback_form_is_guarded(make_event, client_for, organiser):
    from practice_commons.events.models import Feedback

    event = make_event()
    person = UserFactory()
    registration = services.registration_create(actor=person, event=event)
    past_event(event)
    services.attendance_mark(actor=organiser, event=event, registration_ids=[registration.pk])
    assert_form_view_guarded(
        client_for(person),
        reverse("events:feedback", args=[event.pk]),
        {"rating": "4"},
        "learnt",
        model=Feedback,
    )


def test_my_events_page(make_event, client_for, organiser):
    coming = make_event(title="Coming soon")
    done = make_event(title="Already happened")
    person = UserFactory()
    services.registration_create(actor=person, event=coming)
    registration = services.registration_create(actor=person, event=done)
    Event.objects.filter(pk=done.pk).update(
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3, hours=-2),
    )
    services.attendance_mark(
        actor=organiser, event=Event.objects.get(pk=done.pk), registration_ids=[registration.pk]
    )
    html = page(client_for(person).get(reverse("events:mine")))
    assert "Coming soon" in html and "Already happened" in html and "certificate" in html
    assert "Coming soon" in page(client_for(organiser).get(reverse("events:mine")))


# --- Series pages --------------------------------------------------------------------------
def test_series_pages(client_for, organiser, host_org, people):
    client = client_for(organiser)
    page(client.get(reverse("events:series_create")))
    start = timezone.localdate() + timedelta(days=14)
    data = {
        **_form_data(organisation=host_org.pk, title="Forum"),
        "start_date": start.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "frequency": "monthly",
        "interval": "2",
        "ordinal": "1",
        "count": "4",
        "publish": "1",
    }
    response = client.post(reverse("events:series_create"), data)
    series = Series.objects.get(title="Forum")
    assert response.status_code == 302 and response.url == series.get_absolute_url()
    assert series.rule.startswith("FREQ=MONTHLY;INTERVAL=2;COUNT=4;BYDAY=+1")
    events = list(series.occurrences.order_by("starts_at"))
    assert len(events) == 4
    html = page(client.get(series.get_absolute_url()))
    assert "Every 2 months on the first" in html
    person = people(1)[0]
    client = client_for(person)
    client.post(reverse("events:series_register", args=[series.pk]))
    assert Registration.objects.filter(user=person, series=series).count() == 4
    client = client_for(organiser)
    page(client.get(reverse("events:series_edit", args=[series.pk])))
    client.post(reverse("events:series_skip", args=[series.pk, events[1].pk]))
    events[1].refresh_from_db()
    assert events[1].status == EventStatus.CANCELLED
    html = page(client.get(events[0].get_absolute_url()))
    assert "All dates in the series" in html


# --- Community page panel ------------------------------------------------------------------
def test_community_page_shows_upcoming_events(community, facilitator_of, client_for):
    facilitator = facilitator_of(community)
    services.event_create(
        actor=facilitator,
        publish=True,
        data=event_data(title="Our next meeting", community=community),
    )
    html = page(client_for(UserFactory()).get(community.get_absolute_url()))
    assert "Upcoming events and sessions" in html and "Our next meeting" in html
    html = page(client_for(facilitator).get(community.get_absolute_url()))
    assert "Create an event for this community" in html


# --- Role matrix ---------------------------------------------------------------------------
ROLES = (
    "visitor",
    "practitioner",
    "non_member",
    "other_org_admin",
    "co_host",
    "host_admin",
    "organiser",
)


@pytest.fixture
def cast(organiser, host_admin):
    police = OrganisationFactory(name="Police force", slug="police-force")
    return {
        "visitor": None,
        "practitioner": UserFactory(),
        "non_member": UserFactory(host_membership=HostMembership.NON_MEMBER),
        "other_org_admin": UserFactory(org_role="admin"),
        "co_host": UserFactory(organisation=police, org_role="admin"),
        "host_admin": host_admin,
        "organiser": organiser,
    }


@pytest.mark.parametrize("role", ROLES)
def test_pages_per_role(role, cast, make_event, client_for):
    police = OrganisationFactory._meta.model.objects.get(slug="police-force")
    event = make_event(co_hosts=[police])
    client = client_for(cast[role])
    expected = {
        #                  detail registrations edit create
        "visitor": (200, 302, 302, 302),
        "practitioner": (200, 403, 404, 403),
        "non_member": (200, 403, 404, 403),
        "other_org_admin": (200, 403, 404, 200),
        "co_host": (200, 200, 404, 200),
        "host_admin": (200, 200, 200, 200),
        "organiser": (200, 200, 200, 200),
    }[role]
    got = (
        client.get(event.get_absolute_url()).status_code,
        client.get(reverse("events:registrations", args=[event.pk])).status_code,
        client.get(reverse("events:edit", args=[event.pk])).status_code,
        client.get(reverse("events:create")).status_code,
    )
    assert got == expected
    # The public feed is the visitors' one, whoever asks.
    feed = client.get(reverse("events:atom_feed"))
    assert feed.status_code == 200 and event.title in feed.content.decode()


def test_month_grid_shows_a_few_a_day_and_links_to_the_rest(make_event, client_for):
    for i in range(6):
        make_event(title=f"Busy day {i}")
    when = timezone.localtime(timezone.now() + timedelta(days=7))
    html = page(client_for(None).get(reverse("events:month", args=[when.year, when.month])))
    assert "2 more" in html and f"?from={when.date().isoformat()}" in html
    html = page(client_for(None).get(reverse("events:list"), {"from": when.date().isoformat()}))
    assert "Busy day 5" in html and "Events from" in html
