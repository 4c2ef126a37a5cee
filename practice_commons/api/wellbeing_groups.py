"""Communities as wellbeing groups. ``wellbeing`` sits below ``communities`` and may not
import it, so this module (in the top layer, which may import both) tells wellbeing
which communities a person belongs to when they answer (snapshotted, sealed, on the
answer) and whose figures a reader may see: host admins every community's, owners and
facilitators their own. Registered from ``ApiConfig.ready()``."""

from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import (
    MODERATOR_ROLES,
    Community,
    CommunityMembership,
    MembershipStatus,
)
from practice_commons.core.people import is_signed_in
from practice_commons.wellbeing.groups import GroupKind, register_group_kind


def community_memberships(user) -> list[str]:
    return [m.community.slug for m in community_selectors.memberships_for_user(user)]


def readable_communities(user) -> dict[str, str]:
    if not is_signed_in(user):
        return {}
    if user.is_host_admin:
        rows = Community.objects.order_by("name").values_list("slug", "name")
    else:
        rows = (
            CommunityMembership.objects.filter(
                user_id=user.pk, status=MembershipStatus.ACTIVE, role__in=MODERATOR_ROLES
            )
            .order_by("community__name")
            .values_list("community__slug", "community__name")
        )
    return dict(rows)


def register() -> None:
    register_group_kind(
        GroupKind(
            name="community",
            memberships=community_memberships,
            readable=readable_communities,
        )
    )
