"""``/api/v1/library/...`` and ``/api/v1/glossary/...``: the same selectors and services
as the pages. A private community's items are 404 for anyone who may not read it; the
guard's refusals are 422 (handler in ``practice_commons.api.api``).

* ``GET/POST /library/items`` (``kind``, ``community``, ``topic``, ``profession``,
  ``nation``; ``limit``/``offset``), ``GET /library/items/{id}`` (with ``versions``),
  ``POST /library/items/{id}/endorsements``;
* ``GET/POST /glossary/terms``;
* ``GET /library/map?community=<slug>`` (topics × kinds with counts and gaps).
"""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Query, Router, Schema, Status

from practice_commons.accounts.models import ExpertiseTag, Organisation, Profession
from practice_commons.communities import selectors as community_selectors
from practice_commons.core.api_pagination import (
    cursor_page,
    cursor_query,
    limit_query,
    next_field,
    offset_query,
)
from practice_commons.core.api_schemas import (
    CHOICE_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    Choice,
    ErrorOut,
    GuardErrorOut,
    Slug,
    name_field,
)

from . import knowledge, selectors, services
from .models import (
    SUMMARY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    EndorsementKind,
    ItemKind,
)

router = Router(tags=["library"])
Alias = Annotated[str, Field(max_length=80)]
Link = Annotated[str, Field(max_length=500)]
MAX_LIMIT = 50


class VersionOut(Schema):
    number: int
    created_at: datetime
    data: dict


class ItemOut(Schema):
    id: int
    kind: str
    status: str
    title: str
    summary: str
    community: str | None = Field(
        None, description="The community's slug; null for host-wide items."
    )
    topics: list[str]
    professions: list[str]
    nations: list[str]
    age_groups: list[str]
    pcf_domains: list[str]
    agencies: list[str]
    organisations: list[str]
    review_by: date | None
    may_be_out_of_date: bool
    updated_at: datetime
    published_at: datetime | None
    version: int
    endorsements: int
    celebrations: int
    url: str
    link: str
    link_status: str
    source_thread_id: int | None


class ItemDetailOut(ItemOut):
    context: str
    what_was_done: str
    outcomes: str
    evidence: str
    before_trying: str
    versions: list[VersionOut]


class ItemListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ItemOut]
    next: str | None = next_field()


class ItemIn(Schema):
    kind: ItemKind = Field(
        ..., description="practice_example or resource (solutions are made from solved threads)."
    )
    community: Slug | None = None
    title: name_field("Title", TITLE_MAX_LENGTH)
    summary: str = Field(..., max_length=SUMMARY_MAX_LENGTH)
    context: str = Field("", max_length=TEXT_MAX_LENGTH)
    what_was_done: str = Field("", max_length=TEXT_MAX_LENGTH)
    outcomes: str = Field("", max_length=TEXT_MAX_LENGTH)
    evidence: str = Field("", max_length=TEXT_MAX_LENGTH)
    before_trying: str = Field("", max_length=TEXT_MAX_LENGTH)
    url: str = Field("", max_length=500)
    topics: list[Slug] = Field(default_factory=list, max_length=20)
    professions: list[Slug] = Field(default_factory=list, max_length=20)
    organisations: list[Slug] = Field(default_factory=list, max_length=10)
    nations: list[Choice] = Field(default_factory=list, max_length=4)
    age_groups: list[Choice] = Field(default_factory=list, max_length=10)
    pcf_domains: list[Choice] = Field(default_factory=list, max_length=9)
    agencies: list[Choice] = Field(default_factory=list, max_length=10)
    review_by: date | None = None
    submit: bool = Field(False, description="Send for publication (review) at once.")
    confidentiality_acknowledged: bool = False


class EndorsementIn(Schema):
    kind: EndorsementKind = EndorsementKind.ENDORSE
    note: str = Field("", max_length=500)
    confidentiality_acknowledged: bool = False


class EndorsementOut(Schema):
    id: int
    kind: str
    note: str
    endorsements: int
    celebrations: int


