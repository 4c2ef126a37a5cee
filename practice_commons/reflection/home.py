"""The home page's reflective sessions block (``core.home``): the person's coming
sessions (booked, or run by them) with time and place, open ones first. One query,
through ``selectors.sessions_for_user`` (whoever may see the session's event)."""

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
    short_datetime,
)
from practice_commons.events.models import EventFormat

from . import selectors
from .models import Stage


def coming_sessions(user) -> list:
    now = timezone.now()
    qs = (
        selectors.sessions_for_user(user)
        # The block shows the event and the community's name: without the rules and
        # people the session pages join, PostgreSQL plans the query in a third of the time.
        .select_related(None)
        .select_related("event", "community")
        .filter(event__ends_at__gte=now)
        .exclude(stage=Stage.CLOSED)
        .order_by("event__starts_at", "pk")
    )
    return list(qs[:MAX_ITEMS])


def _where(event) -> str:
    if event.format == EventFormat.ONLINE:
        return _("Online")
    return event.venue or event.area or _("In person")


def next_sessions(user) -> Block:
    items = []
    for session in coming_sessions(user):
        event = session.event
        if session.is_open:
            tag = _("Open now")
        elif session.facilitator_id == user.pk:
            tag = _("You facilitate")
        elif session.presenter_id == user.pk:
            tag = _("You present")
        else:
            tag = ""
        items.append(
            Item(
                event.title,
                session.get_absolute_url(),
                detail=f"{short_datetime(event.starts_at)} · {_where(event)} · "
                f"{session.community.name}",
                tag=tag,
            )
        )
    return Block(
        title=_("Your reflective sessions"),
        items=items,
        empty=_(
            "No reflective sessions booked. Your communities list their sessions on their pages."
        ),
        empty_link=Link(_("Find a community"), reverse("communities:directory")),
        see_all=Link(_("All your reflective sessions"), reverse("reflection:mine")),
    )


register_block("next_sessions", next_sessions, section=NEEDS, order=35)
