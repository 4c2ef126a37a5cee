"""The home page's CPD block (``cpd.home``)."""

import datetime as dt

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.cpd import home, services


def test_drafts_to_complete_are_the_person_s_own_oldest_first(user):
    newer = services.record_create(
        actor=user, data={"title": "Newer", "date": dt.date(2026, 11, 20), "hours": 1}
    )
    older = services.record_create(
        actor=user, data={"title": "Older", "date": dt.date(2026, 10, 1), "hours": 1}
    )
    services.record_create(
        actor=UserFactory(), data={"title": "Someone else's", "date": dt.date(2026, 9, 1)}
    )
    block = home.cpd_drafts(user)
    assert [i.url for i in block.items] == [older.get_absolute_url(), newer.get_absolute_url()]
    assert block.items[0].tag == "Still to do"
    assert block.see_all.label == "Your CPD records"


def test_no_drafts_offers_to_add_a_record(user):
    block = home.cpd_drafts(user)
    assert block.items == [] and block.empty_link.label == "Add a CPD record"
