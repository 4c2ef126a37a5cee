"""An organisation's "require two-factor sign-in for our staff" option."""

from django.db import transaction
from django.utils.translation import gettext as _

from practice_commons.core.errors import PermissionDenied

from ..mfa_policy import organisation_rules_changed
from ..models import Organisation, User
from ..selectors import can_manage_organisation
from .common import audit_record


@transaction.atomic
def organisation_mfa_requirement_set(
    *, actor: User, organisation: Organisation, required: bool
) -> Organisation:
    """Switch the rule on or off for everyone whose affiliation with ``organisation`` is
    verified. Its admins and host admins only; audited as
    ``organisation.mfa_requirement_set`` (whether it changed or not, so the trail shows
    who confirmed it)."""
    if not can_manage_organisation(actor, organisation):
        raise PermissionDenied(
            _("Only this organisation's admins can require two-factor sign-in for its staff.")
        )
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    previous = organisation.mfa_required
    organisation.mfa_required = bool(required)
    organisation.save(update_fields=["mfa_required"])
    audit_record(
        actor=actor,
        action="organisation.mfa_requirement_set",
        target=organisation,
        data={"required": organisation.mfa_required, "previous": previous},
    )
    transaction.on_commit(organisation_rules_changed)
    return organisation
