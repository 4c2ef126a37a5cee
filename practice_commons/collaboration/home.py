"""The home page's agreements block (``core.home``): collaboration agreements waiting
for the person's acceptance (they are a party's named contact and that party has not
accepted the current version) and running agreements of theirs whose review is due
within a month or overdue. Only for people who are party to an agreement (a contact,
or an admin or champion of a party organisation; the ``agreement_party`` fact, read
with the person): no query for everyone else, one for them."""

import datetime as dt

from django.db.models import DateField, DateTimeField, Exists, F, OuterRef, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.core.facts import fact
from practice_commons.core.home import (
    MAX_ITEMS,
    NEEDS,
    Block,
    Item,
    Link,
    register_block,
    short_date,
)

from . import policies
from .models import Acceptance, Agreement, AgreementParty, AgreementState
from .models.agreements import RUNNING_STATES

REVIEW_NOTICE_DAYS = 30


ACCEPT, REVIEW = 1, 2


def _to_accept(user):
    """Proposed agreements where one of the parties the person is the contact of has not
    accepted the current version."""
    waiting = AgreementParty.objects.filter(
        agreement_id=OuterRef("pk"), contact_id=user.pk
    ).exclude(
        Exists(
            Acceptance.objects.filter(
                party_id=OuterRef("pk"),
                version__agreement_id=OuterRef("agreement_id"),
                version__number=OuterRef("agreement__current_version"),
            )
        )
    )
    return Agreement.objects.filter(Exists(waiting), state=AgreementState.PROPOSED)


def _reviews_due(user, today):
    """Running agreements the person is party to, review date within
    ``REVIEW_NOTICE_DAYS`` or passed."""
    return Agreement.objects.filter(
        policies.party_q(user),
        state__in=RUNNING_STATES,
        review_on__lte=today + dt.timedelta(days=REVIEW_NOTICE_DAYS),
    ).exclude(state=AgreementState.UNDER_REVIEW)


def _as_rows(agreements, wanted: int, *, due, since):
    return agreements.order_by().values(
        "pk", "title", wanted=Value(wanted), version=F("current_version"), due=due, since=since
    )


def waiting_for(user, *, today=None) -> list[dict]:
    """Agreements to accept, most recently changed first, then reviews due, soonest
    first: at most ``MAX_ITEMS`` in all, as ``{"wanted", "pk", "title", "version",
    "due"}``. One query (the two halves joined by ``UNION ALL``)."""
    today = today or timezone.localdate()
    accept = _as_rows(
        _to_accept(user), ACCEPT, due=Value(None, output_field=DateField()), since=F("updated_at")
    )
    review = _as_rows(
        _reviews_due(user, today),
        REVIEW,
        due=F("review_on"),
        since=Value(None, output_field=DateTimeField()),
    )
    both = accept.union(review, all=True).order_by("wanted", "due", "-since", "pk")
    return list(both[:MAX_ITEMS])


def _item(row: dict, today) -> Item:
    url = reverse("collaboration:agreement", args=[row["pk"]])
    if row["wanted"] == ACCEPT:
        return Item(
            row["title"],
            url,
            detail=_("Version %(n)s is waiting for your acceptance") % {"n": row["version"]},
            tag=_("Accept"),
        )
    return Item(
        row["title"],
        url,
        detail=_("Review due %(date)s") % {"date": short_date(row["due"])},
        tag=_("Review overdue") if row["due"] < today else _("Review due"),
    )


def agreements(user) -> Block | None:
    if not fact(user, "agreement_party"):
        return None
    today = timezone.localdate()
    items = [_item(row, today) for row in waiting_for(user, today=today)]
    return Block(
        title=_("Agreements to accept and review"),
        items=items,
        empty=_("No agreements need you now."),
        empty_link=Link(_("Your agreements"), reverse("collaboration:agreements")),
        see_all=Link(_("All your agreements"), reverse("collaboration:agreements"))
        if items
        else None,
    )


register_block("agreements", agreements, section=NEEDS, order=80)
