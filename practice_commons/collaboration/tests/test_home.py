"""The home page's agreements block (``collaboration.home``)."""

import datetime as dt

from django.utils import timezone

from practice_commons.collaboration import home, services
from practice_commons.collaboration.models import Agreement

from .conftest import agreed, draft


def to_accept(user) -> list[int]:
    return [row["pk"] for row in home.waiting_for(user) if row["wanted"] == home.ACCEPT]


def test_a_proposed_agreement_waits_for_each_contact_until_they_accept(world):
    agreement = draft(world)
    assert to_accept(world["police_contact"]) == []  # a draft asks nobody yet
    services.agreement_propose(actor=world["council_admin"], agreement=agreement)

    block = home.agreements(world["police_contact"])
    assert [(i.title, i.tag) for i in block.items] == [("Joint neglect training", "Accept")]
    assert block.items[0].url == agreement.get_absolute_url()

    services.agreement_accept(actor=world["police_contact"], agreement=agreement, version=1)
    assert to_accept(world["police_contact"]) == []
    assert to_accept(world["council_admin"]) == [agreement.pk]


def test_reviews_due_soon_or_overdue_are_shown_to_the_parties(world):
    agreement = agreed(world)
    today = timezone.localdate()
    Agreement.objects.filter(pk=agreement.pk).update(review_on=today - dt.timedelta(days=1))
    items = home.agreements(world["council_admin"]).items
    assert [i.tag for i in items] == ["Review overdue"]
    Agreement.objects.filter(pk=agreement.pk).update(review_on=today + dt.timedelta(days=90))
    block = home.agreements(world["council_admin"])
    assert block.items == [] and block.empty


def test_not_shown_to_people_party_to_no_agreement(world):
    agreed(world)
    for who in ("council_member", "non_member", "other_admin", "host_admin"):
        assert home.agreements(world[who]) is None, who


def test_agreements_to_accept_come_before_reviews_due_in_one_query(
    world, django_assert_num_queries
):
    running = agreed(world)
    Agreement.objects.filter(pk=running.pk).update(
        review_on=timezone.localdate() + dt.timedelta(days=3)
    )
    proposed = draft(world)
    services.agreement_propose(actor=world["council_admin"], agreement=proposed)
    contact = world["police_contact"]
    home.agreements(contact)  # the person's facts, read once as with a signed-in request
    with django_assert_num_queries(1):
        block = home.agreements(contact)
    assert [(i.url, i.tag) for i in block.items] == [
        (proposed.get_absolute_url(), "Accept"),
        (running.get_absolute_url(), "Review due"),
    ]
