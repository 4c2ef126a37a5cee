"""A session's own page says, for each person, whether they can book and, when they
cannot, why and what to do next; a community's sessions are found from its list; and the
trail above each page leads back through the community."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.events.models import Event
from practice_commons.reflection import selectors, services
from practice_commons.reflection.models import ReflectiveSession

pytestmark = pytest.mark.django_db

BOOK = ">Book a place</button>"
BECOME_MEMBER = reverse("accounts:profile") + "#host-membership"


def html_of(client, user, session) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("reflection:detail", args=[session.pk]))
    assert response.status_code == 200
    return response.content.decode()


def booking_panel(html: str) -> str:
    start = html.index('id="booking"')
    return html[start : html.index("</div>", start)]


def test_member_sees_the_book_button_and_what_comes_next(client, session, member_of):
    html = html_of(client, member_of("Mia Member"), session)
    assert BOOK in html
    assert "confirm the group rules before the session opens" in html


def test_member_books_from_the_page(client, session, member_of):
    member = member_of("Mia Member")
    client.force_login(member)
    response = client.post(reverse("reflection:book", args=[session.pk]), follow=True)
    assert "You have a place" in response.content.decode()
    assert selectors.has_place(member, session)


def test_non_member_without_a_trial_is_told_to_join_with_a_link(client, session, outsider):
    html = html_of(client, outsider, session)
    panel = booking_panel(html)
    assert "You cannot book this session." in panel
    assert "are for its members" in panel
    assert reverse("communities:join", args=[session.community.slug]) in panel
    assert BOOK not in html


def test_non_member_may_book_the_trial_and_is_told_it_is_the_one(client, make_session, outsider):
    session = make_session(trial_allowed=True)
    html = html_of(client, outsider, session)
    assert "this would be your one trial session" in html and BOOK in html
    assert reverse("communities:join", args=[session.community.slug]) in html


def test_non_member_whose_trial_is_used_is_told_so(client, make_session, outsider):
    first = make_session(trial_allowed=True, title="First session")
    services.session_book(actor=outsider, session=first)
    second = make_session(trial_allowed=True, in_minutes=60 * 24, title="Second session")
    html = html_of(client, outsider, second)
    panel = booking_panel(html)
    assert "already had your trial session" in panel
    assert reverse("communities:join", args=[second.community.slug]) in panel
    assert BOOK not in html


def test_host_members_only_session_links_to_becoming_a_member(
    client, make_session, member_of, non_host_member, community
):
    from practice_commons.communities.tests.factories import add_member

    session = make_session(audience="members")
    add_member(community, non_host_member)
    html = html_of(client, non_host_member, session)
    panel = booking_panel(html)
    assert "for members of" in panel and BECOME_MEMBER in panel
    assert BOOK not in html


def test_full_session_offers_the_waiting_list(client, make_session, member_of):
    session = make_session(capacity=2)
    services.session_book(actor=member_of("First In"), session=session)
    services.session_book(actor=member_of("Second In"), session=session)
    html = html_of(client, member_of("Late Comer"), session)
    assert "places are taken: you would join the waiting list" in html
    assert "Join the waiting list</button>" in html


def test_already_booked_sees_their_place_and_the_rules_to_confirm(client, session, member_of):
    member = member_of("Mia Member")
    services.session_book(actor=member, session=session)
    html = html_of(client, member, session)
    assert "You have a place" in html and BOOK not in html
    assert reverse("reflection:rules", args=[session.pk]) in html


def test_open_session_says_rules_come_before_joining(client, session, member_of, facilitator):
    member = member_of("Mia Member")
    services.session_book(actor=member, session=session)
    services.session_open(actor=facilitator, session=session)
    html = html_of(client, member, session)
    assert "You can join it once you have" in html
    assert reverse("reflection:rules", args=[session.pk]) in html
    assert "Join the session</button>" not in html


@pytest.mark.parametrize("state", ["started", "closed", "cancelled"])
def test_a_session_that_cannot_be_booked_says_why_and_where_to_look(
    client, session, member_of, facilitator, state
):
    if state == "started":
        services.session_open(actor=facilitator, session=session)
        expected = "This session has started, so booking is closed."
    elif state == "closed":
        ReflectiveSession.objects.filter(pk=session.pk).update(stage="closed")
        expected = "This session has ended, so it cannot be booked."
    else:
        Event.objects.filter(pk=session.event_id).update(status="cancelled")
        expected = "This session has been cancelled, so it cannot be booked."
    session.refresh_from_db()
    panel = booking_panel(html_of(client, member_of("Mia Member"), session))
    assert expected in panel
    assert reverse("reflection:community", args=[session.community.slug]) in panel


def test_visitor_is_asked_to_sign_in_and_shown_the_rule(client, community, make_session):
    community.visibility = "public"
    community.save(update_fields=["visibility"])
    session = make_session()
    panel = booking_panel(html_of(client, None, session))
    assert "Sign in" in panel and "Who may book" in panel


def test_facilitator_sees_no_booking_panel(client, session, facilitator):
    html = html_of(client, facilitator, session)
    assert "You facilitate this session" in html and 'id="booking"' not in html


def test_private_set_session_stays_hidden_from_outsiders(client, make_session, facilitator):
    from practice_commons.communities.models import Role
    from practice_commons.communities.tests.factories import add_member, make_community

    private = make_community(name="Private set", visibility="private", joining_policy="invitation")
    add_member(private, facilitator, role=Role.FACILITATOR)
    session = make_session(community=private)
    client.force_login(UserFactory())
    assert client.get(reverse("reflection:detail", args=[session.pk])).status_code == 404
    assert client.get(reverse("reflection:community", args=[private.slug])).status_code == 404


def test_trail_leads_back_through_the_community(client, session, member_of):
    html = html_of(client, member_of("Mia Member"), session)
    start = html.index('class="govuk-breadcrumbs"')
    trail = html[start : html.index("</nav>", start)]
    for href in (
        reverse("communities:directory"),
        session.community.get_absolute_url(),
        reverse("reflection:community", args=[session.community.slug]),
    ):
        assert f'href="{href}"' in trail
    assert "Reflective sessions" in trail and session.event.title in trail


def test_community_sessions_list_links_to_each_session(client, make_session, member_of):
    sessions = [make_session(in_minutes=60 * (i + 2), title=f"Session {i}") for i in range(3)]
    client.force_login(member_of("Mia Member"))
    html = client.get(reverse("reflection:community", args=[sessions[0].community.slug]))
    html = html.content.decode()
    for s in sessions:
        assert reverse("reflection:detail", args=[s.pk]) in html


def test_session_page_cost_does_not_grow_with_places(
    client, make_session, member_of, outsider, django_assert_max_num_queries
):
    session = make_session(capacity=30, trial_allowed=True)

    def count(user):
        client.force_login(user)
        url = reverse("reflection:detail", args=[session.pk])
        client.get(url)  # warm caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    for _i in range(2):
        services.session_book(actor=member_of(), session=session)
    small = {who: count(who) for who in (outsider,)}
    for _i in range(15):
        services.session_book(actor=member_of(), session=session)
    assert {who: count(who) for who in (outsider,)} == small
    client.force_login(outsider)
    with django_assert_max_num_queries(small[outsider]):
        client.get(reverse("reflection:detail", args=[session.pk]))
