"""Organisations and who holds which role in them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.text import clean_name_field

from ..models import Organisation, OrganisationMembership, User
from ..selectors import can_manage_organisation
from .common import audit_record, full_clean_with_lengths, unique_slug


@transaction.atomic
def organisation_create(
    *,
    actor,
    name: str,
    kind: str,
    nation: str = "",
    area: str = "",
    description: str = "",
    confidentiality_acknowledged: bool = False,
) -> Organisation:
    """Add an organisation. Its description and area are free text and pass the
    confidentiality guard first (the name is an organisation's, not a person's)."""
    guard_texts(
        texts={"description": description, "area": area}, acknowledged=confidentiality_acknowledged
    )
    name = clean_name_field(name, field="name", label=_("Organisation name"), max_length=200)
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("An organisation with this name already exists.")})
    org = Organisation(
        name=name,
        kind=kind,
        nation=nation,
        area=area,
        description=description,
        slug=unique_slug(Organisation, name),
    )
    full_clean_with_lengths(org)
    org.save()
    audit_record(actor=actor, action="organisation.create", target=org)
    return org


@transaction.atomic
def organisation_membership_set_role(
    *, actor: User, membership: OrganisationMembership, role: str
) -> OrganisationMembership:
    if not can_manage_organisation(actor, membership.organisation):
        raise PermissionDenied(_("Only this organisation's admins can change roles."))
    if role not in OrganisationMembership.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if (
        membership.user_id == actor.pk
        and role != OrganisationMembership.Role.ADMIN
        and not actor.is_host_admin
    ):
        raise ValidationError({"role": _("You cannot remove your own admin role.")})
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="organisation.role_change",
        target=membership,
        data={"from": old, "to": role, "user_id": membership.user_id},
    )
    return membership


@transaction.atomic
def organisation_membership_remove(*, actor: User, membership: OrganisationMembership) -> None:
    if not can_manage_organisation(actor, membership.organisation):
        raise PermissionDenied(_("Only this organisation's admins can remove people."))
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot remove yourself from the organisation."))
    user = membership.user
    audit_record(
        actor=actor,
        action="organisation.remove_person",
        target=membership.organisation,
        data={"user_id": user.pk},
    )
    membership.delete()
    if user.organisation_id == membership.organisation_id:
        user.organisation = None
        user.save(update_fields=["organisation"])
