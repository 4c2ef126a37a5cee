"""The home page's event blocks (``events.home``)."""

import pytest

from practice_commons.events import home, services
from practice_commons.events.models import RegistrationStatus

pytestmark = pytest.mark.django_db


def test_a_place_offered_comes_first_with_its_deadline(
    make_event, people, django_capture_on_commit_callbacks
):
    # One start for both, so a minute turning between the two does not order them.
    booked = make_event(title="Booked course")
    when = {"starts_at": booked.starts_at, "ends_at": booked.ends_at}
    full = make_event(title="Full course", capacity=1, offer_hours=12, **when)
    a, b = people(2)
    first = services.registration_create(actor=a, event=full)
    services.registration_create(actor=b, event=full)
    services.registration_create(actor=b, event=booked)
    items = home.next_events(b).items
    # Same start: in the order the person registered.
    assert [(i.title, i.tag) for i in items] == [
        ("Full course", "On the waiting list"),
        ("Booked course", ""),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=a, registration=first)
    items = home.next_events(b).items
    assert items[0].title == "Full course" and items[0].tag.startswith("Confirm by ")
    assert "Civic Hall" in items[0].detail
    assert [r.status for r in home.next_registrations(b)][0] == RegistrationStatus.OFFERED


def test_nothing_booked_says_where_to_find_events(member):
    block = home.next_events(member)
    assert block.items == [] and block.empty_link.url == "/events/"


def test_suggestions_a_non_member_may_book_are_marked_as_trial_places(
    make_event, member, non_member
):
    open_to_all = make_event(title="Open forum")
    trial = make_event(title="Members' forum", audience="members", trial_allowed=True)
    members_only = make_event(title="Members only", audience="members")
    make_event(title="Elsewhere", area="Cardiff", nation="wales")

    for_non_member = {e.title: e.trial for e in home.events_for(non_member)}
    assert for_non_member == {"Open forum": False, "Members' forum": True}
    for_member = {e.title: e.trial for e in home.events_for(member)}
    assert for_member == {"Open forum": False, "Members' forum": False, "Members only": False}
    services.registration_create(actor=member, event=open_to_all)
    assert "Open forum" not in {e.title for e in home.events_for(member)}
    assert trial.pk and members_only.pk


def test_a_private_community_s_events_are_not_suggested_to_outsiders(
    make_event, private_community, member, facilitator_of
):
    organiser = facilitator_of(private_community)
    make_event(actor=organiser, title="Private meeting", community=private_community)
    assert home.events_for(member) == []


def test_no_trial_place_is_offered_once_the_trial_is_used(make_event, non_member):
    first = make_event(title="First trial", audience="members", trial_allowed=True)
    make_event(title="Second trial", audience="members", trial_allowed=True)
    services.registration_create(actor=non_member, event=first)
    assert {e.title for e in home.events_for(non_member)} == set()
