"""The home page's CPD block (``core.home``): the person's draft records to complete
(made for them after events and sessions they attended, or started by them), oldest
first. One query."""

from django.urls import reverse
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

from . import selectors
from .models import RecordStatus


def drafts_for(user) -> list:
    return list(
        selectors.records_for(user)
        .filter(status=RecordStatus.DRAFT)
        .order_by("date", "pk")[:MAX_ITEMS]
    )


def cpd_drafts(user) -> Block:
    items = [
        Item(
            record.title,
            record.get_absolute_url(),
            detail=_("Draft from %(date)s") % {"date": short_date(record.date)},
            tag=_("Still to do"),
        )
        for record in drafts_for(user)
    ]
    return Block(
        title=_("CPD records to complete"),
        items=items,
        empty=_("No CPD drafts waiting. Record what you have learnt while it is fresh."),
        empty_link=Link(_("Add a CPD record"), reverse("cpd:new")),
        see_all=Link(_("Your CPD records"), reverse("cpd:list")),
    )


register_block("cpd_drafts", cpd_drafts, section=NEEDS, order=70)
