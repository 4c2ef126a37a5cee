"""The home page's wellbeing prompt (``core.home``): a check-in prompt until the person
has checked in this month (a fact read with them, ``wellbeing.facts``), then a link to
how they have been. No query of its own."""

from django.urls import reverse
from django.utils.translation import gettext as _

from practice_commons.core.facts import fact
from practice_commons.core.home import NEEDS, Block, Item, Link, register_block


def wellbeing_prompt(user) -> Block:
    items = []
    if not fact(user, "checked_in_this_month"):
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
