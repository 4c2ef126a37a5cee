"""The home page's reflective sessions block (``reflection.home``)."""

import pytest

from practice_commons.reflection import home

pytestmark = pytest.mark.django_db


def test_booked_and_facilitated_sessions_with_time_and_place(
    session, facilitator, member_of, book, outsider
):
    person = member_of("Mo Member")
    book(person, session)
    [item] = home.next_sessions(person).items
    assert item.url == session.get_absolute_url()
    assert "Online" in item.detail and session.community.name in item.detail
    assert home.next_sessions(facilitator).items[0].tag == "You facilitate"
    assert home.next_sessions(outsider).items == []
