"""Who may read and do what in the library: one answer per question, asked by the
pages, the API, the services and the notifications alike.

Reading a **published** item: a host-wide item (no community) is public; an item in a
community follows that community's read rule (``communities.policies.community_policy``),
so a private community's solutions never leave it. A **draft** or an item **waiting for
review** is read only by the people who may edit or review it.

Editing: whoever wrote it, its contact person, the solved thread's author for a
solution, and its reviewers. Reviewing: the facilitators and owners of the item's
community, the admins of any of its organisations, and host admins — never the writer
of the item themselves (unless they are a host admin).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from practice_commons.accounts.models import OrganisationMembership
from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import (
    MODERATOR_ROLES,
    Community,
    CommunityMembership,
    MembershipStatus,
)
from practice_commons.communities.policies import community_policy
from practice_commons.core.people import is_signed_in

from .models import ItemStatus, LibraryItem, TermStatus


def published_q(user) -> Q:
    """Published items ``user`` may read, as a filter on ``LibraryItem``."""
    readable = community_policy.visible_to(user).values("pk")
    return Q(status=ItemStatus.PUBLISHED) & (
        Q(community__isnull=True) | Q(community_id__in=readable)
    )


def _is_writer(user, item: LibraryItem) -> bool:
    return user.pk in {item.created_by_id, item.contact_id, item.source_author_id}


def _org_admin_of(user, item: LibraryItem) -> bool:
    org_ids = [o.pk for o in item.organisations.all()]
    if not org_ids:
        return False
    return OrganisationMembership.objects.filter(
        organisation_id__in=org_ids, user=user, role=OrganisationMembership.Role.ADMIN
    ).exists()


def is_reviewer(user, item: LibraryItem) -> bool:
    """Facilitators of the item's community, admins of its organisations, host admins."""
    if not is_signed_in(user):
        return False
    if user.is_host_admin:
        return True
    if item.community_id and community_selectors.can_moderate(user, item.community):
        return True
    return _org_admin_of(user, item)


def can_review(user, item: LibraryItem) -> bool:
    """May approve or return this item: a reviewer who did not write it (host admins may)."""
    if not is_reviewer(user, item):
        return False
    return user.is_host_admin or user.pk != item.created_by_id


def _community_readable(user, item: LibraryItem) -> bool:
    return item.community_id is None or community_policy.can_read(user, item.community)


def can_edit(user, item: LibraryItem) -> bool:
    if not is_signed_in(user) or not _community_readable(user, item):
        return False
    return _is_writer(user, item) or is_reviewer(user, item)


def can_read(user, item: LibraryItem) -> bool:
    if item.status == ItemStatus.PUBLISHED:
        return _community_readable(user, item)
    return can_edit(user, item)


def can_create_in(user, community: Community | None) -> tuple[bool, str]:
    """(allowed, reason). In a community: those who may post there. Host-wide: host
    members and host admins."""
    if not is_signed_in(user):
        return False, _("Sign in to add to the library.")
    if community is not None:
        return community_selectors.can_post(user, community)
    if user.is_host_admin or user.is_host_member:
        return True, ""
    return False, _("Only members of the host can add to the library.")


def can_endorse(user, item: LibraryItem) -> bool:
    return (
        is_signed_in(user)
        and item.status == ItemStatus.PUBLISHED
        and can_read(user, item)
        and user.pk != item.created_by_id
    )


def reviewable_q(user) -> Q:
    """Items ``user`` reviews (any status), as a filter on ``LibraryItem``."""
    if not is_signed_in(user):
        return Q(pk__in=[])
    if user.is_host_admin:
        return Q()
    return _own_review_q(user)


def _own_review_q(user) -> Q:
    """Items in communities ``user`` facilitates or of organisations they administer."""
    moderated = CommunityMembership.objects.filter(
        user_id=user.pk, status=MembershipStatus.ACTIVE, role__in=MODERATOR_ROLES
    ).values("community_id")
    admin_orgs = OrganisationMembership.objects.filter(
        user_id=user.pk, role=OrganisationMembership.Role.ADMIN
    ).values("organisation_id")
    org_match = LibraryItem.organisations.through.objects.filter(
        libraryitem_id=OuterRef("pk"), organisation_id__in=admin_orgs
    )
    return Q(community_id__in=moderated) | Exists(org_match)


def editable_q(user, *, everything_for_host_admins: bool = True) -> Q:
    if not is_signed_in(user):
        return Q(pk__in=[])
    review = reviewable_q(user) if everything_for_host_admins else _own_review_q(user)
    return Q(created_by_id=user.pk) | Q(contact_id=user.pk) | Q(source_author_id=user.pk) | review


def items_for_reader(user) -> QuerySet[LibraryItem]:
    return LibraryItem.objects.filter(published_q(user))


# --- glossary ------------------------------------------------------------------------


def can_suggest_term(user) -> bool:
    return is_signed_in(user)


def can_decide_terms(user) -> bool:
    """Host admins and the facilitators of any community."""
    if not is_signed_in(user):
        return False
    if user.is_host_admin:
        return True
    return CommunityMembership.objects.filter(
        user_id=user.pk, status=MembershipStatus.ACTIVE, role__in=MODERATOR_ROLES
    ).exists()


def term_visible_q(user) -> Q:
    """Approved terms for everyone; suggestions to who suggested them and the deciders."""
    q = Q(status=TermStatus.APPROVED)
    if is_signed_in(user):
        q |= Q(suggested_by_id=user.pk)
    return q
