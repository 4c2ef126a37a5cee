"""More of the collaboration API, beside ``api.py`` and mounted before it (so
``/agreements/overdue``, ``/agreements/register`` and ``/opportunities/mine`` are not read
as ids): your opportunities, one opportunity and closing it, replies to interest,
milestones, what is overdue, the public register, shadowing listings, responses and
arrangements, directory settings and champions. The same selectors and services as the
pages."""

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from practice_commons.core.api_pagination import (
    cursor_query,
    limit_query,
    next_field,
    offset_query,
)
from practice_commons.core.api_schemas import (
    ErrorOut,
    ObjectId,
    Slug,
    example,
)
from practice_commons.core.errors import NotFound

from . import selectors, services
from .api import (
    MAX_LIMIT,
    WRITE_ERRORS,
    _page,
    agreement_detail,
    agreement_out,
    interest_out,
    opportunity_out,
    shadowing_out,
)
from .api_schemas import (
    AgreementDetailOut,
    AgreementListOut,
    AgreementOut,
    InterestOut,
    OpportunityOut,
    ShadowingOut,
)

router = Router(tags=["collaboration"])


# --- Overdue and the public register --------------------------------------------------------


class OverdueMilestoneOut(Schema):
    agreement_id: int
    title: str
    due_on: date


class OverdueOut(Schema):
    reviews: list[AgreementOut]
    milestones: list[OverdueMilestoneOut]


@router.get(
    "/agreements/overdue",
    response={200: OverdueOut, 401: ErrorOut},
    summary="Agreements you see whose review is overdue, and their late milestones (100 each)",
)
def agreements_overdue(request):
    """Running agreements you may read whose review date has passed (and are not
    already under review), and their milestones not done by their due date: at most
    100 of each, the longest overdue first."""
    found = selectors.overdue_for(request.user)
    return {
        "reviews": [agreement_out(a) for a in found["reviews"][:100]],
        "milestones": [
            {"agreement_id": m.agreement_id, "title": m.title, "due_on": m.due_on}
            for m in found["milestones"][:100]
        ],
    }


