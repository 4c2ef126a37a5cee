"""Reads for pages, the API and tasks, filtered to what the reader may see, with their
joins done (fixed query counts whatever the size)."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from practice_commons.accounts.models import Organisation, OrganisationMembership, User
from practice_commons.core.errors import NotFound
from practice_commons.core.people import is_signed_in

from . import policies
from .models import (
    Acceptance,
    Agreement,
    AgreementMilestone,
    AgreementParty,
    AgreementState,
    AgreementVersion,
    DirectoryListing,
    Interest,
    Opportunity,
    ShadowingListing,
    ShadowingResponse,
)
from .models.agreements import RUNNING_STATES, AgreementKind

# --- directory -----------------------------------------------------------------------------


def directory_search(viewer, *, filters: dict | None = None) -> QuerySet[User]:
    """``policies.directory_visible_to(viewer)`` filtered by profession, organisation,
    organisation_kind, nation, area, expertise (slugs), open_to_collaborate, networker,
    champion and ``q`` (name)."""
    f = filters or {}
    people = policies.directory_visible_to(viewer)
    if f.get("q"):
        people = people.filter(full_name__icontains=f["q"])
    if f.get("profession"):
        people = people.filter(profession__slug=f["profession"])
    if f.get("organisation"):
        people = people.filter(
            organisation__slug=f["organisation"],
            org_memberships__organisation__slug=f["organisation"],
        )
    if f.get("organisation_kind"):
        people = people.filter(organisation__kind=f["organisation_kind"])
    if f.get("nation"):
        people = people.filter(nation=f["nation"])
    if f.get("area"):
        people = people.filter(area__icontains=f["area"])
    if f.get("expertise"):
        people = people.filter(expertise__slug=f["expertise"])
    if f.get("open_to_collaborate"):
        people = people.filter(open_to_collaborate=True)
    if f.get("networker"):
        people = people.filter(happy_to_network=True)
    champion = OrganisationMembership.objects.filter(
        user_id=OuterRef("pk"), role=OrganisationMembership.Role.CHAMPION
    )
    people = people.annotate(is_champion=Exists(champion))
    if f.get("champion"):
        people = people.filter(is_champion=True)
    verified_org = OrganisationMembership.objects.filter(
        user_id=OuterRef("pk"), organisation_id=OuterRef("organisation_id")
    )
    return (
        people.annotate(organisation_verified=Exists(verified_org))
        .select_related("profession", "organisation", "directory_listing")
        .prefetch_related("expertise")
        .distinct()
        .order_by("full_name", "pk")
    )


def listing_of(person) -> DirectoryListing | None:
    """A person's settings row from ``directory_search`` (``None`` without one)."""
    try:
        return person.directory_listing
    except DirectoryListing.DoesNotExist:
        return None


def directory_listing_for(user) -> DirectoryListing:
    return DirectoryListing.objects.filter(user=user).first() or DirectoryListing(user=user)


# --- opportunities -------------------------------------------------------------------------


def open_opportunities_q(today=None) -> Q:
    """Listed: open and not past the closing date (so a closing date takes it off the
    listings on its own, with no job to run)."""
    return Q(status=Opportunity.Status.OPEN, closes_on__gte=today or timezone.localdate())


def opportunities_list(viewer, *, filters: dict | None = None) -> QuerySet[Opportunity]:
    if not is_signed_in(viewer):
        return Opportunity.objects.none()
    f = filters or {}
    qs = Opportunity.objects.filter(open_opportunities_q())
    if f.get("kind"):
        qs = qs.filter(kind=f["kind"])
    if f.get("profession"):
        qs = qs.filter(professions__slug=f["profession"])
    if f.get("sector"):
        qs = qs.filter(sectors__icontains=f'"{f["sector"]}"')
    if f.get("nation"):
        qs = qs.filter(nation=f["nation"])
    if f.get("organisation"):
        qs = qs.filter(organisation__slug=f["organisation"])
    return (
        qs.select_related("organisation", "poster")
        .prefetch_related("professions")
        .distinct()
        .order_by("closes_on", "pk")
    )


