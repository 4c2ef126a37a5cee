"""Reads of communities, already filtered to what the reader may see.

The visibility rule lives in exactly one place (``policies.community_policy``) so the
directory, the community page, the API and higher apps cannot disagree. A private
community is never confirmed to an outsider: reads that miss raise ``NotFound``, not 403.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.core.errors import NotFound
from practice_commons.core.people import is_signed_in
from practice_commons.core.queries import rows_of_either
from practice_commons.safeguarding import selectors as safeguarding_selectors

from .models import (
    MODERATOR_ROLES,
    Community,
    CommunityMembership,
    CommunityRules,
    Invitation,
    JoiningPolicy,
    MembershipStatus,
    Role,
    Visibility,
)
from .policies import PRIMED_MEMBERSHIP, community_policy, primed_membership


def communities_visible_to(user) -> QuerySet[Community]:
    """What ``user`` may read (``policies.community_policy``)."""
    return community_policy.visible_to(user)


def community_for_reader(user, slug: str, *, prime: bool = False) -> Community:
    """The community if ``user`` may read it, else ``NotFound`` (never 403), so that a
    private community's existence does not leak. Fetched by slug, then asked
    ``community_policy.can_read`` (a public community costs no second query). With
    ``prime``, the reader's membership is fetched once for the page
    (``prime_membership``)."""
    community = (
        Community.objects.select_related("current_rules", "parent", "host_organisation")
        .filter(slug=slug)
        .first()
    )
    if community is None:
        raise NotFound
    if prime:
        prime_membership(user, community)
    if not community_policy.can_read(user, community):
        raise NotFound
    return community


def community_by_id_for_reader(user, community_id: int) -> Community:
    community = (
        communities_visible_to(user)
        .select_related("current_rules", "parent", "host_organisation")
        .filter(pk=community_id)
        .first()
    )
    if community is None:
        raise NotFound
    return community


def any_membership_of(user, community: Community) -> CommunityMembership | None:
    """The membership row in any status (requested, invited, removed…), or None."""
    if not is_signed_in(user) or community.pk is None:
        return None
    known, row = primed_membership(user, community)
    if known:
        return row
    return CommunityMembership.objects.filter(community_id=community.pk, user_id=user.pk).first()


def prime_membership(user, community: Community) -> CommunityMembership | None:
    """Fetch the reader's membership row once for a page that only reads: every question
    asked about this community object afterwards (``can_read``, ``membership_of``,
    ``can_post``, ``can_moderate``…) reuses it instead of asking the database again.
    Only for reads: a page that changes memberships must not prime."""
    setattr(community, PRIMED_MEMBERSHIP, None)
    row = any_membership_of(user, community)
    if is_signed_in(user) and community.pk is not None:
        setattr(community, PRIMED_MEMBERSHIP, (user.pk, row))
    return row


def membership_of(user, community: Community) -> CommunityMembership | None:
    """The user's *active* membership; only active memberships count for permissions."""
    membership = any_membership_of(user, community)
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        return membership
    return None


def is_member(user, community: Community) -> bool:
    return membership_of(user, community) is not None


def may_save_offline(user, community: Community | None) -> bool:
    """Whether ``user`` may keep a copy of content (of ``community``, if any) on their
    device for offline reading (core/pwa.py): signed in, and a private community's
    content only as one of its members."""
    if not getattr(user, "is_authenticated", False):
        return False
    if community is None or community.visibility != Visibility.PRIVATE:
        return True
    return is_member(user, community)


def can_read(user, community: Community) -> bool:
    return community_policy.can_read(user, community)


def can_moderate(user, community: Community) -> bool:
    """Owners and facilitators (active) of this community, and host admins."""
    if not is_signed_in(user):
        return False
    if user.is_host_admin:
        return True
    membership = membership_of(user, community)
    return membership is not None and membership.role in MODERATOR_ROLES


def is_owner(user, community: Community) -> bool:
    membership = membership_of(user, community)
    return membership is not None and membership.role == Role.OWNER


def can_create_community(user, parent: Community | None = None) -> bool:
    """Host members (and host admins) create communities; a sub-group needs the
    parent's facilitators, because it shares the parent's rules and members."""
    if not is_signed_in(user):
        return False
    if parent is not None:
        return can_moderate(user, parent)
    return user.is_host_member or user.is_host_admin


def can_archive(user, community: Community) -> bool:
    """Who may archive, and so restore, a community: its owners and host admins."""
    if not is_signed_in(user):
        return False
    return user.is_host_admin or is_owner(user, community)


def rules_version_required(community: Community) -> int | None:
    """The rules version a member must have accepted: a sub-group follows its parent's."""
    if community.current_rules_id is None:
        return None
    rules = community.current_rules
    return rules.version if rules is not None else None


