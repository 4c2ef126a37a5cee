"""What events registers with the apps below it: the community page panel, the digest
section and ``Event`` as reportable content."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.core.errors import NotFound
from practice_commons.events import digest, selectors, services
from practice_commons.events.models import Event
from practice_commons.safeguarding import services as safeguarding_services
from practice_commons.safeguarding.registry import reportable_for

from .conftest import event_data

pytestmark = pytest.mark.django_db


def _community_events(community, facilitator, n, **extra):
    return [
        services.event_create(
            actor=facilitator,
            publish=True,
            data=event_data(title=f"Meeting {i}", community=community, **extra),
        )
        for i in range(n)
    ]


def test_digest_offers_upcoming_events_in_my_communities_not_yet_registered():
    community = make_community()
    facilitator = add_member(community, role="facilitator")
    members = [add_member(community) for _ in range(3)]
    outsider = UserFactory()
    events = _community_events(community, facilitator, 2)
    services.registration_create(actor=members[0], event=events[0])
    until = timezone.now()
    ids = [m.pk for m in members] + [outsider.pk]
    digest.upcoming_events(ids, until, until)  # warm the content-type cache
    with CaptureQueriesContext(connection) as small:
        result = digest.upcoming_events(ids, until - timedelta(days=1), until)
    assert outsider.pk not in result
    assert [i.title for i in result[members[0].pk]] == ["Meeting 1"]
    assert {i.title for i in result[members[1].pk]} == {"Meeting 0", "Meeting 1"}
    assert community.name in result[members[1].pk][0].summary
    _community_events(community, facilitator, 6)
    more = [add_member(community) for _ in range(10)]
    with CaptureQueriesContext(connection) as large:
        digest.upcoming_events(ids + [m.pk for m in more], until - timedelta(days=1), until)
    assert len(small.captured_queries) == len(large.captured_queries) <= 3


@pytest.fixture
def only_our_panel():
    """Other apps' panels are tested (with their budgets) by those apps."""
    from practice_commons.communities import panels

    saved = dict(panels._PANELS)
    panels._PANELS.clear()
    panels._PANELS["upcoming_events"] = saved["upcoming_events"]
    yield
    panels._PANELS.clear()
    panels._PANELS.update(saved)


def test_community_panel_lists_upcoming_events_in_fixed_queries(client, only_our_panel):
    community = make_community()
    facilitator = add_member(community, role="facilitator")
    viewer = add_member(community)
    client.force_login(viewer)
    _community_events(community, facilitator, 2)
    client.get(community.get_absolute_url())  # warm per-process caches
    with CaptureQueriesContext(connection) as small:
        html = client.get(community.get_absolute_url()).content.decode()
    assert "Meeting 1" in html
    _community_events(community, facilitator, 8)
    with CaptureQueriesContext(connection) as large:
        client.get(community.get_absolute_url())
    assert len(small.captured_queries) == len(large.captured_queries)


def test_events_are_reportable_and_held_events_leave_listings(make_event, member):
    event = make_event(description="Joint training about neglect.")
    registration = reportable_for(Event)
    assert registration is not None and registration.texts(event)["Title"] == event.title
    report = safeguarding_services.report_create(
        actor=member, target=event, reason="confidentiality"
    )
    assert report.pk
    assert event not in list(selectors.upcoming_events(member))
    with pytest.raises(NotFound):
        selectors.event_for(member, event.pk)


def test_redaction_replaces_identifying_details(make_event, host_admin):
    event = make_event()
    # As if it slipped past (an acknowledged warning, or the guard learned a new pattern).
    Event.objects.filter(pk=event.pk).update(
        description="Ask Jayden Okafor at LS6 2QT about the room."
    )
    event.refresh_from_db()
    registration = reportable_for(Event)
    registration.redact(event, actor=host_admin)
    event.refresh_from_db()
    assert "LS6 2QT" not in event.description