def opportunity_for_reader(viewer, pk: int) -> Opportunity:
    """Open ones for everyone signed in; closed ones for the poster (and who speaks for
    its organisation) and for people who expressed interest."""
    if not is_signed_in(viewer):
        raise NotFound
    found = (
        Opportunity.objects.select_related("organisation", "poster")
        .prefetch_related("professions")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound
    if found.is_open or found.poster_id == viewer.pk:
        return found
    if found.interests.filter(person=viewer).exists():
        return found
    if found.organisation_id and policies.speaks_for(viewer, found.organisation):
        return found
    raise NotFound


def opportunities_posted_by(viewer) -> QuerySet[Opportunity]:
    return (
        Opportunity.objects.filter(poster=viewer)
        .annotate(interest_count=Count("interests"))
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )


def interests_for_poster(viewer, opportunity) -> QuerySet[Interest]:
    """Only the poster sees expressions of interest."""
    if not is_signed_in(viewer) or opportunity.poster_id != viewer.pk:
        return Interest.objects.none()
    return opportunity.interests.select_related(
        "person", "person__profession", "person__organisation"
    ).order_by("created_at", "pk")


def interest_of(viewer, opportunity) -> Interest | None:
    if not is_signed_in(viewer):
        return None
    return opportunity.interests.filter(person=viewer).first()


def interest_for_poster(viewer, pk: int) -> Interest:
    found = Interest.objects.select_related("opportunity", "person").filter(pk=pk).first()
    if found is None or found.opportunity.poster_id != getattr(viewer, "pk", None):
        raise NotFound
    return found


# --- agreements ----------------------------------------------------------------------------


def _parties_prefetch():
    return Prefetch(
        "parties",
        queryset=AgreementParty.objects.select_related("organisation", "contact").order_by(
            "sort_order", "pk"
        ),
    )


def agreements_for(viewer, *, state: str = "", kind: str = "") -> QuerySet[Agreement]:
    qs = policies.agreements_visible_to(viewer)
    if state in AgreementState.values:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.prefetch_related(_parties_prefetch()).order_by("-updated_at", "-pk")


def agreement_for_reader(viewer, pk: int) -> Agreement:
    """Parties and host admins; ``NotFound`` for anyone else."""
    found = (
        policies.agreements_visible_to(viewer)
        .filter(pk=pk)
        .prefetch_related(_parties_prefetch())
        .first()
    )
    if found is None:
        raise NotFound
    return found


def agreement_for_editor(viewer, pk: int) -> Agreement:
    """An agreement whose terms ``viewer`` may change: someone at one of its parties. A
    shadowing arrangement is ended and arranged again, never edited. ``NotFound``
    otherwise."""
    agreement = agreement_for_reader(viewer, pk)
    if not policies.is_party_member(viewer, agreement) or agreement.kind == AgreementKind.SHADOWING:
        raise NotFound
    return agreement


def versions_of(agreement) -> list[AgreementVersion]:
    return list(
        agreement.versions.prefetch_related(
            Prefetch(
                "acceptances",
                queryset=Acceptance.objects.select_related("party__organisation", "person"),
            )
        ).order_by("number")
    )


def version_of(agreement, number: int) -> AgreementVersion:
    found = agreement.versions.filter(number=number).first()
    if found is None:
        raise NotFound
    return found


def milestones_of(agreement) -> QuerySet[AgreementMilestone]:
    return agreement.milestones.order_by("due_on", "pk")


def overdue_for(viewer, *, today=None) -> dict:
    """Running agreements the viewer sees whose review date has passed, and their
    undone milestones past due."""
    today = today or timezone.localdate()
    visible = policies.agreements_visible_to(viewer).filter(state__in=RUNNING_STATES)
    reviews = (
        visible.filter(review_on__lt=today)
        .exclude(state=AgreementState.UNDER_REVIEW)
        .prefetch_related(_parties_prefetch())
        .order_by("review_on", "pk")
    )
    milestones = (
        AgreementMilestone.objects.filter(
            agreement__in=visible, done_on__isnull=True, due_on__lt=today
        )
        .select_related("agreement")
        .order_by("due_on", "pk")
    )
    return {"reviews": reviews, "milestones": milestones}


def public_register(*, organisation=None) -> QuerySet[Agreement]:
    """Running agreements their parties chose to publish: what, who, since when. Anyone
    may read it, signed in or not."""
    qs = Agreement.objects.filter(published=True, state__in=RUNNING_STATES)
    if organisation is not None:
        qs = qs.filter(parties__organisation=organisation)
    return qs.prefetch_related(_parties_prefetch()).order_by("-agreed_at", "-pk").distinct()


# --- shadowing -----------------------------------------------------------------------------


def shadowing_list(viewer, *, filters: dict | None = None) -> QuerySet[ShadowingListing]:
    if not is_signed_in(viewer):
        return ShadowingListing.objects.none()
    f = filters or {}
    qs = ShadowingListing.objects.filter(status=ShadowingListing.Status.OPEN)
    if f.get("kind"):
        qs = qs.filter(kind=f["kind"])
    if f.get("profession"):
        qs = qs.filter(profession__slug=f["profession"])
    if f.get("nation"):
        qs = qs.filter(nation=f["nation"])
    if f.get("area"):
        qs = qs.filter(area__icontains=f["area"])
    return qs.select_related("organisation", "profession", "poster").order_by("-created_at", "-pk")


def shadowing_matches_for(viewer, limit: int = 5) -> QuerySet[ShadowingListing]:
    """Open listings matching the viewer's profession and nation (offers to shadow
    people of their profession, and requests to shadow it)."""
    if not is_signed_in(viewer) or not viewer.profession_id:
        return ShadowingListing.objects.none()
    qs = shadowing_list(viewer).filter(profession_id=viewer.profession_id).exclude(poster=viewer)
    if viewer.nation:
        qs = qs.filter(Q(nation=viewer.nation) | Q(nation=""))
    return qs[:limit]


def shadowing_for_reader(viewer, pk: int) -> ShadowingListing:
    if not is_signed_in(viewer):
        raise NotFound
    found = (
        ShadowingListing.objects.select_related("organisation", "profession", "poster")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound
    if (
        found.status != ShadowingListing.Status.OPEN
        and found.poster_id != viewer.pk
        and not found.responses.filter(person=viewer).exists()
    ):
        raise NotFound
    return found


def responses_for_poster(viewer, listing) -> QuerySet[ShadowingResponse]:
    if listing.poster_id != getattr(viewer, "pk", None):
        return ShadowingResponse.objects.none()
    return listing.responses.select_related(
        "person", "person__profession", "person__organisation", "agreement"
    )


def response_for_host(viewer, pk: int) -> ShadowingResponse:
    """A response the viewer may arrange (as host) — 404 otherwise."""
    from .services.shadowing import host_and_guest

    found = (
        ShadowingResponse.objects.select_related(
            "listing", "listing__organisation", "person", "listing__poster"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None or not is_signed_in(viewer):
        raise NotFound
    if viewer.pk not in (found.person_id, found.listing.poster_id):
        raise NotFound
    host, _guest = host_and_guest(found)
    if host.pk != viewer.pk:
        raise NotFound
    return found


def my_responses(viewer) -> QuerySet[ShadowingResponse]:
    if not is_signed_in(viewer):
        return ShadowingResponse.objects.none()
    return ShadowingResponse.objects.filter(person=viewer).select_related("listing")


# --- champions -----------------------------------------------------------------------------


def organisations_with_champions() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(memberships__role=OrganisationMembership.Role.CHAMPION)
        .annotate(champion_count=Count("memberships", filter=Q(memberships__role="champion")))
        .order_by("name")
        .distinct()
    )


def champions_of(organisation) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            org_memberships__organisation=organisation,
            org_memberships__role=OrganisationMembership.Role.CHAMPION,
        )
        .select_related("profession")
        .order_by("full_name", "pk")
    )


def organisation_by_slug(slug: str) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise NotFound
    return found


def organisation_opportunities(organisation, limit: int = 10) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(open_opportunities_q(), organisation=organisation).order_by(
        "closes_on", "pk"
    )[:limit]


def organisation_agreements_for(viewer, organisation, limit: int = 20) -> QuerySet[Agreement]:
    """The organisation's agreements the viewer may read (parties, host admins), or only
    its published running ones for anyone else."""
    visible = policies.agreements_visible_to(viewer).values("pk")
    return (
        Agreement.objects.filter(
            Q(pk__in=visible) | Q(published=True, state__in=RUNNING_STATES),
            parties__organisation=organisation,
        )
        .annotate(viewer_can_read=Exists(visible.filter(pk=OuterRef("pk"))))
        .distinct()
        .prefetch_related(_parties_prefetch())
        .order_by("-updated_at", "-pk")[:limit]
    )
