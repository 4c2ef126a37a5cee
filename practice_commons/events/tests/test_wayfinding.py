"""Before anyone presses Register: who may come (one policy for the page, the list and
the registration service), trials, how to become a member; and a recurring series once
in the list with its rule and dates."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.models import HostMembership
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.tests.factories import add_member
from practice_commons.events import policies, services
from practice_commons.events.models import Registration
from practice_commons.events.services import RegistrationRefused

from .conftest import event_data

pytestmark = pytest.mark.django_db

BECOME_MEMBER = reverse("accounts:profile") + "#host-membership"


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def non_member(**fields):
    return UserFactory(host_membership=HostMembership.NON_MEMBER, **fields)


def host_member(**fields):
    return UserFactory(host_membership=HostMembership.MEMBER, **fields)


# --- The policy, and the service agreeing with it ------------------------------------------
def _register(person, event):
    """What the service does: ("ok", is_trial) or ("refused", code, message)."""
    try:
        registration = services.registration_create(actor=person, event=event)
    except RegistrationRefused as refusal:
        return ("refused", refusal.code, refusal.messages[0])
    return ("ok", registration.is_trial)


def _expected(outlook):
    if outlook.allowed:
        return ("ok", outlook.is_trial)
    return ("refused", outlook.code, outlook.message)


@pytest.mark.parametrize(
    ("who", "audience", "trial_allowed", "used_trial", "expected_code", "is_trial"),
    [
        ("host member", "members", False, False, "", False),
        ("non-member", "members", False, False, "members_only", False),
        ("non-member", "members", True, False, "", True),
        ("non-member", "members", True, True, "trial_used", False),
        ("community member", "community", False, False, "", False),
        ("outsider", "community", False, False, "community_only", False),
        ("outsider", "community", True, False, "", True),
        ("outsider", "community", True, True, "trial_used", False),
        ("non-member", "invitation", False, False, "invitation_required", False),
        ("organiser", "members", False, False, "", False),
    ],
)
def test_page_and_service_give_the_same_answer(
    who,
    audience,
    trial_allowed,
    used_trial,
    expected_code,
    is_trial,
    make_event,
    organiser,
    community,
    facilitator_of,
):
    extra = (
        {"community": community, "actor": facilitator_of(community)}
        if audience == "community"
        else {}
    )
    person = {
        "host member": host_member,
        "non-member": non_member,
        "community member": non_member,
        "outsider": host_member,
        "organiser": lambda: organiser,
    }[who]()
    if who == "community member":
        add_member(community, user=person)
    if used_trial:
        earlier = make_event(title="Earlier", audience=audience, trial_allowed=True, **extra)
        services.registration_create(actor=person, event=earlier)
    event = make_event(audience=audience, trial_allowed=trial_allowed, **extra)
    manager = who == "organiser"

    said = policies.outlook_for(person, event, manager=manager)

    assert said.code == expected_code and said.is_trial == is_trial
    if not said.allowed and expected_code != "invitation_required":
        assert said.next_step is not None  # a refusal about membership says what to do
    done = _register(person, event)
    assert done == _expected(said)
    if said.allowed:
        assert Registration.objects.filter(event=event, user=person, is_trial=is_trial).exists()
    else:
        assert not Registration.objects.filter(event=event, user=person).exists()


def test_next_steps_lead_to_membership_and_to_joining_the_community(
    make_event, community, facilitator_of
):
    members_only = policies.outlook_for(non_member(), make_event(audience="members"))
    assert members_only.next_step.url == BECOME_MEMBER
    community_only = policies.outlook_for(
        host_member(),
        make_event(audience="community", community=community, actor=facilitator_of(community)),
    )
    assert community_only.next_step.url == reverse("communities:join", args=[community.slug])
    assert community.name in community_only.next_step.label


def test_visitor_is_told_the_rule_not_refused(make_event):
    said = policies.outlook_for(None, make_event(audience="members", trial_allowed=True))
    assert said.code == "sign_in" and "on trial" in said.message


def test_closed_events_are_refused_with_the_same_words(make_event, organiser):
    event = make_event(audience="members")
    services.event_cancel(actor=organiser, event=event, reason="The venue flooded.")
    event.refresh_from_db()
    said = policies.outlook_for(host_member(), event)
    assert said.code == "cancelled"
    assert _register(host_member(), event) == _expected(said)


# --- The event's page ----------------------------------------------------------------------
def test_members_only_page_tells_a_non_member_before_they_register(make_event, client_for):
    event = make_event(audience="members", trial_allowed=False)
    html = page(client_for(non_member()).get(event.get_absolute_url()))
    assert 'id="registration-outlook"' in html
    assert "This event is for members of" in html
    assert f'href="{BECOME_MEMBER}"' in html
    assert ">Register</button>" not in html


def test_members_only_page_offers_the_trial_and_says_it_is_the_one(make_event, client_for):
    event = make_event(audience="members", trial_allowed=True)
    html = page(client_for(non_member()).get(event.get_absolute_url()))
    assert "Trial available" in html and "your one trial" in html
    assert "Register on trial</button>" in html
    assert f'href="{BECOME_MEMBER}"' in html


def test_members_only_page_says_the_trial_is_used(make_event, client_for):
    person = non_member()
    services.registration_create(
        actor=person, event=make_event(title="First", audience="members", trial_allowed=True)
    )
    event = make_event(audience="members", trial_allowed=True)
    html = page(client_for(person).get(event.get_absolute_url()))
    assert "Trial used" in html and "already had your one trial" in html
    assert f'href="{BECOME_MEMBER}"' in html
    assert "Register on trial</button>" not in html and ">Register</button>" not in html


def test_members_only_page_for_a_member_and_for_a_visitor(make_event, client_for):
    event = make_event(audience="members", trial_allowed=True)
    html = page(client_for(host_member()).get(event.get_absolute_url()))
    assert "You are a member of" in html and ">Register</button>" in html
    html = page(client_for(None).get(event.get_absolute_url()))
    assert "Members of" in html and "on trial" in html and "Sign in" in html


def test_community_event_page_links_an_outsider_to_joining(
    make_event, community, facilitator_of, client_for
):
    event = make_event(
        audience="community",
        community=community,
        trial_allowed=False,
        actor=facilitator_of(community),
    )
    html = page(client_for(host_member()).get(event.get_absolute_url()))
    assert reverse("communities:join", args=[community.slug]) in html
    assert f"Join {community.name}" in html


def test_full_event_says_you_would_wait(make_event, client_for):
    event = make_event(capacity=1)
    services.registration_create(actor=UserFactory(), event=event)
    html = page(client_for(UserFactory()).get(event.get_absolute_url()))
    assert "you would join the waiting list" in html and "Join the waiting list" in html


def test_detail_page_cost_does_not_grow_with_registrations(
    make_event, client_for, django_assert_max_num_queries
):
    event = make_event(audience="members", trial_allowed=True, capacity=100)
    viewer = non_member()
    client = client_for(viewer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(event.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    for person in [host_member() for _ in range(2)]:
        services.registration_create(actor=person, event=event)
    small = count()
    for person in [host_member() for _ in range(12)]:
        services.registration_create(actor=person, event=event)
    assert count() == small
    with django_assert_max_num_queries(small):
        client.get(event.get_absolute_url())


# --- The list ------------------------------------------------------------------------------
def _series(organiser, host_org, *, title="Evening forum", rule="FREQ=WEEKLY;BYDAY=WE;COUNT=5"):
    return services.series_create(
        actor=organiser,
        data=event_data(organisation=host_org, title=title),
        rule=rule,
        start_date=timezone.localdate() + timedelta(days=1),
        start_time=time(18, 0),
        end_time=time(20, 0),
        publish=True,
    )


def test_list_shows_a_series_once_with_its_rule_and_dates(organiser, host_org, client_for):
    series = _series(organiser, host_org)
    dates = list(series.occurrences.order_by("starts_at"))
    html = page(client_for(UserFactory()).get(reverse("events:list")))
    assert html.count(">Evening forum</a>") == 1
    assert "Every week on Wednesday" in html
    assert "<details" in html and "5 upcoming dates" in html
    for event in dates:
        assert event.get_absolute_url() in html
    # The one row is the next date.
    first_row = html.index(">Evening forum</a>")
    assert html.index(dates[0].get_absolute_url()) < first_row + 200


def test_list_describes_a_monthly_rule(organiser, host_org, client_for):
    _series(organiser, host_org, title="Monthly forum", rule="FREQ=MONTHLY;BYDAY=+1TU;COUNT=3")
    html = page(client_for(UserFactory()).get(reverse("events:list")))
    assert "Every month on the first Tuesday" in html
    assert html.count(">Monthly forum</a>") == 1


def test_list_says_briefly_who_may_come(make_event, client_for):
    make_event(title="Members forum", audience="members", trial_allowed=True)
    make_event(title="Members briefing", audience="members", trial_allowed=False)
    make_event(title="Open training")
    person = non_member()
    html = page(client_for(person).get(reverse("events:list")))
    assert "Trial place available to you" in html
    assert "For members: not open to you" in html
    assert html.count("pc-event-outlook") == 2  # nothing said about the open event
    html = page(client_for(host_member()).get(reverse("events:list")))
    assert html.count("Open to you") == 2


def test_list_query_budget_holds_with_series_and_members_only_events(
    make_event,
    organiser,
    host_org,
    community,
    facilitator_of,
    client_for,
    django_assert_max_num_queries,
):
    facilitator = facilitator_of(community)
    viewer = non_member()
    client = client_for(viewer)
    url = reverse("events:list")

    def add(n, start):
        for i in range(n):
            # Daily from tomorrow: each series' next date comes before the other events,
            # so every page holds series rows and members-only rows.
            _series(organiser, host_org, title=f"Series {start + i}", rule="FREQ=DAILY;COUNT=3")
            make_event(title=f"Members {start + i}", audience="members", trial_allowed=True)
            make_event(
                title=f"Community {start + i}",
                audience="community",
                community=community,
                trial_allowed=True,
                actor=facilitator,
            )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            html = page(client.get(url))
        assert "<details" in html and "Trial place available to you" in html
        return len(ctx.captured_queries)

    add(2, 0)
    client.get(url)  # warm the content-type cache
    small = count()
    add(8, 2)
    large = count()
    assert small == large, (small, large)
    with django_assert_max_num_queries(12):
        client.get(url)
