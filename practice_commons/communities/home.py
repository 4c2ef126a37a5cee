"""The home page's community blocks (``core.home``): rules to accept again and
invitations waiting (every member), join requests waiting for the people who run a
community (facilitators, owners, host admins; nobody else sees the block), and
communities suggested for the person's profession and area. One query each."""

from django.db.models import Case, DateTimeField, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practice_commons.core.home import (
    MAX_ITEMS,
    NEEDS,
    NEW,
    Block,
    Item,
    Link,
    register_block,
    short_date,
)

from . import selectors
from .models import MODERATOR_ROLES, CommunityMembership, MembershipStatus

RULES, INVITATION = 1, 2


def waiting_in_your_communities(user) -> list[dict]:
    """Communities whose current rules (a sub-group's are its parent's) are newer than
    the version the person accepted, by name, then invitations waiting for them, newest
    first: at most ``MAX_ITEMS`` in all, as ``{"kind", "name", "slug", "invitation"}``.
    One query (the two halves joined by ``UNION ALL``)."""
    no_time = Value(None, output_field=DateTimeField())
    rules = (
        selectors.memberships_for_user(user)
        .filter(community__current_rules__isnull=False, community__archived_at__isnull=True)
        .filter(
            Q(accepted_rules_version__isnull=True)
            | Q(accepted_rules_version__lt=F("community__current_rules__version"))
        )
        .order_by()
        .values(
            kind=Value(RULES),
            name=F("community__name"),
            slug=F("community__slug"),
            invitation=Value(None, output_field=IntegerField()),
            sort_name=F("community__name"),
            sort_time=no_time,
        )
    )
    invitations = (
        selectors.invitations_waiting_for(user)
        .order_by()
        .values(
            kind=Value(INVITATION),
            name=F("community__name"),
            slug=F("community__slug"),
            invitation=F("pk"),
            sort_name=Value(""),
            sort_time=F("created_at"),
        )
    )
    both = rules.union(invitations, all=True).order_by("kind", "sort_name", "-sort_time")
    return list(both[:MAX_ITEMS])


def _waiting_item(row: dict) -> Item:
    if row["kind"] == RULES:
        return Item(
            row["name"],
            reverse("communities:rules", args=[row["slug"]]),
            detail=_("The group rules have changed: read and accept them to keep posting."),
            tag=_("Accept the rules"),
        )
    return Item(
        row["name"],
        reverse("communities:your_invitation", kwargs={"invitation_id": row["invitation"]}),
        detail=_("You are invited to join."),
        tag=_("Invitation"),
    )


def your_communities(user) -> Block:
    items = [_waiting_item(row) for row in waiting_in_your_communities(user)]
    return Block(
        title=_("Your communities"),
        items=items,
        empty=_("Nothing waiting in your communities."),
        empty_link=Link(_("Find a community"), reverse("communities:directory")),
    )


def join_requests_for(user) -> list[CommunityMembership] | None:
    """Requests to join the communities the person runs, oldest first; ``None`` when they
    run none. One query: the requests come first, then the person's own moderating
    memberships, which say whether they run any when no request is waiting."""
    requested = Q(status=MembershipStatus.REQUESTED, community__archived_at__isnull=True)
    if user.is_host_admin:
        rows = CommunityMembership.objects.filter(requested)
    else:
        runs = Q(user_id=user.pk, status=MembershipStatus.ACTIVE, role__in=MODERATOR_ROLES)
        moderated = CommunityMembership.objects.filter(runs).values("community_id")
        rows = CommunityMembership.objects.filter(
            runs | (requested & Q(community_id__in=moderated))
        )
    rows = list(
        rows.select_related("user", "community")
        .annotate(
            is_request=Case(
                When(status=MembershipStatus.REQUESTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("is_request", "created_at", "pk")[: MAX_ITEMS + 1]
    )
    requests = [r for r in rows if r.status == MembershipStatus.REQUESTED][:MAX_ITEMS]
    if not rows and not user.is_host_admin:
        return None
    return requests


def join_requests(user) -> Block | None:
    requests = join_requests_for(user)
    if requests is None:
        return None
    items = [
        Item(
            _("%(person)s asks to join %(community)s")
            % {"person": r.user.display_name, "community": r.community.name},
            reverse("communities:requests", args=[r.community.slug]),
            detail=_("Asked %(date)s") % {"date": short_date(r.created_at)},
        )
        for r in requests
    ]
    return Block(
        title=_("Requests to join your communities"),
        items=items,
        empty=_(
            "Nobody is waiting to join. Invite colleagues from other agencies from your "
            "community's page."
        ),
        empty_link=Link(_("Communities"), reverse("communities:directory")),
    )


def communities_for_you(user) -> Block:
    found = selectors.communities_for_you(user, limit=MAX_ITEMS, prefetch=False)
    items = [
        Item(
            community.name,
            community.get_absolute_url(),
            detail=ngettext("%(n)s member", "%(n)s members", community.member_count)
            % {"n": community.member_count},
        )
        for community in found
    ]
    return Block(
        title=_("Communities for you"),
        items=items,
        empty=_(
            "No more communities match your profile yet. Add your area and topics for "
            "better suggestions."
        ),
        empty_link=Link(_("Edit your profile"), reverse("accounts:profile_edit")),
        see_all=Link(_("All communities"), reverse("communities:directory")),
    )


register_block("your_communities", your_communities, section=NEEDS, order=40)
register_block("join_requests", join_requests, section=NEEDS, order=50)
register_block("communities_for_you", communities_for_you, section=NEW, order=20)
