"""Value-creation stories, filtered to what the reader may see."""

from django.db.models import QuerySet

from practice_commons.core.errors import NotFound

from .. import policies
from ..models import ValueStory


def stories_for(user, community, *, featured_only: bool = False) -> QuerySet[ValueStory]:
    """``community`` comes from ``communities.selectors.community_for_reader``, so a
    private community's stories never reach anyone outside it."""
    qs = ValueStory.objects.filter(policies.stories_visible_q(user, community), community=community)
    if featured_only:
        qs = qs.filter(featured=True, consent_to_publish=True)
    return qs.select_related("author", "community").order_by("-featured", "-created_at", "-pk")


def story_for_curator(user, community, story_id: int) -> ValueStory:
    story = ValueStory.objects.filter(community=community, pk=story_id).first()
    if story is None or not policies.can_curate(user, community):
        raise NotFound("No such story.")
    return story


def story_for_reader(user, community, story_id: int) -> ValueStory:
    """A story of ``community`` that ``user`` may read (``NotFound`` otherwise, so a
    story nobody showed them is not confirmed to exist)."""
    story = stories_for(user, community).filter(pk=story_id).first()
    if story is None:
        raise NotFound("No such story.")
    return story


def report_stories(community, period) -> list[ValueStory]:
    """Stories a facilitator featured, with the author's consent, written in the period."""
    return list(
        ValueStory.objects.filter(
            community=community,
            featured=True,
            consent_to_publish=True,
            hidden_at__isnull=True,
            created_at__gte=period.since,
            created_at__lt=period.until,
        )
        .select_related("author")
        .order_by("-created_at", "-pk")[:20]
    )
