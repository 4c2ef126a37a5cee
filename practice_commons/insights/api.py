"""``/api/v1/insights``: a community's health and its report (facilitators and host admins), its
value-creation stories (read by whoever may read the community, written by its
members), and the networkers across agencies (host admins and champions). The same
selectors, policies and services as the pages."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from practice_commons.communities import selectors as community_selectors
from practice_commons.core.api_pagination import (
    cursor_page,
    cursor_query,
    limit_query,
    next_field,
    offset_query,
)
from practice_commons.core.api_schemas import ErrorOut, GuardErrorOut, example
from practice_commons.core.errors import PermissionDenied
from practice_commons.library import knowledge

from . import policies, selectors, services
from .models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Cycle

router = Router(tags=["insights"])
MAX_LIMIT = 50
FROM_QUERY = Query(
    None,
    alias="from",
    description="First day of a calendar quarter (YYYY-MM-DD); default: the last closed quarter",
)
TO_QUERY = Query(None, description="Last day of the same quarter (YYYY-MM-DD)")


class FigureOut(Schema):
    key: str
    label: str
    value: float | None = Field(None, description="null when suppressed or not applicable")
    suppressed: bool
    previous: float | None
    previous_suppressed: bool
    change: float | None


class KindOut(Schema):
    kind: str
    threads: int


class MonthOut(Schema):
    month: str
    threads: int
    active_members: int | None
    active_members_suppressed: bool


class GapOut(Schema):
    topic: str
    gaps: list[str]


class HealthOut(Schema):
    community: str
    start: date
    end: date
    previous_start: date
    previous_end: date
    suppression_threshold: int
    figures: list[FigureOut]
    threads_by_kind: list[KindOut]
    months: list[MonthOut]
    knowledge_gaps: list[GapOut]


@router.get(
    "/communities/{slug}/health",
    response={
        200: HealthOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
    },
    summary="A community's health over a period (facilitators and host admins)",
)
def health(
    request,
    slug: str,
    from_: date | None = FROM_QUERY,
    to: date | None = TO_QUERY,
):
    """The community's health over a calendar quarter (the last closed one unless
    ``from`` and ``to`` give exactly another; 400 otherwise), small numbers suppressed,
    with its largest knowledge gaps. 403 for members who are not facilitators."""
    community, period = _health_of(request, slug, from_, to)
    return _health_body(request, community, period, gaps=20)


def _health_of(request, slug, from_, to):
    """The community (facilitators and host admins only, as the pages) and the period."""
    community = community_selectors.community_for_reader(request.user, slug)
    if not policies.can_see_health(request.user, community):
        raise PermissionDenied(_("Only the community's facilitators can see its insights."))
    try:
        period = selectors.period_from(from_, to)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    return community, period


def _health_body(request, community, period, *, gaps: int) -> dict:
    data = selectors.community_health(community, period)
    kmap = knowledge.knowledge_map(request.user, community)
    return {
        "community": community.slug,
        "start": period.start,
        "end": period.end,
        "previous_start": period.previous.start,
        "previous_end": period.previous.end,
        "suppression_threshold": selectors.K,
        "figures": [
            {
                "key": key,
                "label": label,
                "value": this.as_json(),
                "suppressed": this.suppressed,
                "previous": prev.as_json(),
                "previous_suppressed": prev.suppressed,
                "change": change.as_json(),
            }
            for key, label, this, prev, change in data.comparison()
        ],
        "threads_by_kind": [
            {"kind": kind, "threads": fig.value} for kind, _l, fig in data.current.threads_by_kind
        ],
        "months": [
            {
                "month": f"{m.month:%Y-%m}",
                "threads": m.threads,
                "active_members": m.active.as_json(),
                "active_members_suppressed": m.active.suppressed,
            }
            for m in data.months
        ],
        "knowledge_gaps": [{"topic": r.topic.name, "gaps": r.gaps} for r in kmap.gap_rows[:gaps]],
    }


class StoryOut(Schema):
    id: int
    title: str
    author: str
    cycles: list[str]
    what_happened: str
    what_it_gave: str
    how_used: str
    difference: str
    evidence: str
    consent_to_publish: bool
    featured: bool
    hidden: bool = Field(
        False, description="hidden by a facilitator: only its author and the facilitators see it"
    )
    created_at: datetime
    updated_at: datetime | None = None
    url: str


class StoryListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[StoryOut]
    next: str | None = next_field()


class StoryIn(Schema):
    model_config = example(
        {
            "title": "A police contact who now calls before a welfare visit",
            "cycles": ["potential", "applied"],
            "what_happened": "In the neurodiversity thread I met a neighbourhood officer "
            "who asked how we prepare families for a visit.",
            "what_it_gave": "A named contact and a shared checklist for visits.",
            "how_used": "We now agree who goes first and what the family is told.",
            "difference": "Fewer visits end early because a parent was alarmed.",
            "consent_to_publish": True,
        }
    )

    title: str = Field(..., max_length=TITLE_MAX_LENGTH)
    cycles: list[Cycle] = Field(..., min_length=1, max_length=len(Cycle.values))
    what_happened: str = Field(..., max_length=TEXT_MAX_LENGTH)
    what_it_gave: str = Field(..., max_length=TEXT_MAX_LENGTH)
    how_used: str = Field("", max_length=TEXT_MAX_LENGTH)
    difference: str = Field("", max_length=TEXT_MAX_LENGTH)
    evidence: str = Field("", max_length=TEXT_MAX_LENGTH)
    consent_to_publish: bool = False
    confidentiality_acknowledged: bool = False


def story_out(story) -> dict:
    return {
        "id": story.pk,
        "title": story.title,
        "author": story.author.display_name,
        "cycles": story.cycles,
        "what_happened": story.what_happened,
        "what_it_gave": story.what_it_gave,
        "how_used": story.how_used,
        "difference": story.difference,
        "evidence": story.evidence,
        "consent_to_publish": story.consent_to_publish,
        "featured": story.featured,
        "hidden": story.hidden,
        "created_at": story.created_at,
        "updated_at": story.updated_at,
        "url": story.get_absolute_url(),
    }


@router.get(
    "/communities/{slug}/stories",
    response={200: StoryListOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="A community's value-creation stories (what the caller may read)",
)
def story_list(
    request,
    slug: str,
    featured: bool = False,
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Published stories (the author consented and no facilitator hid them), your own,
    and every story for the community's facilitators; featured first, then newest.
    ``featured=true`` keeps the featured, consented ones. Cursor-paginated."""
    community = community_selectors.community_for_reader(request.user, slug)
    qs = selectors.stories_for(request.user, community, featured_only=featured)
    return cursor_page(
        request,
        qs,
        scope="insights.stories",
        out=story_out,
        cursor=cursor,
        limit=limit,
        offset=offset,
    )


