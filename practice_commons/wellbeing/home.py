"""The home page's wellbeing prompt (``core.home``): a check-in prompt until the person
has checked in this month, then a link to how they have been. One query; it asks only
whether an answer of theirs exists this month, never what it says."""

from django.urls import reverse
from django.utils.translation import gettext as _

from practice_commons.core.home import NEEDS, Block, Item, Link, register_block

from . import periods
from .models import Kind, Response
from .pseudonym import subject_key


def checked_in_this_month(user) -> bool:
    month = periods.month_start(periods.today())
    return Response.objects.filter(
        subject=subject_key(user.pk), kind=Kind.CHECKIN, month=month
    ).exists()


def wellbeing_prompt(user) -> Block:
    items = []
    if not checked_in_this_month(user):
        items.append(
            Item(
                _("How are you doing? Take the two-minute check-in"),
                reverse("wellbeing:checkin"),
                detail=_("Only you see your answers."),
            )
        )
    return Block(
        title=_("Your wellbeing"),
        items=items,
        empty=_("You have checked in this month."),
        empty_link=Link(_("See how you have been"), reverse("wellbeing:mine")),
    )


register_block("wellbeing", wellbeing_prompt, section=NEEDS, order=90)
