"""``/api/v1/communities``, what facilitators and owners do on their pages (archive,
restore, the group rules, member management, invitations, safeguarding leads)
and the invitee's own invitation. Thin: the same selectors and services as the pages; a
community the caller may not see is 404, a member who is not a facilitator 403. The api
app mounts it at ``/communities`` beside ``api.router``."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from practice_commons.core.api_pagination import (
    cursor_page,
    cursor_query,
    limit_query,
    next_field,
    offset_query,
)
from practice_commons.core.api_schemas import (
    MAX_ID,
    ErrorOut,
    ValidationErrorOut,
    example,
    optional_name_field,
)
from practice_commons.core.errors import PermissionDenied
from practice_commons.safeguarding import selectors as safeguarding_selectors

from . import selectors, services
from .api import (
    GUARDED_WRITE_ERRORS,
    WRITE_ERRORS,
    CommunityOut,
    JoinIn,
    MemberOut,
    MembershipBrief,
    RuleSchema,
    _member_out,
    _moderated,
    _read_out,
)
from .default_rules import MAX_RULE_DESCRIPTION, MAX_RULE_TITLE, MAX_RULES
from .models import MembershipStatus

router = Router(tags=["communities"])


# Facilitators' and owners' operations: the same services as the pages (edit, archive,
# restore, rules, member management, invitations, safeguarding leads).

BODY_WRITE_ERRORS = {**WRITE_ERRORS, 422: ValidationErrorOut}


class RuleIn(Schema):
    title: str = Field(..., max_length=MAX_RULE_TITLE)
    description: str = Field("", max_length=MAX_RULE_DESCRIPTION)


class RulesIn(Schema):
    model_config = example(
        {
            "rules": [
                {"title": "Confidentiality", "description": "What is shared here stays here."},
                {"title": "No case scrutiny", "description": "We discuss practice, not cases."},
                {"title": 'Speak from "I"', "description": "Share your own experience."},
            ]
        }
    )

    rules: list[RuleIn] = Field(..., max_length=MAX_RULES)
    confidentiality_acknowledged: bool = False


class RulesOut(Schema):
    version: int
    rules: list[RuleSchema]


class RoleIn(Schema):
    model_config = example({"role": "facilitator"})

    role: Literal["member", "facilitator", "owner"]


class CoordinatorTitleIn(Schema):
    model_config = example({"coordinator_title": "Events coordinator"})

    coordinator_title: optional_name_field("Coordinator role", 80) = ""
    confidentiality_acknowledged: bool = False


class MuteIn(Schema):
    model_config = example({"days": 7, "reason": "Repeated posts about a named family."})

    days: int = Field(..., ge=1, le=90, description="Days the member may not post (1–90).")
    reason: str = Field(..., max_length=1000, description="Recorded in the audit trail.")
    confidentiality_acknowledged: bool = False


class ReasonIn(Schema):
    model_config = example({"reason": "Left the organisation; asked to be removed."})

    reason: str = Field(..., max_length=1000, description="Recorded in the audit trail.")
    confidentiality_acknowledged: bool = False


class InviteIn(Schema):
    model_config = example(
        {
            "email": "duty.team@riverside.example.org",
            "message": "We would value a health visitor's view in this group.",
        }
    )

    email: str = Field(..., max_length=254)
    message: str = Field("", max_length=1000)
    confidentiality_acknowledged: bool = False


class CommunityInvitationOut(Schema):
    id: int
    email: str
    message: str
    invited_by: str | None
    created_at: datetime
    expires_at: datetime


class InvitationListOut(Schema):
    limit: int
    offset: int
    items: list[CommunityInvitationOut]
    next: str | None = next_field()


class YourCommunityInvitationOut(Schema):
    id: int
    community: str = Field(..., description="The community's slug.")
    community_name: str
    purpose: str
    community_name_cy: str = Field(..., description="The name in Welsh; empty when there is none.")
    purpose_cy: str = Field(..., description="The purpose in Welsh; empty when there is none.")
    message: str
    invited_by: str | None
    expires_at: datetime
    rules_version: int | None
    rules: list[RuleSchema]


class YourInvitationListOut(Schema):
    limit: int
    offset: int
    items: list[YourCommunityInvitationOut]
    next: str | None = next_field()


class LeadIn(Schema):
    model_config = example({"user_id": 42})

    user_id: int = Field(..., ge=1, le=MAX_ID, description="An active member's user id.")


class LeadOut(Schema):
    id: int
    user_id: int
    display_name: str
    profession: str | None


class LeadListOut(Schema):
    limit: int
    offset: int
    items: list[LeadOut]
    next: str | None = next_field()


@router.post(
    "/{slug:slug}/archive",
    response={200: CommunityOut, 403: ErrorOut, 404: ErrorOut},
    summary="Archive a community (owners)",
    description="It stays readable, nothing new is posted, and it leaves the directory.",
)
def archive_community(request: HttpRequest, slug: str):
    community = selectors.community_for_reader(request.user, slug)
    community = services.community_archive(actor=request.user, community=community)
    return _read_out(request, community)


@router.post(
    "/{slug:slug}/restore",
    response={200: CommunityOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Restore an archived community (owners)",
    description="400 when it is not archived, or its parent community still is.",
)
def restore_community(request: HttpRequest, slug: str):
    community = selectors.community_for_reader(request.user, slug)
    community = services.community_restore(actor=request.user, community=community)
    return _read_out(request, community)


@router.put(
    "/{slug:slug}/rules",
    response={200: RulesOut, **GUARDED_WRITE_ERRORS},
    summary="Change the group rules (facilitators)",
    description="Saves a new version when the rules differ; members accept it before they "
    "next post. A sub-group follows its parent's rules (400). The text passes the "
    "confidentiality guard.",
)
def update_rules(request: HttpRequest, slug: str, payload: RulesIn):
    community = _moderated(request, slug)
    rules = services.community_rules_update(
        actor=request.user,
        community=community,
        rules=[rule.model_dump() for rule in payload.rules],
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return {"version": rules.version, "rules": rules.rules}


def _managed_member(request, slug: str, membership_id: int):
    """An active member of the community, for its facilitators (as the manage page)."""
    community = _moderated(request, slug)
    membership = selectors.membership_in(community, membership_id)
    if membership.status != MembershipStatus.ACTIVE:
        raise PermissionDenied(_("This person is not an active member."))
    return membership


@router.post(
    "/{slug:slug}/memberships/{membership_id}/role",
    response={200: MemberOut, **BODY_WRITE_ERRORS},
    summary="Change a member's role (owners)",
    description="A community keeps at least one owner (400).",
)
def set_member_role(request: HttpRequest, slug: str, membership_id: int, payload: RoleIn):
    membership = _managed_member(request, slug, membership_id)
    return _member_out(
        services.membership_set_role(actor=request.user, membership=membership, role=payload.role)
    )


@router.post(
    "/{slug:slug}/memberships/{membership_id}/title",
    response={200: MemberOut, **GUARDED_WRITE_ERRORS},
    summary="Name a member's coordinator role (facilitators)",
    description="Empty removes it. The text passes the confidentiality guard.",
)
def set_member_title(
    request: HttpRequest, slug: str, membership_id: int, payload: CoordinatorTitleIn
):
    membership = _managed_member(request, slug, membership_id)
    return _member_out(
        services.membership_set_coordinator_title(
            actor=request.user,
            membership=membership,
            title=payload.coordinator_title,
            confidentiality_acknowledged=payload.confidentiality_acknowledged,
        )
    )


@router.post(
    "/{slug:slug}/memberships/{membership_id}/mute",
    response={200: MemberOut, **GUARDED_WRITE_ERRORS},
    summary="Mute a member for some days, with a reason (facilitators)",
    description="Only owners act on owners and facilitators; nobody on themselves. The "
    "reason is recorded in the audit trail and passes the confidentiality guard.",
)
def mute_member(request: HttpRequest, slug: str, membership_id: int, payload: MuteIn):
    membership = _managed_member(request, slug, membership_id)
    return _member_out(
        services.membership_mute(
            actor=request.user,
            membership=membership,
            days=payload.days,
            reason=payload.reason,
            confidentiality_acknowledged=payload.confidentiality_acknowledged,
        )
    )


@router.post(
    "/{slug:slug}/memberships/{membership_id}/unmute",
    response={200: MemberOut, 403: ErrorOut, 404: ErrorOut},
    summary="Let a muted member post again (facilitators)",
)
def unmute_member(request: HttpRequest, slug: str, membership_id: int):
    """End a member's mute before it runs out; they may post again at once."""
    membership = _managed_member(request, slug, membership_id)
    return _member_out(services.membership_unmute(actor=request.user, membership=membership))