@router.post(
    "/communities/{slug}/stories",
    response={
        201: StoryOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Record a value-creation story (members of the community)",
)
def story_create(request, slug: str, payload: StoryIn):
    """A member records what the community gave them, against the value-creation
    cycles. Others read it only once ``consent_to_publish`` is true; the texts pass the
    confidentiality guard (422)."""
    community = community_selectors.community_for_reader(request.user, slug)
    data = payload.dict()
    story = services.story_create(
        actor=request.user,
        community=community,
        title=data["title"],
        cycles=[str(c) for c in data["cycles"]],
        what_happened=data["what_happened"],
        what_it_gave=data["what_it_gave"],
        how_used=data["how_used"],
        difference=data["difference"],
        evidence=data["evidence"],
        consent_to_publish=data["consent_to_publish"],
        confidentiality_acknowledged=data["confidentiality_acknowledged"],
    )
    return Status(201, story_out(story))


class StoryPatchIn(Schema):
    """The author's parts (any subset; the rest stays) and the facilitators' curation."""

    model_config = example({"featured": True})

    title: str | None = Field(None, max_length=TITLE_MAX_LENGTH)
    cycles: list[Cycle] | None = Field(None, min_length=1, max_length=len(Cycle.values))
    what_happened: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    what_it_gave: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    how_used: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    difference: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    evidence: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    consent_to_publish: bool | None = None
    confidentiality_acknowledged: bool = False
    featured: bool | None = Field(None, description="facilitators only")
    hidden: bool | None = Field(None, description="facilitators only")


AUTHOR_PARTS = (
    "title",
    "cycles",
    "what_happened",
    "what_it_gave",
    "how_used",
    "difference",
    "evidence",
    "consent_to_publish",
)


@router.patch(
    "/communities/{slug}/stories/{story_id}",
    response={
        200: StoryOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Change a story (its author) or curate it (featured, hidden: facilitators)",
)
def story_update(request, slug: str, story_id: int, payload: StoryPatchIn):
    """The author changes the story's parts; facilitators feature or hide it. One
    request is all or nothing: a part the caller may not change refuses the whole
    request with 403 before anything is written."""
    community = community_selectors.community_for_reader(request.user, slug)
    story = selectors.story_for_reader(request.user, community, story_id)
    data = payload.dict(exclude_unset=True)
    parts = {k: data[k] for k in AUTHOR_PARTS if data.get(k) is not None}
    if "cycles" in parts:
        parts["cycles"] = [str(c) for c in parts["cycles"]]
    curating = {k: data[k] for k in ("featured", "hidden") if data.get(k) is not None}
    # Refuse before writing anything: one request is all or nothing.
    if parts and not policies.can_change_story(request.user, story):
        raise PermissionDenied(_("Only the author of a story can change it."))
    if curating and not policies.can_curate(request.user, community):
        raise PermissionDenied(_("Only the community's facilitators curate its stories."))
    with transaction.atomic():
        if parts:
            story = services.story_update(
                actor=request.user,
                story=story,
                confidentiality_acknowledged=data.get("confidentiality_acknowledged", False),
                **parts,
            )
        if "hidden" in curating:
            story = services.story_set_hidden(
                actor=request.user, story=story, hidden=curating["hidden"]
            )
        if "featured" in curating:
            story = services.story_set_featured(
                actor=request.user, story=story, featured=curating["featured"]
            )
    return story_out(story)


@router.delete(
    "/communities/{slug}/stories/{story_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Delete a story (its author)",
)
def story_delete(request, slug: str, story_id: int):
    """Only the story's author may delete it (403 for others who can read it)."""
    community = community_selectors.community_for_reader(request.user, slug)
    story = selectors.story_for_reader(request.user, community, story_id)
    services.story_delete(actor=request.user, story=story)
    return Status(204, None)


class NetworkerOut(Schema):
    name: str
    organisation: str | None
    profession: str | None
    organisations_in_contact: int
    professions_in_contact: int


class PairOut(Schema):
    organisation_a: str
    organisation_b: str
    weight: float


class ProfessionPairOut(Schema):
    profession_a: str
    profession_b: str
    weight: float


class IntroductionOut(Schema):
    community_a: str
    community_b: str
    similarity: float = Field(..., description="0–1: shared topics, professions, member mix")
    weight: float = Field(..., description="weighted contact between their members")
    reason: str


class SuggestionOut(Schema):
    invite: str
    to_community: str
    where: str


class NetworkOut(Schema):
    computed_at: datetime | None
    seconds: float | None
    people: int | None
    connections: int | None
    bridging_people: int | None = Field(None, description="null when fewer than 10")
    isolated_members: int | None = Field(None, description="null when fewer than 10")
    networkers: list[NetworkerOut]
    low_contact_pairs: list[PairOut]
    strong_pairs: list[PairOut]
    suggestions: list[SuggestionOut]
    low_contact_profession_pairs: list[ProfessionPairOut] = []
    community_introductions: list[IntroductionOut] = []


@router.get(
    "/networkers",
    response={200: NetworkOut, 401: ErrorOut, 403: ErrorOut},
    summary="Networkers across agencies (host admins and organisation champions)",
)
def networkers(request):
    """The latest network snapshot: people who bridge agencies (only those who chose to
    be found for networking), profession pairs with little contact and suggested
    introductions. Organisation champions see their organisations' part; host admins
    all. Before the first snapshot every figure is null."""
    if not policies.can_see_network(request.user):
        raise PermissionDenied(_("Only host admins and organisation champions can see this."))
    view = selectors.network_view(request.user)
    snap = view.snapshot
    if snap is None:
        return {
            "computed_at": None,
            "seconds": None,
            "people": None,
            "connections": None,
            "networkers": [],
            "low_contact_pairs": [],
            "strong_pairs": [],
            "suggestions": [],
        }

    def pair(p):
        return {
            "organisation_a": p["a_org"].slug,
            "organisation_b": p["b_org"].slug,
            "weight": p["weight"],
        }

    return {
        "computed_at": snap.computed_at,
        "seconds": snap.seconds,
        "people": snap.people,
        "connections": snap.connections,
        "bridging_people": view.bridging_total.as_json(),
        "isolated_members": view.isolated.as_json(),
        "networkers": [
            {
                "name": r["person"].display_name,
                "organisation": r["person"].organisation.slug if r["person"].organisation else None,
                "profession": r["person"].profession.slug if r["person"].profession else None,
                "organisations_in_contact": r["organisations"],
                "professions_in_contact": r["professions"],
            }
            for r in view.networkers
        ],
        "low_contact_pairs": [pair(p) for p in view.low_pairs],
        "strong_pairs": [pair(p) for p in view.strong_pairs],
        "suggestions": [
            {
                "invite": x["invite_org"].slug,
                "to_community": x["community"].slug,
                "where": x["where_org"].slug,
            }
            for x in view.suggestions
        ],
        "low_contact_profession_pairs": [
            {
                "profession_a": p["a_slug"],
                "profession_b": p["b_slug"],
                "weight": p["weight"],
            }
            for p in view.profession_pairs
        ],
        "community_introductions": [
            {
                "community_a": x["a_community"].slug,
                "community_b": x["b_community"].slug,
                "similarity": x["similarity"],
                "weight": x["weight"],
                "reason": x["reason"],
            }
            for x in view.introductions
        ],
    }


class CommunityReportOut(HealthOut):
    quotes: list[str] = Field(
        ..., description="What attendees said reflective sessions gave them, quoted with consent"
    )
    stories: list[StoryOut] = Field(
        ..., description="Featured value-creation stories their authors agreed to publish"
    )


@router.get(
    "/communities/{slug}/report",
    response={200: CommunityReportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A community's impact report over a period (facilitators and host admins)",
)
def report(
    request,
    slug: str,
    from_: date | None = FROM_QUERY,
    to: date | None = TO_QUERY,
):
    """The report page's content: the health figures (small numbers suppressed), the ten
    largest knowledge gaps, consented quotes and featured stories of the period."""
    community, period = _health_of(request, slug, from_, to)
    return {
        **_health_body(request, community, period, gaps=10),
        "quotes": selectors.consented_quotes(community, period),
        "stories": [story_out(s) for s in selectors.report_stories(community, period)],
    }


class RefreshOut(Schema):
    detail: str


@router.post(
    "/networkers/refresh",
    response={202: RefreshOut, 401: ErrorOut, 403: ErrorOut},
    summary="Recompute the networkers (host admins)",
)
def network_refresh(request):
    """Asks for a fresh network snapshot; it is computed in the background within a few
    minutes (``GET /insights/networkers`` shows it when ready)."""
    services.network_refresh_request(actor=request.user)
    return Status(202, {"detail": _("A new snapshot is being computed. It takes a few minutes.")})