def needs_rules_acceptance(membership: CommunityMembership | None, community: Community) -> bool:
    required = rules_version_required(community)
    if membership is None or required is None:
        return False
    return (membership.accepted_rules_version or 0) < required


def can_post(user, community: Community) -> tuple[bool, str]:
    """Whether ``user`` may start threads or reply here, with the reason when not."""
    if not is_signed_in(user):
        return False, _("Sign in to take part.")
    if community.archived_at is not None:
        return False, _("This community is archived, so nothing new can be posted.")
    membership = membership_of(user, community)
    if membership is None:
        return False, _("Only members of this community can post. Join it first.")
    if membership.is_muted():
        until = timezone.localtime(membership.muted_until)
        return False, _("A facilitator has muted you in this community until %(until)s.") % {
            "until": until.strftime("%-d %B %Y, %H:%M")
        }
    if needs_rules_acceptance(membership, community):
        return False, _("The group rules have changed. Accept the updated rules before you post.")
    return True, ""


def can_join(user, community: Community) -> tuple[bool, str]:
    if not is_signed_in(user):
        return False, _("Sign in to join.")
    if community.archived_at is not None:
        return False, _("This community is archived.")
    membership = any_membership_of(user, community)
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        return False, _("You are already a member.")
    if membership is not None and membership.status == MembershipStatus.INVITED:
        return True, ""
    if not can_read(user, community):
        return False, _("You cannot join this community.")
    if community.joining_policy == JoiningPolicy.INVITATION:
        return False, _("This community is by invitation only.")
    if membership is not None and membership.status == MembershipStatus.REQUESTED:
        return False, _("You have already asked to join. A facilitator will reply.")
    if (
        membership is not None
        and membership.status == MembershipStatus.REMOVED
        and community.joining_policy == JoiningPolicy.OPEN
    ):
        return False, _("A facilitator removed you from this community. Ask them to invite you.")
    return True, ""


def active_member_ids(community: Community) -> QuerySet[int]:
    return CommunityMembership.objects.filter(
        community_id=community.pk, status=MembershipStatus.ACTIVE
    ).values_list("user_id", flat=True)


def active_members(community: Community) -> QuerySet[CommunityMembership]:
    return (
        CommunityMembership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
        .select_related("user", "user__profession", "user__organisation")
        .order_by("user__full_name", "user__email")
    )


def moderators(community: Community) -> QuerySet[CommunityMembership]:
    return active_members(community).filter(role__in=MODERATOR_ROLES)


def moderator_ids(community: Community) -> QuerySet[int]:
    return active_member_ids(community).filter(role__in=MODERATOR_ROLES)


def coordinators(community: Community) -> QuerySet[CommunityMembership]:
    return active_members(community).exclude(coordinator_title="")


def pending_requests(community: Community) -> QuerySet[CommunityMembership]:
    return (
        CommunityMembership.objects.filter(community=community, status=MembershipStatus.REQUESTED)
        .select_related("user", "user__profession")
        .order_by("created_at")
    )


def memberships_for_user(user) -> QuerySet[CommunityMembership]:
    """The user's active memberships with their communities."""
    if not is_signed_in(user):
        return CommunityMembership.objects.none()
    return (
        CommunityMembership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
        .select_related("community")
        .order_by("community__name")
    )


def community_ids_for_member(user) -> QuerySet[int]:
    """Ids of communities where ``user`` is an active member (for higher apps' filters)."""
    if not is_signed_in(user):
        return CommunityMembership.objects.none().values_list("community_id", flat=True)
    return CommunityMembership.objects.filter(
        user_id=user.pk, status=MembershipStatus.ACTIVE
    ).values_list("community_id", flat=True)


def current_rules(community: Community) -> CommunityRules | None:
    return community.current_rules


def subgroups_visible_to(user, community: Community) -> QuerySet[Community]:
    if community.parent_id is not None:  # one level only: a sub-group has none
        return Community.objects.none()
    return communities_visible_to(user).filter(parent=community, archived_at__isnull=True)


def rules_history(community: Community) -> QuerySet[CommunityRules]:
    return CommunityRules.objects.filter(community_id=community.rules_owner_id).order_by("-version")


def _with_member_counts(qs: QuerySet[Community]) -> QuerySet[Community]:
    # A count for each row returned, not a join grouped over every membership of every
    # candidate: under a LIMIT, PostgreSQL counts only the rows it returns (measured on
    # "Communities for you", 61 candidates with 2,279 members: 26 ms to 2 ms).
    active = CommunityMembership.objects.filter(
        community=OuterRef("pk"), status=MembershipStatus.ACTIVE
    )
    return qs.annotate(member_count=Coalesce(_count_of(active), 0))