@router.post(
    "/{slug:slug}/memberships/{membership_id}/remove",
    response={204: None, **GUARDED_WRITE_ERRORS},
    summary="Remove a member, with a reason (facilitators)",
    description="Only owners act on owners and facilitators; nobody on themselves. The "
    "reason is recorded in the audit trail and passes the confidentiality guard.",
)
def remove_member(request: HttpRequest, slug: str, membership_id: int, payload: ReasonIn):
    membership = _managed_member(request, slug, membership_id)
    services.membership_remove(
        actor=request.user,
        membership=membership,
        reason=payload.reason,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(204, None)


def _invitation_out(invitation) -> dict:
    return {
        "id": invitation.pk,
        "email": invitation.email,
        "message": invitation.message,
        "invited_by": invitation.invited_by.display_name if invitation.invited_by else None,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
    }


@router.get(
    "/{slug:slug}/invitations",
    response={200: InvitationListOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Invitations waiting for an answer (facilitators)",
)
def list_invitations(
    request: HttpRequest,
    slug: str,
    limit: int = limit_query(50),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Invitations not yet accepted, withdrawn or expired, newest first; 403 to members
    who are not facilitators. Cursor-paginated."""
    community = _moderated(request, slug)
    return cursor_page(
        request,
        selectors.invitations_pending(community),
        scope="communities.invitations",
        out=_invitation_out,
        cursor=cursor,
        limit=limit,
        offset=offset,
        count=False,
    )


@router.post(
    "/{slug:slug}/invitations",
    response={201: CommunityInvitationOut, **GUARDED_WRITE_ERRORS},
    summary="Invite someone by email (facilitators)",
    description="The emailed link works for `INVITATION_LIFETIME_DAYS`; an earlier "
    "unanswered invitation to the same address is withdrawn. The message passes the "
    "confidentiality guard.",
)
def create_invitation(request: HttpRequest, slug: str, payload: InviteIn):
    community = _moderated(request, slug)
    invitation = services.invitation_create(
        actor=request.user,
        community=community,
        email=payload.email,
        message=payload.message,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, _invitation_out(invitation))


@router.post(
    "/{slug:slug}/invitations/{invitation_id}/withdraw",
    response={200: CommunityInvitationOut, 403: ErrorOut, 404: ErrorOut},
    summary="Withdraw an invitation (facilitators)",
    description="The link stops working; an answered invitation is left as it is.",
)
def withdraw_invitation(request: HttpRequest, slug: str, invitation_id: int):
    community = _moderated(request, slug)
    invitation = selectors.invitation_in(community, invitation_id)
    return _invitation_out(services.invitation_withdraw(actor=request.user, invitation=invitation))


@router.post(
    "/{slug:slug}/invitations/{invitation_id}/resend",
    response={200: CommunityInvitationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Resend an invitation with a new link (facilitators)",
    description="The old link stops working. 409 when it was accepted or withdrawn.",
)
def resend_invitation(request: HttpRequest, slug: str, invitation_id: int):
    community = _moderated(request, slug)
    invitation = selectors.invitation_in(community, invitation_id)
    return _invitation_out(services.invitation_resend(actor=request.user, invitation=invitation))


def _lead_out(lead) -> dict:
    return {
        "id": lead.pk,
        "user_id": lead.user_id,
        "display_name": lead.user.display_name,
        "profession": lead.user.profession.name if lead.user.profession else None,
    }


@router.get(
    "/{slug:slug}/safeguarding-leads",
    response={200: LeadListOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The community's safeguarding leads (facilitators)",
)
def list_safeguarding_leads(
    request: HttpRequest,
    slug: str,
    limit: int = limit_query(50),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """The members who receive reports about the community's content; 403 to members
    who are not facilitators. Cursor-paginated."""
    community = _moderated(request, slug)
    return cursor_page(
        request,
        safeguarding_selectors.lead_assignments_for(community).order_by("pk"),
        scope="communities.safeguarding_leads",
        out=_lead_out,
        cursor=cursor,
        limit=limit,
        offset=offset,
        count=False,
    )


@router.post(
    "/{slug:slug}/safeguarding-leads",
    response={201: LeadOut, **BODY_WRITE_ERRORS},
    summary="Name an active member as a safeguarding lead (facilitators)",
    description="They receive reports about the community's content. 400 when the person "
    "is not an active member.",
)
def add_safeguarding_lead(request: HttpRequest, slug: str, payload: LeadIn):
    community = _moderated(request, slug)
    member = selectors.active_members(community).filter(user_id=payload.user_id).first()
    if member is None:
        raise HttpError(400, "Only active members can be this community's safeguarding lead.")
    lead = services.safeguarding_lead_assign(
        actor=request.user, community=community, user=member.user
    )
    return Status(201, _lead_out(lead))


@router.delete(
    "/{slug:slug}/safeguarding-leads/{lead_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Remove a safeguarding lead (facilitators)",
)
def remove_safeguarding_lead(request: HttpRequest, slug: str, lead_id: int):
    """The person stops receiving the community's reports; a lead of another community
    is 404."""
    community = _moderated(request, slug)
    services.safeguarding_lead_remove(actor=request.user, community=community, lead_id=lead_id)
    return Status(204, None)


def _your_invitation_out(invitation) -> dict:
    community = invitation.community
    rules = community.current_rules
    return {
        "id": invitation.pk,
        "community": community.slug,
        "community_name": community.name,
        "purpose": community.purpose,
        "community_name_cy": community.name_cy,
        "purpose_cy": community.purpose_cy,
        "message": invitation.message,
        "invited_by": invitation.invited_by.display_name if invitation.invited_by else None,
        "expires_at": invitation.expires_at,
        "rules_version": rules.version if rules else None,
        "rules": rules.rules if rules else [],
    }


@router.get(
    "/invitations/yours/{invitation_id}",
    response={200: YourCommunityInvitationOut, 404: ErrorOut},
    summary="An invitation sent to your email address",
    description="The community and its rules, to accept them and join. 404 for anyone but "
    "the invitee, and once it has expired, been used or been withdrawn.",
)
def read_your_invitation(request: HttpRequest, invitation_id: int):
    return _your_invitation_out(selectors.invitation_for_invitee(request.user, invitation_id))


@router.post(
    "/invitations/yours/{invitation_id}/accept",
    response={200: MembershipBrief, **BODY_WRITE_ERRORS},
    summary="Accept an invitation, accepting the group rules, and join",
    description="Send `accept_rules` true and the `rules_version` you were shown (400 if "
    "the rules have changed since). To decline, do nothing: it expires.",
)
def accept_your_invitation(request: HttpRequest, invitation_id: int, payload: JoinIn):
    invitation = selectors.invitation_for_invitee(request.user, invitation_id)
    if not payload.accept_rules:
        raise HttpError(400, "Set accept_rules to true to accept the rules and join.")
    return services.invitation_accept(
        actor=request.user,
        invitation=invitation,
        accept_rules=True,
        rules_version=payload.rules_version,
    )