class TermOut(Schema):
    id: int
    term: str
    slug: str
    definition: str
    status: str
    also_known_as: list[str]
    equivalents: str
    professions: list[str]
    nations: list[str]
    links: list[str]


class TermListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[TermOut]
    next: str | None = next_field()


class TermIn(Schema):
    term: name_field("Term", 80)
    definition: str = Field(..., max_length=1500)
    also_known_as: list[Alias] = Field(default_factory=list, max_length=10)
    equivalents: str = Field("", max_length=500)
    professions: list[Slug] = Field(default_factory=list, max_length=20)
    nations: list[Choice] = Field(default_factory=list, max_length=4)
    links: list[Link] = Field(default_factory=list, max_length=5)
    confidentiality_acknowledged: bool = False


class MapRowOut(Schema):
    topic: str
    topic_slug: str
    counts: dict[str, int]
    questions: int
    open_requests: int
    unanswered: int
    repeated: list[dict]
    no_solution: bool
    gaps: list[str]


class MapOut(Schema):
    community: str | None
    unanswered_days: int
    kinds: list[str]
    topics: list[MapRowOut]


def item_out(item) -> dict:
    return {
        "id": item.pk,
        "kind": item.kind,
        "status": item.status,
        "title": item.title,
        "summary": item.summary,
        "community": item.community.slug if item.community_id else None,
        "topics": [t.slug for t in item.topics.all()],
        "professions": [p.slug for p in item.professions.all()],
        "organisations": [o.slug for o in item.organisations.all()],
        "nations": item.nations,
        "age_groups": item.age_groups,
        "pcf_domains": item.pcf_domains,
        "agencies": item.agencies,
        "review_by": item.review_by,
        "may_be_out_of_date": item.is_out_of_date,
        "updated_at": item.updated_at,
        "published_at": item.published_at,
        "version": item.version,
        "endorsements": item.endorsement_count,
        "celebrations": item.celebration_count,
        "url": item.get_absolute_url(),
        "link": item.url,
        "link_status": item.link_status,
        "source_thread_id": item.source_thread_id,
    }


def _detail(item) -> dict:
    return {
        **item_out(item),
        **{
            f: getattr(item, f)
            for f in ("context", "what_was_done", "outcomes", "evidence", "before_trying")
        },
        "versions": [
            {"number": v.number, "created_at": v.created_at, "data": v.data}
            for v in selectors.versions_of(item)
        ],
    }