def _nations_text(qs: QuerySet[Community]) -> QuerySet[Community]:
    # JSON "contains" is not available on SQLite; the JSON list as text works on both.
    return qs.annotate(nations_text=Cast("nations", output_field=CharField()))


def directory(
    user, *, q: str = "", profession=None, nation: str = "", topic=None, visibility: str = ""
) -> QuerySet[Community]:
    """The directory: communities ``user`` may see, not archived, filtered. Listing it
    costs a fixed number of queries whatever its size (counts are one annotation,
    professions, topics and parents are prefetched)."""
    qs = communities_visible_to(user).filter(archived_at__isnull=True)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(purpose__icontains=q))
    # EXISTS, not joins: no row comes twice, so no DISTINCT, which had PostgreSQL count
    # every community's members for a page of 20, and again for the page count (19 ms).
    if profession is not None:
        professions = Community.professions.through.objects.filter(community_id=OuterRef("pk"))
        qs = qs.filter(
            Exists(professions.filter(profession_id=getattr(profession, "pk", profession)))
            | ~Exists(professions)
        )
    if nation:
        qs = _nations_text(qs).filter(
            Q(nations_text__contains=f'"{nation}"') | Q(nations_text="[]")
        )
    if topic is not None:
        qs = qs.filter(
            Exists(
                Community.topics.through.objects.filter(
                    community_id=OuterRef("pk"), expertisetag_id=getattr(topic, "pk", topic)
                )
            )
        )
    if visibility:
        qs = qs.filter(visibility=visibility)
    return (
        _with_member_counts(qs)
        .select_related("parent")
        .prefetch_related("professions", "topics")
        .order_by("name", "pk")
    )


