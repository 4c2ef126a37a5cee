"""The home page's agreements block (``collaboration.home``)."""

import datetime as dt

from django.utils import timezone

from practice_commons.collaboration import home, services
from practice_commons.collaboration.models import Agreement

from .conftest import agreed, draft


def test_a_proposed_agreement_waits_for_each_contact_until_they_accept(world):
    agreement = draft(world)
    assert home.to_accept(world["police_contact"]) == []  # a draft asks nobody yet
    services.agreement_propose(actor=world["council_admin"], agreement=agreement)

    block = home.agreements(world["police_contact"])
    assert [(i.title, i.tag) for i in block.items] == [("Joint neglect training", "Accept")]
    assert block.items[0].url == agreement.get_absolute_url()

    services.agreement_accept(actor=world["police_contact"], agreement=agreement, version=1)
    assert home.to_accept(world["police_contact"]) == []
    assert [a.pk for a in home.to_accept(world["council_admin"])] == [agreement.pk]


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


def test_each_need_keeps_its_own_first_few_in_one_query(world, django_assert_num_queries):
    proposed = []
    for i in range(home.MAX_ITEMS + 2):
        agreement = draft(world, title=f"Shared training {i}")
        services.agreement_propose(actor=world["council_admin"], agreement=agreement)
        proposed.append(agreement.pk)
    due = [agreed(world, title=f"Running {i}") for i in range(2)]
    today = timezone.localdate()
    for days, agreement in zip((10, -3), due, strict=True):
        Agreement.objects.filter(pk=agreement.pk).update(review_on=today + dt.timedelta(days))
    agreed(world, title="Reviewed next year")  # party to it, nothing due

    with django_assert_num_queries(1):
        is_party, accept, review = home.needing_you(world["police_contact"], today=today)
    newest = Agreement.objects.filter(pk__in=proposed).order_by("-updated_at", "-pk")
    assert is_party
    assert [a.pk for a in accept] == [a.pk for a in newest[: home.MAX_ITEMS]]
    assert [a.pk for a in review] == [due[1].pk, due[0].pk]  # overdue first, not crowded out
    block = home.agreements(world["police_contact"])
    assert [i.tag for i in block.items].count("Accept") == home.MAX_ITEMS
    assert [i.tag for i in block.items][-2:] == ["Review overdue", "Review due"]