@router.get(
    "/agreements/register",
    response={200: AgreementListOut, 400: ErrorOut},
    auth=None,
    summary="The public register of running agreements their parties chose to publish",
)
def agreement_register(
    request,
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """The public register: running agreements whose parties chose to publish them,
    most recently agreed first. Open to anyone, without a token. Paged with `limit`
    and `cursor` (follow `next`)."""
    return _page(
        request,
        "collaboration.register",
        selectors.public_register(),
        agreement_out,
        limit=limit,
        offset=offset,
        cursor=cursor,
    )


# --- More of what the pages do ---------------------------------------------------------------


class MyOpportunityOut(OpportunityOut):
    interest_count: int


class MyOpportunityListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[MyOpportunityOut]
    next: str | None = next_field()


@router.get(
    "/opportunities/mine",
    response={200: MyOpportunityListOut, 400: ErrorOut, 401: ErrorOut},
    summary="The opportunities you posted, newest first, with how many expressed interest",
)
def my_opportunities(
    request,
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Every opportunity you posted, open or closed, newest first, with how many
    people expressed interest. Paged with `limit` and `cursor` (follow `next`)."""
    return _page(
        request,
        "collaboration.my-opportunities",
        selectors.opportunities_posted_by(request.user).prefetch_related("professions"),
        lambda o: {**opportunity_out(o), "interest_count": o.interest_count},
        limit=limit,
        offset=offset,
        cursor=cursor,
    )


@router.get(
    "/opportunities/{opportunity_id}",
    response={200: OpportunityOut, 401: ErrorOut, 404: ErrorOut},
    summary="One opportunity",
)
def opportunity_get(request, opportunity_id: ObjectId):
    """An open opportunity, for anyone signed in; a closed one only for its poster,
    its organisation's admins and champions, and people who expressed interest (404
    for anyone else)."""
    return opportunity_out(selectors.opportunity_for_reader(request.user, opportunity_id))


@router.post(
    "/opportunities/{opportunity_id}/close",
    response={200: OpportunityOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Close an opportunity you posted (409 if already closed)",
)
def opportunity_close(request, opportunity_id: ObjectId):
    """Closes an opportunity, taking it off the listings, for its poster or its
    organisation's admins and champions (403 for others); 409 when already closed."""
    opportunity = selectors.opportunity_for_reader(request.user, opportunity_id)
    services.opportunity_close(actor=request.user, opportunity=opportunity)
    return opportunity_out(selectors.opportunity_for_reader(request.user, opportunity_id))


class InterestReplyIn(Schema):
    model_config = example(
        {
            "status": "shortlisted",
            "reply": "Thank you: could we talk next week about how your team might take part?",
            "confidentiality_acknowledged": False,
        }
    )

    status: str = Field(max_length=20, description="The interest's new status, as on the page.")
    reply: str = Field("", max_length=2000)
    confidentiality_acknowledged: bool = False


@router.post(
    "/interests/{interest_id}/reply",
    response={200: InterestOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Reply to an expression of interest in your opportunity",
)
def interest_reply(request, interest_id: ObjectId, payload: InterestReplyIn):
    """The poster sets an expression of interest's status (`new`, `shortlisted` or
    `declined`; 400 otherwise) and may reply, which notifies the person. 404 for
    anyone but the poster; the reply goes through the confidentiality guard (422
    unless acknowledged)."""
    interest = selectors.interest_for_poster(request.user, interest_id)
    interest = services.interest_reply(
        actor=request.user,
        interest=interest,
        status=payload.status,
        reply=payload.reply,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return interest_out(interest)


class MilestoneIn(Schema):
    model_config = example({"done": True})

    done: bool


@router.put(
    "/agreements/{agreement_id}/milestones/{milestone_id}",
    response={200: AgreementDetailOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Mark a milestone done or not done (the parties)",
)
def milestone_done(request, agreement_id: ObjectId, milestone_id: ObjectId, payload: MilestoneIn):
    """Marks a milestone done today, or not done, and answers the agreement. For a
    party's named contacts and its organisations' admins and champions (403 for
    others who may read it); 404 for a milestone of another agreement."""
    agreement = selectors.agreement_for_reader(request.user, agreement_id)
    milestone = selectors.milestones_of(agreement).filter(pk=milestone_id).first()
    if milestone is None:
        raise NotFound
    services.milestone_mark_done(actor=request.user, milestone=milestone, done=payload.done)
    return agreement_detail(selectors.agreement_for_reader(request.user, agreement_id))


@router.get(
    "/shadowing/{listing_id}",
    response={200: ShadowingOut, 401: ErrorOut, 404: ErrorOut},
    summary="One shadowing listing",
)
def shadowing_get(request, listing_id: ObjectId):
    """An open listing, for anyone signed in; a closed one only for its poster and
    the people who responded (404 for anyone else)."""
    return shadowing_out(selectors.shadowing_for_reader(request.user, listing_id))


@router.post(
    "/shadowing/{listing_id}/close",
    response={200: ShadowingOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Close a shadowing listing you posted (409 if already closed)",
)
def shadowing_close(request, listing_id: ObjectId):
    """Closes your listing so nobody else can respond to it; its poster only (403 for
    others), 409 when already closed."""
    listing = selectors.shadowing_for_reader(request.user, listing_id)
    services.shadowing_listing_close(actor=request.user, listing=listing)
    return shadowing_out(selectors.shadowing_for_reader(request.user, listing_id))


class DirectorySettingsIO(Schema):
    model_config = example({"visibility": "communities", "show_bio": True})

    visibility: str = Field(max_length=20, description="Who finds you in the directory.")
    show_bio: bool


@router.get(
    "/directory/settings",
    response={200: DirectorySettingsIO, 401: ErrorOut},
    summary="Who finds you in the directory",
)
def directory_settings_read(request):
    """Who finds you in the directory (`signed_in`, `host_members`, `communities` or
    `hidden`) and whether your "about you" shows there."""
    listing = selectors.directory_listing_for(request.user)
    return {"visibility": listing.visibility, "show_bio": listing.show_bio}


@router.put(
    "/directory/settings",
    response={200: DirectorySettingsIO, 400: ErrorOut, 401: ErrorOut},
    summary="Change who finds you in the directory (hidden leaves it everywhere)",
)
def directory_settings_update(request, payload: DirectorySettingsIO):
    """Sets who finds you in the directory and whether your "about you" shows;
    `hidden` leaves the directory everywhere (pages, API and search). An unknown
    visibility is 400."""
    listing = services.directory_settings_update(
        actor=request.user, visibility=payload.visibility, show_bio=payload.show_bio
    )
    return {"visibility": listing.visibility, "show_bio": listing.show_bio}


class ChampionOrganisationOut(Schema):
    slug: str
    name: str
    champion_count: int


class ChampionPageOut(Schema):
    organisation: str
    name: str
    champions: list[str]
    opportunities: list[OpportunityOut]
    agreements: list[AgreementOut]


@router.get(
    "/champions",
    response={200: list[ChampionOrganisationOut], 401: ErrorOut},
    summary="Organisations with champions (up to 200)",
)
def champions_index(request):
    """Organisations that have champions, by name, with how many each has (at most
    200)."""
    return [
        {"slug": o.slug, "name": o.name, "champion_count": o.champion_count}
        for o in selectors.organisations_with_champions()[:200]
    ]


@router.get(
    "/champions/{slug}",
    response={200: ChampionPageOut, 401: ErrorOut, 404: ErrorOut},
    summary="An organisation's champions, open opportunities and the agreements you may see",
)
def champion_page(request, slug: Slug):
    """An organisation's champions (at most 50), its open opportunities (the 10
    closing soonest) and its agreements: those you may read and its published running
    ones (at most 20). 404 for an unknown slug."""
    organisation = selectors.organisation_by_slug(slug)
    return {
        "organisation": organisation.slug,
        "name": organisation.name,
        "champions": [p.display_name for p in selectors.champions_of(organisation)[:50]],
        "opportunities": [
            opportunity_out(o) for o in selectors.organisation_opportunities(organisation)
        ],
        "agreements": [
            agreement_out(a)
            for a in selectors.organisation_agreements_for(request.user, organisation)
        ],
    }


class ShadowingResponseIn(Schema):
    model_config = example(
        {
            "message": "I'm a newly qualified social worker in a children's "
            "disability team and would value a day seeing how your "
            "team plans transitions.",
            "confidentiality_acknowledged": False,
        }
    )

    message: str = Field(max_length=2000)
    confidentiality_acknowledged: bool = False


class ShadowingResponseOut(Schema):
    id: int
    listing_id: int
    message: str
    created_at: datetime


@router.post(
    "/shadowing/{listing_id}/responses",
    response={201: ShadowingResponseOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Respond to a shadowing offer or request (409 if it is yours or closed)",
)
def shadowing_respond(request, listing_id: ObjectId, payload: ShadowingResponseIn):
    """Responds to an open offer or request with a message for its poster, who is
    notified. 409 for your own listing, a closed one, or a second response; 404 for a
    listing you cannot see; the message goes through the confidentiality guard (422
    unless acknowledged)."""
    listing = selectors.shadowing_for_reader(request.user, listing_id)
    response = services.shadowing_respond(
        actor=request.user,
        listing=listing,
        message=payload.message,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(
        201,
        {
            "id": response.pk,
            "listing_id": listing.pk,
            "message": response.message,
            "created_at": response.created_at,
        },
    )


class ShadowingArrangeIn(Schema):
    model_config = example(
        {
            "start_on": "2027-04-13",
            "end_on": "2027-04-13",
            "place": "The team's base at Riverside Civic Centre; meet at main reception at 9:00",
            "ground_rules": "Observe only; no case records are shared and any "
            "discussion of families stays anonymised. Leave the "
            "room if a family asks.",
            "hours": 7,
            "confidentiality_acknowledged": False,
        }
    )

    start_on: date
    end_on: date | None = None
    place: str = Field(max_length=300)
    ground_rules: str = Field(max_length=5000)
    hours: float = Field(allow_inf_nan=False, ge=0, le=1000)
    confidentiality_acknowledged: bool = False


@router.post(
    "/shadowing/responses/{response_id}/arrange",
    response={201: AgreementDetailOut, 401: ErrorOut, **WRITE_ERRORS},
    summary="Arrange shadowing with someone who responded (the listing's host): a simple "
    "agreement proposed to both",
)
def shadowing_arrange(request, response_id: ObjectId, payload: ShadowingArrangeIn):
    """The host (an offer's poster, or whoever responded to a request) arranges the
    shadowing: a simple agreement between the host's and the guest's organisations,
    proposed at once for both to accept. The start must be today or later and the two
    people verified at different organisations, with hours above 0 and at most 100
    (400); 409 when already arranged; 404 for anyone but the host."""
    response = selectors.response_for_host(request.user, response_id)
    agreement = services.shadowing_arrange(
        actor=request.user,
        response=response,
        start_on=payload.start_on,
        end_on=payload.end_on,
        place=payload.place,
        ground_rules=payload.ground_rules,
        hours=payload.hours,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, agreement_detail(selectors.agreement_for_reader(request.user, agreement.pk)))
