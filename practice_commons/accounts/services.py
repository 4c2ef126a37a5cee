"""Every write to people, profiles and organisations goes through here."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from practice_commons.confidentiality.guard import guard_texts

from .models import AuditEvent, ExpertiseTag, Organisation, OrganisationMembership, User


def audit_record(*, actor, action: str, target=None, reason: str = "", data=None) -> AuditEvent:
    """Append one entry to the audit trail. Callers pass ids and labels, never free text
    a person wrote, so the trail cannot leak what the confidentiality guard blocked."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        reason=reason,
        data=data or {},
    )


def _full_clean(instance, *, exclude=None) -> None:
    """``full_clean`` plus the ``max_length`` of text fields, which Django checks only in
    forms: the API and other callers must not store an oversized bio either."""
    errors: dict = {}
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    for field in instance._meta.concrete_fields:
        if (
            not isinstance(field, models.TextField)
            or not field.max_length
            or field.name in (exclude or ())
            or field.name in errors
        ):
            continue
        try:
            MaxLengthValidator(field.max_length)(getattr(instance, field.attname) or "")
        except ValidationError as exc:
            errors[field.name] = exc.error_list
    if errors:
        raise ValidationError(errors)


def _unique_slug(model, base: str) -> str:
    slug = slugify(base)[:180] or "item"
    candidate, n = slug, 2
    while model.objects.filter(slug=candidate).exists():
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


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
    name = name.strip()
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("An organisation with this name already exists.")})
    org = Organisation(
        name=name,
        kind=kind,
        nation=nation,
        area=area,
        description=description,
        slug=_unique_slug(Organisation, name),
    )
    _full_clean(org)
    org.save()
    audit_record(actor=actor, action="organisation.create", target=org)
    return org


def expertise_tags_from_names(names: list[str]) -> list[ExpertiseTag]:
    tags = []
    for raw in names:
        name = " ".join(raw.split())[:80]
        if not name:
            continue
        tag = ExpertiseTag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = ExpertiseTag.objects.create(name=name, slug=_unique_slug(ExpertiseTag, name))
        tags.append(tag)
    return tags


@dataclass(frozen=True)
class NewOrganisation:
    name: str
    kind: str


# Free text a person writes about themselves that could still mention someone they work
# with. The person's own full name is not guarded: it is theirs to give.
PROFILE_GUARDED_FIELDS = ("bio", "pronouns", "area")

PROFILE_FIELDS = (
    "full_name",
    "pronouns",
    "profession",
    "nation",
    "area",
    "regulator",
    "registration_number",
    "bio",
    "open_to_collaborate",
    "happy_to_network",
    "host_membership",
    "language",
)


@transaction.atomic
def profile_update(
    *,
    actor: User,
    user: User,
    data: dict,
    expertise: list[str],
    new_organisation: NewOrganisation | None = None,
    confidentiality_acknowledged: bool = False,
) -> User:
    """Save a person's profile. Only the person themselves may edit it here; host admins
    use the admin, organisation admins manage roles, not profiles. The free text (and the
    expertise tags, which become shared rows) passes the confidentiality guard before
    anything is written."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("You can only edit your own profile."))
    guard_texts(
        texts={
            **{f: data.get(f) or "" for f in PROFILE_GUARDED_FIELDS},
            "expertise": ", ".join(expertise),
        },
        acknowledged=confidentiality_acknowledged,
    )
    organisation = data.get("organisation")
    if new_organisation is not None:
        organisation = organisation_create(
            actor=actor,
            name=new_organisation.name,
            kind=new_organisation.kind,
            nation=data.get("nation", ""),
            area=data.get("area", ""),
            confidentiality_acknowledged=confidentiality_acknowledged,
        )
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(user, field, data[field])
    user.organisation = organisation
    _full_clean(user, exclude=["password"])
    user.save(update_fields=[*PROFILE_FIELDS, "organisation"])
    user.expertise.set(expertise_tags_from_names(expertise))
    if organisation is not None:
        OrganisationMembership.objects.get_or_create(organisation=organisation, user=user)
    audit_record(actor=actor, action="profile.update", target=user)
    return user


@transaction.atomic
def profile_texts_replace(
    *, actor: User, user: User, texts: dict[str, str], reason: str = ""
) -> User:
    """Replace a person's free-text profile fields for a moderator (redaction or removal).

    Called only by the safeguarding moderation service, which has already checked that
    ``actor`` reviews a report about this profile (accounts cannot see who the
    safeguarding leads are). The new texts are the guard's own redactions or empty.
    """
    unknown = set(texts) - set(PROFILE_GUARDED_FIELDS)
    if unknown:
        raise ValueError(f"not a guarded profile field: {sorted(unknown)}")
    for field, value in texts.items():
        setattr(user, field, value)
    user.save(update_fields=list(texts))
    audit_record(
        actor=actor,
        action="profile.moderate",
        target=user,
        reason=reason,
        data={"fields": sorted(texts)},
    )
    return user


def can_manage_organisation(user: User, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_host_admin:
        return True
    return OrganisationMembership.objects.filter(
        organisation=organisation, user=user, role=OrganisationMembership.Role.ADMIN
    ).exists()


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
