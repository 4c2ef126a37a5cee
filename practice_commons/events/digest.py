"""The digest section "Upcoming events you might join": published events in the next
fortnight, in communities where the person is an active member, that they have not
registered for. Three queries for a whole batch of people, whatever its size."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from practice_commons.communities.models import CommunityMembership, MembershipStatus
from practice_commons.notifications.digest import DigestItem
from practice_commons.safeguarding import selectors as safeguarding_selectors

from . import timefmt
from .models import Event, EventStatus, Registration

HORIZON = timedelta(days=14)
MAX_ITEMS = 5


def upcoming_events(
    user_ids: list[int], since: datetime, until: datetime
) -> dict[int, list[DigestItem]]:
    members: dict[int, set[int]] = defaultdict(set)
    for user_id, community_id in (
        CommunityMembership.objects.filter(
            user_id__in=user_ids,
            status=MembershipStatus.ACTIVE,
            community__archived_at__isnull=True,
        )
        .order_by()
        .values_list("user_id", "community_id")
    ):
        members[community_id].add(user_id)
    if not members:
        return {}
    events = list(
        Event.objects.filter(
            community_id__in=list(members),
            status=EventStatus.PUBLISHED,
            starts_at__gt=until,
            starts_at__lte=until + HORIZON,
        )
        .exclude(pk__in=safeguarding_selectors.hidden_ids(Event))
        .select_related("community")
        .order_by("starts_at")[:100]
    )
    registered = set(
        Registration.objects.filter(event_id__in=[e.pk for e in events], user_id__in=user_ids)
        .order_by()
        .values_list("event_id", "user_id")
    )
    result: dict[int, list[DigestItem]] = defaultdict(list)
    for event in events:
        for user_id in members[event.community_id]:
            if (event.pk, user_id) in registered or len(result[user_id]) >= MAX_ITEMS:
                continue
            result[user_id].append(
                DigestItem(
                    title=event.title,
                    url=event.get_absolute_url(),
                    summary=_("%(when)s, %(community)s")
                    % {
                        "when": timefmt.when(event.starts_at, event.ends_at),
                        "community": event.community.name,
                    },
                )
            )
    return dict(result)
