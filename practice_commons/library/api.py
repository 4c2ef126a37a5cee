"""``/api/v1/library/...`` and ``/api/v1/glossary/...``: the same selectors and services
as the pages. A private community's items are 404 for anyone who may not read it; the
guard's refusals are 422 (handler in ``practice_commons.api.api``).

* ``GET/POST /library/items`` (``kind``, ``community``, ``topic``, ``profession``,
  ``nation``; ``limit``/``offset``), ``GET /library/items/{id}`` (with ``versions``),
  ``POST /library/items/{id}/endorsements``;
* ``PATCH /library/items/{id}`` (edit; ``publish`` finishes a documented solution),
  ``POST /library/items/{id}/submit``, ``POST /library/items/{id}/review``,
  ``POST /library/items/{id}/reflection``;
* ``GET /library/drafts``, ``GET /library/review-queue``,
  ``GET /library/threads/{thread_id}/solution``;
* ``GET/POST /glossary/terms``, ``POST /glossary/terms/{id}/decision``;
* ``GET /library/map?community=<slug>`` (topics × kinds with counts and gaps).
"""

from ninja import Query, Router, Status

from practice_commons.accounts.models import ExpertiseTag, Organisation, Profession
from practice_commons.communities import selectors as community_selectors
from practice_commons.core.api_pagination import (
    cursor_page,
    cursor_query,
    limit_query,
    offset_query,
)
from practice_commons.core.api_schemas import (
    CHOICE_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    ErrorOut,
    GuardErrorOut,
)
from practice_commons.core.errors import NotFound

from . import knowledge, policies, selectors, services
from .api_schemas import (
    EndorsementIn,
    EndorsementOut,
    ItemDetailOut,
    ItemIn,
    ItemListOut,
    ItemPatchIn,
    ItemReflectionOut,
    ItemReviewIn,
    MapOut,
    TermDecisionIn,
    TermIn,
    TermListOut,
    TermOut,
)
from .models import (
    ItemKind,
)

router = Router(tags=["library"])
MAX_LIMIT = 50


def item_out(item) -> dict:
    return {
        "id": item.pk,
        "kind": item.kind,
        "status": item.status,
        "title": item.title,
        "summary": item.summary,
        "title_cy": item.title_cy,
        "summary_cy": item.summary_cy,
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
    """A draft practice example or resource, in a community where you may post or
    host-wide (host members); documented solutions come from solved threads instead.
    ``submit`` sends it for review at once. The texts pass the confidentiality guard
    (422)."""
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
        title_cy=payload.title_cy,
        summary_cy=payload.summary_cy,
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
    """A published item to anyone who may read its community (a private community's
    items to its members only); a draft or an item in review only to those who may edit
    it. Anyone else: 404."""
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
    """Endorse ("we tried this too") or celebrate a published item someone else wrote,
    once each per person (409 the second time; 403 on your own item). The note passes
    the confidentiality guard (422)."""
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
    """Suggest a glossary term, with its equivalents in other professions and nations;
    it is published when a decider approves it (at once when a decider suggests it).
    The texts pass the confidentiality guard (422)."""
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


def _page(request, qs, scope, cursor, limit, offset):
    return cursor_page(
        request, qs, scope=scope, out=item_out, cursor=cursor, limit=limit, offset=offset
    )


@router.patch(
    "/library/items/{int:item_id}",
    response={
        200: ItemDetailOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Edit a library item (a new version)",
)
def item_edit(request, item_id: int, payload: ItemPatchIn):
    """For the item's writer, its contact, the solved thread's author (solutions) and its
    reviewers; anyone else gets 404. Every change of text is kept as a new version; a
    published item stays published. ``publish`` finishes a documented solution's draft."""
    item = selectors.item_for_editor(request.user, item_id)
    data = payload.dict(exclude={"publish", "confidentiality_acknowledged"}, exclude_none=True)
    for name, model in (
        ("topics", ExpertiseTag),
        ("professions", Profession),
        ("organisations", Organisation),
    ):
        if name in data:
            data[name] = list(model.objects.filter(slug__in=data[name]))
    write = services.solution_publish if payload.publish else services.item_update
    write(
        actor=request.user,
        item=item,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
        **data,
    )
    return _detail(selectors.item_for_reader(request.user, item.pk))


@router.post(
    "/library/items/{int:item_id}/submit",
    response={200: ItemDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Submit a draft for review",
)
def item_submit(request, item_id: int):
    """Sends a draft to its reviewers (or publishes it at once when the host does not
    require review, or its writer is a reviewer). For those who may edit it; 409 when it
    is not a draft."""
    item = selectors.item_for_editor(request.user, item_id)
    services.item_submit(actor=request.user, item=item)
    return _detail(selectors.item_for_reader(request.user, item.pk))


@router.post(
    "/library/items/{int:item_id}/review",
    response={
        200: ItemDetailOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Review an item: publish it or return it with a note",
)
def item_review(request, item_id: int, payload: ItemReviewIn):
    """For its reviewers (facilitators and owners of its community, admins of its
    organisations, host admins; never its own writer): 404 for anyone else, as on the
    page. Returning needs a note (400 without one); 409 when it is not waiting."""
    item = selectors.item_for_reader(request.user, item_id)
    if not policies.can_review(request.user, item):
        raise NotFound
    services.item_review(
        actor=request.user,
        item=item,
        approve=payload.decision == "approve",
        note=payload.note,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return _detail(selectors.item_for_reader(request.user, item.pk))


@router.post(
    "/library/items/{int:item_id}/reflection",
    response={200: ItemReflectionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Record that you read and reflected on an item (a CPD draft)",
)
def item_reflect(request, item_id: int):
    """Once per person (again returns the same); a draft CPD record is made for you.
    409 for an item that is not published."""
    item = selectors.item_for_reader(request.user, item_id)
    services.item_reflect(actor=request.user, item=item)
    return {"item_id": item.pk, "reflected": True}


@router.get(
    "/library/drafts",
    response={200: ItemListOut, 400: ErrorOut},
    summary="Your drafts",
)
def drafts(
    request,
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Drafts you may finish: your own, solutions from your solved threads and (for
    facilitators) those in your communities; latest change first."""
    return _page(
        request, selectors.drafts_for(request.user), "library.drafts", cursor, limit, offset
    )


@router.get(
    "/library/review-queue",
    response={200: ItemListOut, 400: ErrorOut},
    summary="Items waiting for your review",
)
def review_queue(
    request,
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Items waiting for review that you may review (never your own), longest waiting
    first; empty for anyone who reviews nothing."""
    return _page(
        request, selectors.review_queue_for(request.user), "library.review", cursor, limit, offset
    )


@router.get(
    "/library/threads/{int:thread_id}/solution",
    response={200: ItemDetailOut, 404: ErrorOut},
    summary="The documented solution of a thread",
)
def solution_for_thread(request, thread_id: int):
    """The library item made from a solved thread (its draft for those who may finish
    it; finish it with ``PATCH /library/items/{id}`` and ``publish``). 404 when there is
    none you may read."""
    item = selectors.solution_for_thread(request.user, thread_id)
    return _detail(item)


@router.post(
    "/glossary/terms/{int:term_id}/decision",
    response={200: TermOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Accept or decline a suggested glossary term",
)
def term_decide(request, term_id: int, payload: TermDecisionIn):
    """For host admins and facilitators (404 for anyone else); 409 when the term is
    already decided."""
    term = selectors.term_for_decider(request.user, term_id)
    services.term_decide(actor=request.user, term=term, approve=payload.decision == "approve")
    return term_out(term)
