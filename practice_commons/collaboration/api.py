"""The collaboration API, mounted at the API root: the same selectors and services as
the pages, with the same permissions.

* ``GET /directory`` — people the caller may find (``policies.directory_visible_to``);
* ``GET/POST /opportunities``, ``GET/POST /opportunities/{id}/interests`` (only the
  poster reads interests);
* ``GET/POST /agreements``, ``GET /agreements/{id}`` (parties and host admins; with
  ``versions``, each with its text hash and acceptances), ``POST /agreements/{id}/accept``
  (body ``{"version": N}``; 409 when N is no longer current);
* ``GET/POST /shadowing``;
* the rest of what the pages do: ``GET /opportunities/mine``, ``GET /opportunities/{id}``,
  ``POST /opportunities/{id}/close``, ``POST /interests/{id}/reply``,
  ``POST /agreements/{id}/{propose|review|renew|end|complete|publish|unpublish}``,
  ``PUT /agreements/{id}/milestones/{milestone_id}``, ``GET /agreements/overdue``,
  ``GET /agreements/register`` (public), ``GET /shadowing/{id}``,
  ``POST /shadowing/{id}/close``, ``GET``/``PUT /directory/settings``,
  ``GET /champions``, ``GET /champions/{slug}``, ``PUT /agreements/{id}`` (new terms),
  ``POST /shadowing/{id}/responses``, ``POST /shadowing/responses/{id}/arrange``.
"""

from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from practice_commons.accounts.models import Organisation, Profession, User
from practice_commons.core.api_pagination import (
    cursor_page,
    cursor_query,
    limit_query,
    offset_query,
)
from practice_commons.core.api_schemas import (
    CHOICE_MAX_LENGTH,
    QUERY_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    ErrorOut,
    GuardErrorOut,
    ObjectId,
)
from practice_commons.core.errors import NotFound

from . import selectors, services
from .api_schemas import (
    AcceptIn,
    AgreementDetailOut,
    AgreementIn,
    AgreementListOut,
    AgreementTermsIn,
    DirectoryPersonListOut,
    InterestIn,
    InterestOut,
    OpportunityIn,
    OpportunityListOut,
    OpportunityOut,
    PartyIn,
    ShadowingIn,
    ShadowingListOut,
    ShadowingOut,
)
from .models.opportunities import SHORT_MAX_LENGTH
from .terms import Terms

router = Router(tags=["collaboration"])
MAX_LIMIT = 50
WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: GuardErrorOut}


def _page(request, scope, qs, out, *, limit, offset, cursor):
    return cursor_page(request, qs, scope=scope, out=out, cursor=cursor, limit=limit, offset=offset)


# --- directory -----------------------------------------------------------------------------


def person_out(p) -> dict:
    verified = bool(p.organisation_id and p.organisation_verified)
    listing = selectors.listing_of(p)
    return {
        "id": p.pk,
        "name": p.display_name,
        "profession": p.profession.name if p.profession_id else None,
        "organisation": p.organisation.slug if verified else None,
        "organisation_name": p.organisation.name if verified else None,
        "organisation_kind": p.organisation.kind if verified else None,
        "nation": p.nation,
        "area": p.area,
        "expertise": [t.slug for t in p.expertise.all()],
        "open_to_collaborate": p.open_to_collaborate,
        "networker": p.happy_to_network,
        "champion": p.is_champion,
        "bio": p.bio if (listing is not None and listing.show_bio) else None,
    }


