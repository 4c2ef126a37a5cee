"""The home page's agreements block (``core.home``): collaboration agreements waiting
for the person's acceptance (they are a party's named contact and that party has not
accepted the current version) and running agreements of theirs whose review is due
within a month or overdue. Only for people who are party to an agreement (a contact,
or an admin or champion of a party organisation): one query for everyone else, three
for them."""

import datetime as dt

from django.db.models import Exists, OuterRef
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


def to_accept(user) -> list[Agreement]:
    """Proposed agreements where one of the parties the person is the contact of has not
    accepted the current version. One query."""
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
    return list(
        Agreement.objects.filter(Exists(waiting), state=AgreementState.PROPOSED).order_by(
            "-updated_at", "-pk"
        )[:MAX_ITEMS]
    )


def reviews_due(user, *, today=None) -> list[Agreement]:
    """Running agreements the person is party to, review date within
    ``REVIEW_NOTICE_DAYS`` or passed, soonest first. One query."""
    today = today or timezone.localdate()
    return list(
        Agreement.objects.filter(
            policies._party_q(user),
            state__in=RUNNING_STATES,
            review_on__lte=today + dt.timedelta(days=REVIEW_NOTICE_DAYS),
        )
        .exclude(state=AgreementState.UNDER_REVIEW)
        .order_by("review_on", "pk")[:MAX_ITEMS]
    )


def agreements(user) -> Block | None:
    if not Agreement.objects.filter(policies._party_q(user)).exists():
        return None
    today = timezone.localdate()
    items = [
        Item(
            agreement.title,
            agreement.get_absolute_url(),
            detail=_("Version %(n)s is waiting for your acceptance")
            % {"n": agreement.current_version},
            tag=_("Accept"),
        )
        for agreement in to_accept(user)
    ]
    for agreement in reviews_due(user, today=today):
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
