"""``/api/v1/communities``: the same selectors and services as the pages, so the API and
the web UI cannot disagree. A community the caller may not see is 404 on every endpoint."""

from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from practice_commons.accounts.models import ExpertiseTag, Organisation, Profession
from practice_commons.core.api_pagination import (
    cursor_page,
    cursor_query,
    limit_query,
    next_field,
    offset_query,
)
from practice_commons.core.api_schemas import (
    LIST_MAX,
    MAX_ID,
    QUERY_MAX_LENGTH,
    Choice,
    ErrorOut,
    GuardErrorOut,
    Slug,
    example,
    name_field,
    optional_name_field,
)
from practice_commons.core.errors import PermissionDenied

from . import selectors, services
from .models import JoiningPolicy, MembershipStatus, Visibility

router = Router(tags=["communities"])

Topic = Annotated[str, Field(max_length=80)]


class RuleSchema(Schema):
    title: str
    description: str = ""


class MembershipBrief(Schema):
    role: str
    status: str
    accepted_rules_version: int | None = None


class CommunityOut(Schema):
    id: int
    slug: str
    name: str
    purpose: str
    name_cy: str = Field(..., description="The name in Welsh; empty when there is none.")
    purpose_cy: str = Field(..., description="The purpose in Welsh; empty when there is none.")
    domain_statement: str
    practice_statement: str
    visibility: str
    joining_policy: str
    host_organisation: str | None
    professions: list[str]
    nations: list[str]
    areas: str
    topics: list[str]
    parent: str | None
    meeting_rhythm: str
    allow_anonymous_questions: bool
    archived: bool
    member_count: int | None
    rules_version: int | None
    rules: list[RuleSchema]
    url: str
    your_membership: MembershipBrief | None = None


class CommunityListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[CommunityOut]
    next: str | None = next_field()


class CommunityIn(Schema):
    model_config = example(
        {
            "name": "Neglect practice across Riverside",
            "purpose": "Social workers, health visitors and teachers sharing what helps "
            "when neglect is suspected but hard to evidence.",
            "name_cy": "Ymarfer esgeulustod ar draws glan yr afon",
            "purpose_cy": "Gweithwyr cymdeithasol, ymwelwyr iechyd ac athrawon yn rhannu "
            "beth sy'n helpu pan amheuir esgeulustod.",
            "domain_statement": "Recognising and responding to neglect in the early years.",
            "practice_statement": "Monthly case-free discussions and a shared library of "
            "tools that worked.",
            "visibility": "members_only",
            "joining_policy": "request",
            "professions": ["social-worker", "health-visitor"],
            "nations": ["england"],
            "areas": "Riverside",
            "topics": ["Neglect", "Early help"],
            "meeting_rhythm": "First Tuesday of the month",
            "allow_anonymous_questions": True,
        }
    )

    name: name_field("Name", 120)
    purpose: str = Field(..., max_length=280)
    name_cy: optional_name_field("Name in Welsh", 120) = Field(
        "", description="The name in Welsh (optional; shown to people reading in Welsh)."
    )
    purpose_cy: str = Field("", max_length=280, description="The purpose in Welsh (optional).")
    domain_statement: str = Field(..., max_length=3000)
    practice_statement: str = Field("", max_length=3000)
    visibility: Choice = Visibility.PUBLIC
    joining_policy: Choice = JoiningPolicy.OPEN
    professions: list[Slug] = Field([], max_length=LIST_MAX, description="Profession slugs.")
    nations: list[Choice] = Field([], max_length=10)
    areas: str = Field("", max_length=200)
    topics: list[Topic] = Field([], max_length=20, description="Topic names.")
    parent: Slug | None = Field(None, description="The parent community's slug (a sub-group).")
    meeting_rhythm: str = Field("", max_length=200)
    allow_anonymous_questions: bool = False
    confidentiality_acknowledged: bool = False


class JoinIn(Schema):
    model_config = example({"accept_rules": True, "rules_version": 2})

    accept_rules: bool = False
    rules_version: int | None = Field(None, ge=0, le=MAX_ID)


class DecisionIn(Schema):
    model_config = example({"reason": "Welcome: please introduce yourself in the intro thread."})

    reason: str = Field("", max_length=1000)
    confidentiality_acknowledged: bool = False


class MemberOut(Schema):
    id: int
    user_id: int
    display_name: str
    profession: str | None
    role: str
    status: str
    coordinator_title: str


class MemberListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[MemberOut]
    next: str | None = next_field()


