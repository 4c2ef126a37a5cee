"""The home page's library block (``core.home``): documented solutions and practice
examples published in the last ``NEW_FOR_DAYS`` days in the person's topics (their
areas of expertise) or for their profession. Only published items they may read
(``policies.published_q``). One query."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.core.home import MAX_ITEMS, NEW, Block, Item, Link, register_block, short_date

from . import policies
from .models import ItemKind, LibraryItem

NEW_FOR_DAYS = 60


def new_in_my_topics(user) -> list[LibraryItem]:
    since = timezone.now() - dt.timedelta(days=NEW_FOR_DAYS)
    match = Q(topics__in=user.expertise.values("pk"))
    if user.profession_id:
        match |= Q(professions=user.profession_id)
    qs = LibraryItem.objects.filter(
        policies.published_q(user),
        match,
        kind__in=[ItemKind.SOLUTION, ItemKind.PRACTICE_EXAMPLE],
        published_at__gte=since,
    )
    return list(qs.distinct().order_by("-published_at", "-pk")[:MAX_ITEMS])


def new_in_library(user) -> Block:
    items = [
        Item(
            item.title,
            item.get_absolute_url(),
            detail=f"{item.get_kind_display()} · {short_date(item.published_at)}",
        )
        for item in new_in_my_topics(user)
    ]
    return Block(
        title=_("New in the library for you"),
        items=items,
        empty=_("Nothing new in your topics. Add topics to your profile to see more here."),
        empty_link=Link(_("Edit your profile"), reverse("accounts:profile_edit")),
        see_all=Link(_("The library"), reverse("library:home")),
    )


register_block("new_in_library", new_in_library, section=NEW, order=40)