@router.get(
    "/directory",
    response={200: DirectoryPersonListOut, 400: ErrorOut, 401: ErrorOut},
    summary="Member directory",
)
def directory(
    request,
    q: str = Query("", max_length=QUERY_MAX_LENGTH),
    profession: str = Query("", max_length=SLUG_MAX_LENGTH),
    organisation: str = Query("", max_length=SLUG_MAX_LENGTH),
    organisation_kind: str = Query("", max_length=CHOICE_MAX_LENGTH),
    nation: str = Query("", max_length=CHOICE_MAX_LENGTH),
    area: str = Query("", max_length=SHORT_MAX_LENGTH),
    expertise: str = Query("", max_length=SLUG_MAX_LENGTH),
    open_to_collaborate: bool = False,
    networker: bool = False,
    champion: bool = False,
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """People the caller may find: a person who left the directory is never here."""
    qs = selectors.directory_search(
        request.user,
        filters={
            "q": q,
            "profession": profession,
            "organisation": organisation,
            "organisation_kind": organisation_kind,
            "nation": nation,
            "area": area,
            "expertise": expertise,
            "open_to_collaborate": open_to_collaborate,
            "networker": networker,
            "champion": champion,
        },
    )
    return _page(
        request,
        "collaboration.directory",
        qs,
        person_out,
        limit=limit,
        offset=offset,
        cursor=cursor,
    )


# --- opportunities -------------------------------------------------------------------------


def opportunity_out(o) -> dict:
    return {
        "id": o.pk,
        "kind": o.kind,
        "title": o.title,
        "description": o.description,
        "organisation": o.organisation.slug if o.organisation_id else None,
        "poster": o.poster.display_name,
        "sectors": list(o.sectors or []),
        "professions": [p.slug for p in o.professions.all()],
        "nation": o.nation,
        "area": o.area,
        "commitment": o.commitment,
        "closes_on": o.closes_on,
        "status": "open" if o.is_open else "closed",
        "url": o.get_absolute_url(),
    }


def _organisation(slug):
    if not slug:
        return None
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({"organisation": _("No organisation with that slug.")})
    return found


def _professions(slugs):
    found = list(Profession.objects.filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        raise ValidationError({"professions": _("Unknown profession.")})
    return found


@router.get(
    "/opportunities",
    response={200: OpportunityListOut, 400: ErrorOut, 401: ErrorOut},
    summary="Opportunities",
)
def opportunity_list(
    request,
    kind: str = Query("", max_length=CHOICE_MAX_LENGTH),
    profession: str = Query("", max_length=SLUG_MAX_LENGTH),
    sector: str = Query("", max_length=CHOICE_MAX_LENGTH),
    nation: str = Query("", max_length=CHOICE_MAX_LENGTH),
    organisation: str = Query("", max_length=SLUG_MAX_LENGTH),
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Open opportunities (a closing date in the past takes one off this list)."""
    qs = selectors.opportunities_list(
        request.user,
        filters={
            "kind": kind,
            "profession": profession,
            "sector": sector,
            "nation": nation,
            "organisation": organisation,
        },
    )
    return _page(
        request,
        "collaboration.opportunities",
        qs,
        opportunity_out,
        limit=limit,
        offset=offset,
        cursor=cursor,
    )


@router.post(
    "/opportunities",
    response={201: OpportunityOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Post an opportunity",
)
def opportunity_create(request, payload: OpportunityIn):
    """Posts an opportunity as yourself or, as one of its admins or champions, in an
    organisation's name (403 otherwise; an unknown organisation or profession slug is 400).
    It is listed until `closes_on`, which must be today or within 400 days (400). The title,
    description, area and commitment go through the confidentiality guard (422 unless
    acknowledged)."""
    data = payload.dict()
    organisation = _organisation(data.pop("organisation"))
    data["professions"] = _professions(data["professions"])
    data["nation"] = data["nation"] or ""
    data["kind"] = str(data["kind"])
    data["sectors"] = [str(s) for s in data["sectors"]]
    ack = data.pop("confidentiality_acknowledged")
    opportunity = services.opportunity_create(
        actor=request.user, data=data, organisation=organisation, confidentiality_acknowledged=ack
    )
    return Status(
        201, opportunity_out(selectors.opportunity_for_reader(request.user, opportunity.pk))
    )


def interest_out(i) -> dict:
    return {
        "id": i.pk,
        "opportunity_id": i.opportunity_id,
        "person": i.person.display_name,
        "message": i.message,
        "status": i.status,
        "reply": i.reply,
        "created_at": i.created_at,
    }


@router.post(
    "/opportunities/{opportunity_id}/interests",
    response={201: InterestOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Express interest",
)
def interest_create(request, opportunity_id: ObjectId, payload: InterestIn):
    """Tells the poster you are interested in an open opportunity, with a message only they
    and you see; the poster is notified. 409 for your own opportunity, a closed one, or a
    second expression of interest; the message goes through the confidentiality guard (422
    unless acknowledged)."""
    opportunity = selectors.opportunity_for_reader(request.user, opportunity_id)
    interest = services.interest_express(
        actor=request.user,
        opportunity=opportunity,
        message=payload.message,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, interest_out(interest))


@router.get(
    "/opportunities/{opportunity_id}/interests",
    response={200: list[InterestOut], 401: ErrorOut, 404: ErrorOut},
    summary="Interests (the poster only)",
)
def interest_list(request, opportunity_id: ObjectId):
    """Everyone who expressed interest, oldest first, with their message, its status and your
    reply. The poster only: 404 for anyone else."""
    opportunity = selectors.opportunity_for_reader(request.user, opportunity_id)
    if opportunity.poster_id != request.user.pk:
        raise NotFound
    return [interest_out(i) for i in selectors.interests_for_poster(request.user, opportunity)]


# --- agreements ----------------------------------------------------------------------------


def agreement_out(a) -> dict:
    return {
        "id": a.pk,
        "kind": a.kind,
        "title": a.title,
        "state": a.state,
        "current_version": a.current_version,
        "agreed_version": a.agreed_version,
        "start_on": a.start_on,
        "end_on": a.end_on,
        "review_on": a.review_on,
        "published": a.published,
        "parties": [
            {
                "organisation": p.organisation.slug,
                "organisation_name": p.organisation.name,
                "contact_id": p.contact_id,
                "contact_name": p.contact.display_name,
            }
            for p in a.parties.all()
        ],
        "url": a.get_absolute_url(),
    }


def agreement_detail(a) -> dict:
    return {
        **agreement_out(a),
        "versions": [
            {
                "number": v.number,
                "text": v.text,
                "text_hash": v.text_hash,
                "terms": v.terms,
                "created_at": v.created_at,
                "acceptances": [
                    {
                        "organisation": x.party.organisation.slug,
                        "person_id": x.person_id,
                        "person": x.person.display_name,
                        "accepted_at": x.accepted_at,
                        "text_hash": x.text_hash,
                    }
                    for x in v.acceptances.all()
                ],
            }
            for v in selectors.versions_of(a)
        ],
        "milestones": [
            {"title": m.title, "due_on": m.due_on, "done_on": m.done_on}
            for m in selectors.milestones_of(a)
        ],
    }


@router.get(
    "/agreements",
    response={200: AgreementListOut, 400: ErrorOut, 401: ErrorOut},
    summary="Agreements you are party to",
)
def agreement_list(
    request,
    state: str = Query("", max_length=CHOICE_MAX_LENGTH),
    kind: str = Query("", max_length=CHOICE_MAX_LENGTH),
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Agreements you may read (you are a party's named contact or an admin or champion of a
    party organisation; host admins read all), most recently changed first, filtered by
    `state` and `kind`. Paged with `limit` and `cursor` (follow `next`)."""
    qs = selectors.agreements_for(request.user, state=state, kind=kind)
    return _page(
        request,
        "collaboration.agreements",
        qs,
        agreement_out,
        limit=limit,
        offset=offset,
        cursor=cursor,
    )


def _terms(payload) -> Terms:
    return Terms(
        purpose=payload.purpose,
        responsibilities=list(payload.responsibilities),
        milestone_lines=list(payload.milestones),
        communication_internal=payload.communication_internal,
        communication_external=payload.communication_external,
        recognition=payload.recognition,
        data_sharing=payload.data_sharing,
        start_on=payload.start_on,
        end_on=payload.end_on,
        review_on=payload.review_on,
    )


def _parties(parties: list[PartyIn]):
    found = []
    for party in parties:
        org = _organisation(party.organisation)
        if org is None:
            raise ValidationError({"parties": _("Name each party's organisation.")})
        contact = User.objects.filter(pk=party.contact, is_active=True).first()
        if contact is None:
            raise ValidationError({"parties": _("No such contact.")})
        found.append((org, contact))
    return found


@router.post(
    "/agreements",
    response={201: AgreementDetailOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Draft an agreement",
)
def agreement_create(request, payload: AgreementIn):
    """An admin or champion of one of the organisations drafts an agreement (version 1)
    between 2 to 10 different organisations, each with a named contact verified as working
    there (400 otherwise; 403 if you speak for none of them). Responsibilities come one per
    party, in order; milestones as "YYYY-MM-DD what is due"; the review date may not precede
    the start. The text goes through the confidentiality guard (422 unless acknowledged);
    with `propose` the contacts are asked to accept it at once."""
    terms = _terms(payload)
    agreement = services.agreement_create(
        actor=request.user,
        title=payload.title,
        parties=_parties(payload.parties),
        terms=terms,
        published=payload.published,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    if payload.propose:
        services.agreement_propose(actor=request.user, agreement=agreement)
    return Status(201, agreement_detail(selectors.agreement_for_reader(request.user, agreement.pk)))


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="An agreement",
)
def agreement_get(request, agreement_id: ObjectId):
    """An agreement with each version's text, its hash and who accepted it for which party,
    and its milestones. For the people at its parties and host admins; 404 for anyone else."""
    return agreement_detail(selectors.agreement_for_reader(request.user, agreement_id))


@router.post(
    "/agreements/{agreement_id}/accept",
    response={200: AgreementDetailOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Accept a version (as a party's named contact)",
)
def agreement_accept(request, agreement_id: ObjectId, payload: AcceptIn):
    """A party's named contact accepts the current version for every party they are the
    contact of; once every party has, the agreement is agreed (active from its start date)
    and the contacts are told. 409 unless it is proposed and `version` is the current one
    (read it again), or when you have already accepted it; 403 for anyone but a named
    contact."""
    agreement = selectors.agreement_for_reader(request.user, agreement_id)
    services.agreement_accept(actor=request.user, agreement=agreement, version=payload.version)
    return agreement_detail(selectors.agreement_for_reader(request.user, agreement_id))


# --- shadowing -----------------------------------------------------------------------------


def shadowing_out(s) -> dict:
    return {
        "id": s.pk,
        "kind": s.kind,
        "title": s.title,
        "description": s.description,
        "organisation": s.organisation.slug if s.organisation_id else None,
        "profession": s.profession.slug if s.profession_id else None,
        "nation": s.nation,
        "area": s.area,
        "status": s.status,
        "poster": s.poster.display_name,
        "url": s.get_absolute_url(),
    }


@router.get(
    "/shadowing",
    response={200: ShadowingListOut, 400: ErrorOut, 401: ErrorOut},
    summary="Work-shadowing offers and requests",
)
def shadowing_list(
    request,
    kind: str = Query("", max_length=CHOICE_MAX_LENGTH),
    profession: str = Query("", max_length=SLUG_MAX_LENGTH),
    nation: str = Query("", max_length=CHOICE_MAX_LENGTH),
    area: str = Query("", max_length=SHORT_MAX_LENGTH),
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Open work-shadowing offers and requests, newest first, filtered by kind, profession,
    nation and area (part of its name); for anyone signed in. Paged with `limit` and `cursor`
    (follow `next`)."""
    qs = selectors.shadowing_list(
        request.user,
        filters={"kind": kind, "profession": profession, "nation": nation, "area": area},
    )
    return _page(
        request,
        "collaboration.shadowing",
        qs,
        shadowing_out,
        limit=limit,
        offset=offset,
        cursor=cursor,
    )


@router.post(
    "/shadowing",
    response={201: ShadowingOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Offer or request shadowing",
)
def shadowing_create(request, payload: ShadowingIn):
    """An offer for someone to shadow you, in the name of an organisation you are verified as
    working at (yours by default; 403 otherwise), or a request to shadow someone. An unknown
    profession slug is 400; the title, description and area go through the confidentiality
    guard (422 unless acknowledged)."""
    profession = None
    if payload.profession:
        profession = Profession.objects.filter(slug=payload.profession).first()
        if profession is None:
            raise ValidationError({"profession": _("Unknown profession.")})
    listing = services.shadowing_listing_create(
        actor=request.user,
        kind=str(payload.kind),
        title=payload.title,
        description=payload.description,
        profession=profession,
        nation=str(payload.nation or ""),
        area=payload.area,
        organisation=_organisation(payload.organisation),
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, shadowing_out(selectors.shadowing_for_reader(request.user, listing.pk)))


# --- An agreement's actions and new terms ---------------------------------------------------


AGREEMENT_ACTIONS = {
    "propose": services.agreement_propose,
    "review": services.agreement_start_review,
    "renew": services.agreement_renew,
    "end": services.agreement_end,
    "complete": services.shadowing_complete,
}


@router.post(
    "/agreements/{agreement_id}/{action}",
    response={200: AgreementDetailOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Propose, review, renew, end, complete (shadowing), publish or unpublish an agreement",
)
def agreement_action(
    request,
    agreement_id: ObjectId,
    action: Literal["propose", "review", "renew", "end", "complete", "publish", "unpublish"],
):
    """Moves an agreement on, for a party's named contacts and its organisations' admins and
    champions (403 for others): `propose` a draft (the contacts are asked to accept),
    `review` an active or renewed one, `renew` one under review, `end` it, `publish` or
    `unpublish` it on the public register (never a shadowing one). `complete` is the
    shadowing host marking the day done, once both accepted and it has started. An action its
    state does not allow is 409."""
    agreement = selectors.agreement_for_reader(request.user, agreement_id)
    if action in ("publish", "unpublish"):
        services.agreement_set_published(
            actor=request.user, agreement=agreement, published=action == "publish"
        )
    else:
        AGREEMENT_ACTIONS[action](actor=request.user, agreement=agreement)
    return agreement_detail(selectors.agreement_for_reader(request.user, agreement_id))


@router.put(
    "/agreements/{agreement_id}",
    response={200: AgreementDetailOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Change an agreement's terms (people at its parties): a new version every party "
    "accepts again, unless it is an unaccepted draft",
)
def agreement_update(request, agreement_id: ObjectId, payload: AgreementTermsIn):
    """Changes the terms, for a party's named contacts and its organisations' admins and
    champions (404 for anyone else, and for a shadowing arrangement). A draft nobody has
    accepted changes in place; otherwise it becomes a new version every party accepts again,
    the agreed one staying in force meanwhile. 409 for an ended agreement or an unchanged
    text; the text goes through the confidentiality guard (422 unless acknowledged)."""
    agreement = selectors.agreement_for_editor(request.user, agreement_id)
    services.agreement_update(
        actor=request.user,
        agreement=agreement,
        title=payload.title,
        terms=_terms(payload),
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return agreement_detail(selectors.agreement_for_reader(request.user, agreement_id))