def _community_out(community, *, user, member_count=None, membership=None) -> dict:
    rules = community.current_rules
    return {
        "id": community.pk,
        "slug": community.slug,
        "name": community.name,
        "purpose": community.purpose,
        "name_cy": community.name_cy,
        "purpose_cy": community.purpose_cy,
        "domain_statement": community.domain_statement,
        "practice_statement": community.practice_statement,
        "visibility": community.visibility,
        "joining_policy": community.joining_policy,
        "host_organisation": community.host_organisation.name
        if community.host_organisation
        else None,
        "professions": [p.slug for p in community.professions.all()],
        "nations": list(community.nations),
        "areas": community.areas,
        "topics": [t.name for t in community.topics.all()],
        "parent": community.parent.slug if community.parent else None,
        "meeting_rhythm": community.meeting_rhythm,
        "allow_anonymous_questions": community.allow_anonymous_questions,
        "archived": community.archived_at is not None,
        "member_count": member_count,
        "rules_version": rules.version if rules else None,
        "rules": rules.rules if rules else [],
        "url": community.get_absolute_url(),
        "your_membership": {
            "role": membership.role,
            "status": membership.status,
            "accepted_rules_version": membership.accepted_rules_version,
        }
        if membership
        else None,
    }


@router.get(
    "",
    response={200: CommunityListOut, 400: ErrorOut},
    summary="Communities you can see",
)
def list_communities(
    request: HttpRequest,
    q: str = Query("", max_length=QUERY_MAX_LENGTH),
    profession: str = Query("", max_length=200),
    nation: str = Query("", max_length=50),
    topic: str = Query("", max_length=200),
    visibility: str = Query("", max_length=50),
    limit: int = limit_query(20),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """The directory as the caller sees it: public and members-only communities, and
    private ones only to their members. Filter by words, profession, nation, topic or
    visibility; a profession or topic slug that does not exist gives an empty page.
    Cursor-paginated."""
    filters = {"q": q.strip(), "nation": nation, "visibility": visibility}
    filters["profession"] = (
        Profession.objects.filter(slug=profession).first() if profession else None
    )
    filters["topic"] = ExpertiseTag.objects.filter(slug=topic).first() if topic else None
    if (profession and filters["profession"] is None) or (topic and filters["topic"] is None):
        return {"count": 0, "limit": limit, "offset": offset, "items": [], "next": None}
    qs = selectors.directory(request.user, **filters).select_related(
        "current_rules", "host_organisation"
    )
    return cursor_page(
        request,
        qs,
        scope="communities",
        out=lambda c: _community_out(c, user=request.user, member_count=c.member_count),
        cursor=cursor,
        limit=limit,
        offset=offset,
    )


@router.post(
    "",
    response={201: CommunityOut, 400: ErrorOut, 403: ErrorOut, 422: GuardErrorOut},
    summary="Create a community",
)
def create_community(request: HttpRequest, payload: CommunityIn):
    """Start a community; you become its owner. Host members and host admins may start
    one, and a sub-group (``parent``) only that community's facilitators (403 otherwise);
    a sub-group may not be looser than its parent. The statements pass the
    confidentiality guard (422)."""
    parent = (
        selectors.community_for_reader(request.user, payload.parent) if payload.parent else None
    )
    professions = list(Profession.objects.filter(slug__in=payload.professions))
    if len(professions) != len(set(payload.professions)):
        raise HttpError(400, "Unknown profession.")
    community = services.community_create(
        actor=request.user,
        name=payload.name,
        purpose=payload.purpose,
        name_cy=payload.name_cy,
        purpose_cy=payload.purpose_cy,
        domain_statement=payload.domain_statement,
        practice_statement=payload.practice_statement,
        visibility=payload.visibility,
        joining_policy=payload.joining_policy,
        professions=professions,
        nations=payload.nations,
        areas=payload.areas,
        topic_names=payload.topics,
        parent=parent,
        meeting_rhythm=payload.meeting_rhythm,
        allow_anonymous_questions=payload.allow_anonymous_questions,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    community = selectors.community_page(community)
    return Status(
        201,
        _community_out(
            community,
            user=request.user,
            member_count=1,
            membership=selectors.membership_of(request.user, community),
        ),
    )


@router.get("/{slug:slug}", response={200: CommunityOut, 404: ErrorOut}, summary="One community")
def read_community(request: HttpRequest, slug: str):
    """A community the caller may see (404 otherwise), with their membership; the member
    count only to its members and facilitators."""
    community = selectors.community_page(selectors.community_for_reader(request.user, slug))
    membership = selectors.any_membership_of(request.user, community)
    count = (
        selectors.active_member_ids(community).count()
        if (
            selectors.is_member(request.user, community)
            or selectors.can_moderate(request.user, community)
        )
        else None
    )
    return _community_out(community, user=request.user, member_count=count, membership=membership)


@router.post(
    "/{slug:slug}/join",
    response={200: MembershipBrief, 400: ErrorOut, 404: ErrorOut},
    summary="Join (or ask to join), accepting the group rules",
)
def join_community(request: HttpRequest, slug: str, payload: JoinIn):
    """Join an open community, ask to join one by request (a facilitator decides), or
    take up an invitation. The current group rules must be accepted (``accept_rules``
    true, with the version read). When joining is not open to you (invitation only, or
    a sub-group whose parent you have not joined) the 400 says why."""
    community = selectors.community_for_reader(request.user, slug)
    membership = services.community_join(
        actor=request.user,
        community=community,
        accept_rules=payload.accept_rules,
        rules_version=payload.rules_version,
    )
    return membership


@router.post(
    "/{slug:slug}/leave",
    response={204: None, 400: ErrorOut, 404: ErrorOut},
    summary="Leave, or withdraw a request to join",
)
def leave_community(request: HttpRequest, slug: str):
    """Leave the community (and its sub-groups), or withdraw a pending request. The only
    owner must make another member an owner first (400)."""
    community = selectors.community_for_reader(request.user, slug)
    services.community_leave(actor=request.user, community=community)
    return Status(204, None)


@router.post(
    "/{slug:slug}/rules/accept",
    response={200: MembershipBrief, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Accept the current group rules",
)
def accept_rules(request: HttpRequest, slug: str, payload: JoinIn):
    """A member accepts the group rules' current version (after facilitators changed
    them, members must accept again before posting)."""
    community = selectors.community_for_reader(request.user, slug)
    if not payload.accept_rules:
        raise HttpError(400, "Set accept_rules to true to accept the rules.")
    return services.rules_accept(
        actor=request.user, community=community, version=payload.rules_version
    )


@router.get(
    "/{slug:slug}/memberships",
    response={200: MemberListOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Members (to members); requests to join (status=requested, to facilitators)",
)
def list_memberships(
    request: HttpRequest,
    slug: str,
    status: Literal["active", "requested"] = MembershipStatus.ACTIVE,
    limit: int = limit_query(50),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Active members, to members and facilitators; ``status=requested`` lists the
    requests to join, to facilitators only (403 to anyone else who can see the
    community). Cursor-paginated."""
    community = selectors.community_for_reader(request.user, slug)
    moderator = selectors.can_moderate(request.user, community)
    if status == MembershipStatus.REQUESTED:
        if not moderator:
            raise HttpError(403, "Only this community's facilitators can see requests.")
        qs = selectors.pending_requests(community)
    else:
        if not (moderator or selectors.is_member(request.user, community)):
            raise HttpError(403, "Only members can see who is in this community.")
        qs = selectors.active_members(community)
    return cursor_page(
        request,
        qs,
        scope=f"communities.memberships.{status}",
        out=_member_out,
        cursor=cursor,
        limit=limit,
        offset=offset,
    )


def _member_out(m) -> dict:
    return {
        "id": m.pk,
        "user_id": m.user_id,
        "display_name": m.user.display_name,
        "profession": m.user.profession.name if m.user.profession else None,
        "role": m.role,
        "status": m.status,
        "coordinator_title": m.coordinator_title,
    }


def _decide(request, slug: str, membership_id: int, payload: DecisionIn, approve: bool):
    community = selectors.community_for_reader(request.user, slug)
    if not selectors.can_moderate(request.user, community):
        raise HttpError(403, "Only this community's facilitators can answer requests.")
    membership = selectors.membership_in(community, membership_id)
    membership = services.join_request_decide(
        actor=request.user,
        membership=membership,
        approve=approve,
        reason=payload.reason,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return membership


@router.post(
    "/{slug:slug}/memberships/{membership_id}/approve",
    response={
        200: MembershipBrief,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Approve a request to join (facilitators)",
)
def approve_request(request: HttpRequest, slug: str, membership_id: int, payload: DecisionIn):
    """A facilitator lets a person in; the person is told, with the reason if given
    (the reason passes the confidentiality guard)."""
    return _decide(request, slug, membership_id, payload, approve=True)


@router.post(
    "/{slug:slug}/memberships/{membership_id}/decline",
    response={
        200: MembershipBrief,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Decline a request to join (facilitators)",
)
def decline_request(request: HttpRequest, slug: str, membership_id: int, payload: DecisionIn):
    """A facilitator declines a request to join; the person is told, with the reason if
    given (the reason passes the confidentiality guard)."""
    return _decide(request, slug, membership_id, payload, approve=False)


WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
GUARDED_WRITE_ERRORS = {**WRITE_ERRORS, 422: GuardErrorOut}


class CommunityUpdateIn(Schema):
    """Only the fields sent are changed (as the community's edit page, facilitators)."""

    model_config = example(
        {
            "purpose": "Practitioners across Riverside sharing what helps with neglect.",
            "purpose_cy": "Ymarferwyr ar draws glan yr afon yn rhannu beth sy'n helpu gydag "
            "esgeulustod.",
            "meeting_rhythm": "Every other Thursday, 12:30",
        }
    )

    name: name_field("Name", 120) | None = None
    purpose: str | None = Field(None, max_length=280)
    name_cy: optional_name_field("Name in Welsh", 120) | None = Field(
        None, description="The name in Welsh; empty (or null) removes it."
    )
    purpose_cy: str | None = Field(
        None, max_length=280, description="The purpose in Welsh; empty (or null) removes it."
    )
    domain_statement: str | None = Field(None, max_length=3000)
    practice_statement: str | None = Field(None, max_length=3000)
    visibility: Choice | None = None
    joining_policy: Choice | None = None
    host_organisation: Slug | None = Field(
        None, description="The host organisation's slug; null for none."
    )
    professions: list[Slug] | None = Field(
        None, max_length=LIST_MAX, description="Profession slugs (replaces them all)."
    )
    nations: list[Choice] | None = Field(None, max_length=10)
    areas: str | None = Field(None, max_length=200)
    topics: list[Topic] | None = Field(
        None, max_length=20, description="Topic names (replaces them all)."
    )
    meeting_rhythm: str | None = Field(None, max_length=200)
    allow_anonymous_questions: bool | None = None
    confidentiality_acknowledged: bool = False


def _moderated(request, slug: str):
    """The community, for its facilitators only (the pages' ``require_moderator``): 404 if
    the caller cannot see it, 403 if they can but are not a facilitator."""
    community = selectors.community_for_reader(request.user, slug)
    if not selectors.can_moderate(request.user, community):
        raise PermissionDenied(_("Only this community's facilitators can do that."))
    return community


def _read_out(request, community) -> dict:
    community = selectors.community_page(
        selectors.community_for_reader(request.user, community.slug)
    )
    return _community_out(
        community,
        user=request.user,
        member_count=selectors.active_member_ids(community).count(),
        membership=selectors.any_membership_of(request.user, community),
    )


@router.patch(
    "/{slug:slug}",
    response={200: CommunityOut, **GUARDED_WRITE_ERRORS},
    summary="Edit a community (facilitators)",
    description="Changes only the fields sent, as the community's edit page. Free text "
    "passes the confidentiality guard.",
)
def update_community(request: HttpRequest, slug: str, payload: CommunityUpdateIn):
    community = _moderated(request, slug)
    sent = payload.model_dump(exclude_unset=True)
    acknowledged = sent.pop("confidentiality_acknowledged", False)
    professions = None
    if "professions" in sent:
        slugs = sent.pop("professions") or []
        professions = list(Profession.objects.filter(slug__in=slugs))
        if len(professions) != len(set(slugs)):
            raise HttpError(400, "Unknown profession.")
    topic_names = sent.pop("topics", None)
    if "host_organisation" in sent:
        org_slug = sent["host_organisation"]
        sent["host_organisation"] = (
            Organisation.objects.filter(slug=org_slug).first() if org_slug else None
        )
        if org_slug and sent["host_organisation"] is None:
            raise HttpError(400, "Unknown organisation.")
    for field in ("name", "purpose", "domain_statement", "visibility", "joining_policy"):
        if field in sent and sent[field] is None:
            raise HttpError(400, f"{field} cannot be empty.")
    for field in ("practice_statement", "areas", "meeting_rhythm", "name_cy", "purpose_cy"):
        if field in sent and sent[field] is None:
            sent[field] = ""
    if sent.get("nations", []) is None:
        sent["nations"] = []
    if "allow_anonymous_questions" in sent and sent["allow_anonymous_questions"] is None:
        sent.pop("allow_anonymous_questions")
    community = services.community_update(
        actor=request.user,
        community=community,
        data=sent,
        professions=professions,
        topic_names=topic_names,
        confidentiality_acknowledged=acknowledged,
    )
    return _read_out(request, community)