def communities_for_you(user, *, limit: int = 5, prefetch: bool = True) -> list[Community]:
    """Communities that match the person's profession, nation or area and expertise,
    best match first, leaving out those they are already in (or have asked to join)."""
    if not is_signed_in(user):
        return []
    qs = (
        communities_visible_to(user)
        .filter(archived_at__isnull=True)
        .exclude(
            pk__in=CommunityMembership.objects.filter(
                user_id=user.pk,
                status__in=[
                    MembershipStatus.ACTIVE,
                    MembershipStatus.REQUESTED,
                    MembershipStatus.INVITED,
                ],
            ).values("community_id")
        )
    )
    score = Value(0)
    if user.profession_id:
        score = score + Case(
            When(
                Exists(
                    Community.professions.through.objects.filter(
                        community_id=OuterRef("pk"), profession_id=user.profession_id
                    )
                ),
                then=Value(3),
            ),
            default=Value(0),
        )
    # The person's topics as a subquery: a person without any scores 0 here, and the page
    # is spared a query to find that out.
    topic_matches = (
        Community.topics.through.objects.filter(
            community_id=OuterRef("pk"),
            expertisetag_id__in=user.expertise.through.objects.filter(user_id=user.pk).values(
                "expertisetag_id"
            ),
        )
        .order_by()
        .values("community_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    score = score + Coalesce(Subquery(topic_matches, output_field=IntegerField()), 0) * 2
    qs = _nations_text(qs)
    if user.nation:
        score = score + Case(
            When(nations_text__contains=f'"{user.nation}"', then=Value(1)), default=Value(0)
        )
    if user.area:
        score = score + Case(When(areas__icontains=user.area, then=Value(2)), default=Value(0))
    qs = qs.annotate(match_score=score).filter(match_score__gt=0)
    if user.nation:
        qs = qs.filter(Q(nations_text__contains=f'"{user.nation}"') | Q(nations_text="[]"))
    qs = _with_member_counts(qs)
    if prefetch:
        # What a community's card shows. Without it (the home page's names and counts)
        # the parent's join is left out too: PostgreSQL, estimating one row, joined it in
        # a nested loop over every community (2.9 → 1.3 ms at the large demo scale).
        qs = qs.select_related("parent").prefetch_related("professions", "topics")
    return list(qs.order_by("-match_score", "name")[:limit])


def invitations_waiting_for(user) -> QuerySet[Invitation]:
    """Usable invitations sent to the person's address (shown once they have signed up,
    so the "sign up, then come back" path works even if the link's ``next`` is lost)."""
    if not is_signed_in(user):
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(
            email__iexact=user.email,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("community")
        .order_by("-created_at")
    )


def invitations_pending(community: Community) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            community=community,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


def membership_in(community: Community, membership_id: int) -> CommunityMembership:
    membership = (
        CommunityMembership.objects.select_related("user", "community")
        .filter(community=community, pk=membership_id)
        .first()
    )
    if membership is None:
        raise NotFound
    return membership


def invitation_in(community: Community, invitation_id: int) -> Invitation:
    invitation = (
        Invitation.objects.select_related("community")
        .filter(community=community, pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise NotFound
    return invitation


def community_page(community: Community) -> Community:
    """The community (from ``community_for_reader``, which brings its rules, parent and
    host) with what its page shows: professions and topics, two queries."""
    prefetch_related_objects([community], "professions", "topics")
    return community


@dataclass(frozen=True)
class PageLabels:
    """Who a community is for and what it is about, by name, from ``page_labels``."""

    professions: list[str]
    topics: list[str]


_PROFESSION, _TOPIC = 0, 1


def page_labels(community: Community) -> PageLabels:
    """The names of the community's professions and topics in one query, each list in
    its model's order (``Profession``: sort order, then name; ``ExpertiseTag``: name)."""
    professions = community.professions.order_by().annotate(
        kind=Value(_PROFESSION), rank=F("sort_order")
    )
    topics = community.topics.order_by().annotate(kind=Value(_TOPIC), rank=Value(0))
    rows = (
        professions.values_list("name", "kind", "rank")
        .union(topics.values_list("name", "kind", "rank"), all=True)
        .order_by("kind", "rank", "name")
    )
    labels = PageLabels(professions=[], topics=[])
    for name, kind, _rank in rows:
        (labels.professions if kind == _PROFESSION else labels.topics).append(name)
    return labels


@dataclass(frozen=True)
class PagePeople:
    """The people a community page shows, from ``page_people``."""

    facilitators: list[CommunityMembership]
    coordinators: list[CommunityMembership]
    preview: list[CommunityMembership]
    member_count: int
    request_count: int


def _count_of(memberships: QuerySet[CommunityMembership]) -> Subquery:
    return Subquery(
        memberships.order_by().values("community").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )


def page_people(community: Community, *, preview: int, requests: bool) -> PagePeople:
    """The page's lists of people and its counts in one query: its facilitators and
    coordinators, the first ``preview`` active members (none for 0), how many active
    members it has and, with ``requests`` (for its moderators), how many ask to join."""
    members = active_members(community)
    first = members.values("pk")[:preview]
    counted = members.annotate(
        member_total=_count_of(members),
        request_total=_count_of(pending_requests(community)) if requests else Value(0),
        sort_name=F("user__full_name"),
        sort_email=F("user__email"),
    )
    # Not one filter with OR: PostgreSQL guessed half the members and read every account
    # to join them (7.5 → 4.4 ms at the large demo scale).
    rows = rows_of_either(
        counted.filter(Q(role__in=MODERATOR_ROLES) | ~Q(coordinator_title="")),
        counted.filter(pk__in=Subquery(first)),
        order_by=("sort_name", "sort_email"),
    )
    # The first ``preview`` members sort before every other member, so they lead ``rows``.
    no_rows_requests = pending_requests(community).count() if requests and not rows else 0
    return PagePeople(
        facilitators=[m for m in rows if m.role in MODERATOR_ROLES],
        coordinators=[m for m in rows if m.coordinator_title],
        preview=rows[:preview],
        member_count=rows[0].member_total if rows else 0,
        request_count=rows[0].request_total if rows else no_rows_requests,
    )


def newsletter_recipient_ids(community_id: int) -> QuerySet[int]:
    return CommunityMembership.objects.filter(
        community_id=community_id,
        status=MembershipStatus.ACTIVE,
        community__archived_at__isnull=True,
    ).values_list("user_id", flat=True)


def safeguarding_leads(community: Community) -> list:
    """The community's named safeguarding leads; a sub-group without its own falls back
    to its parent's."""
    leads = list(safeguarding_selectors.leads_for(community))
    if not leads and community.parent_id is not None:
        leads = list(safeguarding_selectors.leads_for(community.parent))
    return leads


def is_safeguarding_lead(user, community: Community) -> bool:
    if not is_signed_in(user):
        return False
    return any(lead.pk == user.pk for lead in safeguarding_leads(community))


def _invitation_page_rows() -> QuerySet[Invitation]:
    return Invitation.objects.select_related(
        "community", "community__current_rules", "community__parent", "invited_by"
    )


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link points at, found by its token's digest; ``NotFound`` for an
    unknown, forged, expired, used or withdrawn link."""
    invitation = Invitation.find_by_token(token, _invitation_page_rows())
    if invitation is None or not invitation.is_usable():
        raise NotFound
    return invitation


def invitation_for_invitee(user, invitation_id: int) -> Invitation:
    """A usable invitation sent to the signed-in person's address, without its link (the
    Communities page and the in-app notification point here); ``NotFound`` otherwise, so
    nobody else learns that it exists."""
    if not is_signed_in(user):
        raise NotFound
    invitation = _invitation_page_rows().filter(pk=invitation_id, email__iexact=user.email).first()
    if invitation is None or not invitation.is_usable():
        raise NotFound
    return invitation
