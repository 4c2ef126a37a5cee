"""The home page's agreements block (``core.home``): collaboration agreements waiting
for the person's acceptance (they are a party's named contact and that party has not
accepted the current version) and running agreements of theirs whose review is due
within a month or overdue. Only for people who are party to an agreement (a contact,
or an admin or champion of a party organisation): one query for everyone."""

import datetime as dt

from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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


# What an agreement asks of the person on the home page.
ACCEPT, REVIEW, NOTHING = 1, 2, 3


def _waiting_for_acceptance(user) -> Exists:
    """A party the person is the contact of has not accepted the current version."""
    return Exists(
        AgreementParty.objects.filter(agreement_id=OuterRef("pk"), contact_id=user.pk).exclude(
            Exists(
                Acceptance.objects.filter(
                    party_id=OuterRef("pk"),
                    version__agreement_id=OuterRef("agreement_id"),
                    version__number=OuterRef("agreement__current_version"),
                )
            )
        )
    )


def needing_you(user, *, today=None) -> tuple[bool, list[Agreement], list[Agreement]]:
    """Whether the person is party to any agreement (a contact, or an admin or champion
    of a party organisation), the proposed agreements waiting for their acceptance
    (newest first) and the running ones whose review is within ``REVIEW_NOTICE_DAYS`` or
    passed (soonest first), at most ``MAX_ITEMS`` of each. One query: each agreement's
    need is a ``CASE``, and a row number within each need keeps the first few."""
    today = today or timezone.localdate()
    review_due = (
        Q(state__in=RUNNING_STATES)
        & ~Q(state=AgreementState.UNDER_REVIEW)
        & Q(review_on__lte=today + dt.timedelta(days=REVIEW_NOTICE_DAYS))
    )
    need = Case(
        When(Q(state=AgreementState.PROPOSED) & _waiting_for_acceptance(user), then=ACCEPT),
        When(review_due, then=REVIEW),
        default=NOTHING,
        output_field=IntegerField(),
    )
    # Newest first for acceptance, soonest review first: one ordering for both needs.
    order = [
        Case(When(need=ACCEPT, then=F("updated_at"))).desc(nulls_last=True),
        Case(When(need=REVIEW, then=F("review_on"))).asc(nulls_last=True),
        Case(
            When(need=ACCEPT, then=-F("pk")), default=F("pk"), output_field=BigIntegerField()
        ).asc(),
    ]
    rows = list(
        Agreement.objects.filter(policies._party_q(user))
        .annotate(need=need)
        .annotate(place=Window(RowNumber(), partition_by=[F("need")], order_by=order))
        .filter(place__lte=MAX_ITEMS)
        .order_by("need", *order)
    )
    return (
        bool(rows),
        [a for a in rows if a.need == ACCEPT],
        [a for a in rows if a.need == REVIEW],
    )


def to_accept(user) -> list[Agreement]:
    return needing_you(user)[1]


def reviews_due(user, *, today=None) -> list[Agreement]:
    return needing_you(user, today=today)[2]


def agreements(user) -> Block | None:
    today = timezone.localdate()
    is_party, accept, review = needing_you(user, today=today)
    if not is_party:
        return None
    items = [
        Item(
            agreement.title,
            agreement.get_absolute_url(),
            detail=_("Version %(n)s is waiting for your acceptance")
            % {"n": agreement.current_version},
            tag=_("Accept"),
        )
        for agreement in accept
    ]
    for agreement in review:
        overdue = agreement.review_on < today
        items.append(
            Item(
                agreement.title,
                agreement.get_absolute_url(),
                detail=_("Review due %(date)s") % {"date": short_date(agreement.review_on)},
                tag=_("Review overdue") if overdue else _("Review due"),
            )
        )
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
