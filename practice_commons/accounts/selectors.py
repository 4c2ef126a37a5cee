"""Reads of people and organisations, already filtered to what the reader may see."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from practice_commons.core.errors import NotFound

from .models import (
    HostMembershipRecord,
    HostRole,
    Organisation,
    OrganisationMembership,
    Profession,
    User,
    valid_on_q,
)


def professions() -> QuerySet[Profession]:
    return Profession.objects.all()


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.all()


def organisation_for_manager(user: User, slug: str) -> Organisation:
    """The organisation, if the user may manage it; 404 otherwise so that the page
    does not confirm which organisations exist to people outside them."""
    org = Organisation.objects.filter(slug=slug).first()
    if org is None or not can_manage_organisation(user, org):
        raise NotFound
    return org


def organisation_memberships(organisation: Organisation) -> QuerySet[OrganisationMembership]:
    return (
        OrganisationMembership.objects.filter(organisation=organisation)
        .select_related("user", "user__profession")
        .order_by("user__full_name", "user__email")
    )


def organisations_managed_by(user: User) -> QuerySet[Organisation]:
    if user.is_host_admin:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=OrganisationMembership.Role.ADMIN
    )


def profile_for(user_id: int) -> User:
    return (
        User.objects.select_related("profession", "organisation")
        .prefetch_related("expertise")
        .get(pk=user_id)
    )


def host_admins_q(prefix: str = "") -> Q:
    """People who administer the host (host admin role or superuser), as a filter on
    ``User`` (or on a relation to it, with ``prefix="user__"``)."""
    return Q(**{f"{prefix}host_role": HostRole.HOST_ADMIN}) | Q(**{f"{prefix}is_superuser": True})


def host_members_q(prefix: str = "") -> Q:
    """Members of the host today, as a filter on ``User`` (or on a relation to it, with
    ``prefix="user__"``): a register row matched to them and valid today, the same rule
    as ``User.is_host_member``."""
    valid = HostMembershipRecord.objects.filter(
        valid_on_q(timezone.localdate()), user_id=OuterRef(f"{prefix}pk")
    )
    return Q(Exists(valid))


def is_host_member(user_id: int) -> bool:
    """Whether the person is a member of the host today (a fresh look, for a receiver
    that was given only an id)."""
    return User.objects.filter(host_members_q(), pk=user_id).exists()


def can_manage_organisation(user: User, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_host_admin:
        return True
    return OrganisationMembership.objects.filter(
        organisation=organisation, user=user, role=OrganisationMembership.Role.ADMIN
    ).exists()
