"""The people a community names: coordinators and safeguarding leads."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from practice_commons.accounts.models import User
from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import NotFound
from practice_commons.core.text import clean_name_field
from practice_commons.safeguarding import selectors as safeguarding_selectors
from practice_commons.safeguarding import services as safeguarding_services

from .. import selectors
from ..models import Community, CommunityMembership, MembershipStatus
from .common import require_moderator


@transaction.atomic
def membership_set_coordinator_title(
    *,
    actor: User,
    membership: CommunityMembership,
    title: str,
    confidentiality_acknowledged: bool = False,
) -> CommunityMembership:
    """Facilitators name coordinator roles ("Events coordinator"), shown on the page."""
    require_moderator(actor, membership.community)
    title = clean_name_field(
        title,
        field="coordinator_title",
        label=_("Coordinator role"),
        max_length=80,
        required=False,
    )
    guard_texts(texts={"coordinator_title": title}, acknowledged=confidentiality_acknowledged)
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError({"__all__": _("This person is not an active member.")})
    if membership.coordinator_title != title:
        membership.coordinator_title = title
        membership.save(update_fields=["coordinator_title"])
        audit_record(
            actor=actor,
            action="community.coordinator_title",
            target=membership.community,
            data={"user_id": membership.user_id},
        )
    return membership


@transaction.atomic
def safeguarding_lead_assign(*, actor: User, community: Community, user: User):
    """Name an active member as one of the community's safeguarding leads. They receive
    reports about its content and may reveal an anonymous author, with a recorded reason."""
    require_moderator(actor, community)
    if not selectors.is_member(user, community):
        raise ValidationError(
            {"member": _("Only active members can be this community's safeguarding lead.")}
        )
    return safeguarding_services.safeguarding_lead_assign(
        actor=actor, user=user, scope_object=community
    )


@transaction.atomic
def safeguarding_lead_remove(*, actor: User, community: Community, lead_id: int) -> None:
    """Only this community's own leads can be removed here (anything else is
    ``NotFound``), so a facilitator cannot reach another community's lead by its id."""
    require_moderator(actor, community)
    try:
        lead_id = int(lead_id)
    except (TypeError, ValueError) as exc:
        raise NotFound from exc
    lead = safeguarding_selectors.lead_assignments_for(community).filter(pk=lead_id).first()
    if lead is None:
        raise NotFound
    safeguarding_services.safeguarding_lead_remove(actor=actor, lead=lead)
