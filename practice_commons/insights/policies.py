"""Who may see which insight: one answer per question, asked by pages, the API and the
services alike."""

from django.db.models import Q

from practice_commons.accounts.models import OrganisationMembership
from practice_commons.communities import selectors as community_selectors


def signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def can_see_health(user, community) -> bool:
    """A community's health figures and impact report: its owners and facilitators, and
    host admins (``communities.selectors.can_moderate``)."""
    return signed_in(user) and community_selectors.can_moderate(user, community)


def can_curate(user, community) -> bool:
    """Featuring stories: the same people as the health page."""
    return can_see_health(user, community)


def can_write_story(user, community) -> bool:
    """Only active members of the community (facilitators included) write its stories."""
    return (
        signed_in(user)
        and community.archived_at is None
        and community_selectors.is_member(user, community)
    )


def can_change_story(user, story) -> bool:
    """Only a story's author changes or deletes it, whatever its curation: it is their
    account of what taking part gave them (changing a featured story returns it to the
    facilitators, see ``services.story_update``)."""
    return signed_in(user) and story.author_id == user.pk


def champion_organisation_ids(user) -> list[int]:
    if not signed_in(user):
        return []
    return list(
        OrganisationMembership.objects.filter(
            user=user, role=OrganisationMembership.Role.CHAMPION
        ).values_list("organisation_id", flat=True)
    )


def can_see_network(user) -> bool:
    """The networkers page and API: host admins and organisation champions."""
    if not signed_in(user):
        return False
    return user.is_host_admin or bool(champion_organisation_ids(user))


def stories_visible_q(user, community) -> Q:
    """Stories of ``community`` that ``user`` may read (the community itself is already
    readable to them): published ones (the author consented and no facilitator hid
    them); their own; all of them for the community's facilitators, who curate."""
    if can_curate(user, community):
        return Q()
    q = Q(consent_to_publish=True, hidden_at__isnull=True)
    if signed_in(user):
        q |= Q(author=user)
    return q