@router.get(
    "/library/items",
    response={200: ItemListOut, 400: ErrorOut, 404: ErrorOut},
    summary="Library items",
)
def item_list(
    request,
    kind: str = Query("", max_length=CHOICE_MAX_LENGTH),
    community: str = Query("", max_length=SLUG_MAX_LENGTH),
    topic: str = Query("", max_length=SLUG_MAX_LENGTH),
    profession: str = Query("", max_length=SLUG_MAX_LENGTH),
    nation: str = Query("", max_length=CHOICE_MAX_LENGTH),
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Published items the caller may read, newest update first. ``community`` is a
    slug (404 when the caller may not read it); ``topic`` and ``profession`` are slugs."""
    found = community_selectors.community_for_reader(request.user, community) if community else None
    qs = selectors.items_list(
        request.user,
        kind=kind if kind in ItemKind.values else "",
        community=found,
        topic=topic,
        profession=profession,
        nation=nation,
    )
    return cursor_page(
        request,
        qs,
        scope="library.items",
        out=item_out,
        cursor=cursor,
        limit=limit,
        offset=offset,
    )


@router.post(
    "/library/items",
    response={
        201: ItemDetailOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Write a practice example or add a resource",
)
def item_create(request, payload: ItemIn):
    community = (
        community_selectors.community_for_reader(request.user, payload.community)
        if payload.community
        else None
    )
    item = services.item_create(
        actor=request.user,
        kind=payload.kind,
        community=community,
        title=payload.title,
        summary=payload.summary,
        context=payload.context,
        what_was_done=payload.what_was_done,
        outcomes=payload.outcomes,
        evidence=payload.evidence,
        before_trying=payload.before_trying,
        url=payload.url,
        topics=list(ExpertiseTag.objects.filter(slug__in=payload.topics))
        if payload.topics
        else None,
        professions=list(Profession.objects.filter(slug__in=payload.professions)),
        organisations=list(Organisation.objects.filter(slug__in=payload.organisations))
        if payload.organisations
        else None,
        nations=payload.nations,
        age_groups=payload.age_groups,
        pcf_domains=payload.pcf_domains,
        agencies=payload.agencies,
        review_by=payload.review_by,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    if payload.submit:
        services.item_submit(actor=request.user, item=item)
    return Status(201, _detail(selectors.item_for_reader(request.user, item.pk)))


@router.get(
    "/library/items/{int:item_id}",
    response={200: ItemDetailOut, 404: ErrorOut},
    summary="A library item with its versions",
)
def item_read(request, item_id: int):
    return _detail(selectors.item_for_reader(request.user, item_id))


@router.post(
    "/library/items/{int:item_id}/endorsements",
    response={
        201: EndorsementOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Endorse (we tried this too) or celebrate an item",
)
def item_endorse(request, item_id: int, payload: EndorsementIn):
    item = selectors.item_for_reader(request.user, item_id)
    endorsement = services.endorsement_add(
        actor=request.user,
        item=item,
        kind=payload.kind,
        note=payload.note,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(
        201,
        {
            "id": endorsement.pk,
            "kind": endorsement.kind,
            "note": endorsement.note,
            "endorsements": item.endorsement_count,
            "celebrations": item.celebration_count,
        },
    )


def term_out(term) -> dict:
    return {
        "id": term.pk,
        "term": term.term,
        "slug": term.slug,
        "definition": term.definition,
        "status": term.status,
        "also_known_as": term.also_known_as,
        "equivalents": term.equivalents,
        "professions": [p.slug for p in term.professions.all()],
        "nations": term.nations,
        "links": term.links,
    }


@router.get("/glossary/terms", response={200: TermListOut, 400: ErrorOut}, summary="Glossary terms")
def term_list(
    request,
    q: str = Query("", max_length=100),
    limit: int = limit_query(50, maximum=100),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Approved terms (and, for the person who suggested them and for deciders, suggestions)."""
    qs = selectors.glossary_terms(request.user, q=q)
    return cursor_page(
        request,
        qs,
        scope="glossary.terms",
        out=term_out,
        cursor=cursor,
        limit=limit,
        offset=offset,
    )


@router.post(
    "/glossary/terms",
    response={201: TermOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut, 422: GuardErrorOut},
    summary="Suggest a glossary term",
)
def term_create(request, payload: TermIn):
    term = services.term_suggest(
        actor=request.user,
        term=payload.term,
        definition=payload.definition,
        also_known_as=payload.also_known_as,
        equivalents=payload.equivalents,
        professions=list(Profession.objects.filter(slug__in=payload.professions)),
        nations=payload.nations,
        links=payload.links,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, term_out(term))


@router.get("/library/map", response={200: MapOut, 404: ErrorOut}, summary="Knowledge map")
def knowledge_map(request, community: str = Query("", max_length=SLUG_MAX_LENGTH)):
    """Topics × kinds of knowledge with counts and gaps, for one community (a slug) or
    everything the caller may read."""
    found = community_selectors.community_for_reader(request.user, community) if community else None
    kmap = knowledge.knowledge_map(request.user, found)
    return {
        "community": found.slug if found else None,
        "unanswered_days": knowledge.UNANSWERED_DAYS,
        "kinds": [key for key, _label in kmap.columns],
        "topics": [
            {
                "topic": r.topic.name,
                "topic_slug": r.topic.slug,
                "counts": r.counts,
                "questions": r.questions,
                "open_requests": r.open_requests,
                "unanswered": r.unanswered,
                "repeated": [{"title": t, "times": n} for t, n in r.repeated],
                "no_solution": r.no_solution,
                "gaps": r.gaps,
            }
            for r in kmap.rows
        ],
    }
