"""Reads of people and organisations, already filtered to what the reader may see."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from practice_commons.core.errors import NotFound

from .models import (
    AffiliationRequest,
    HostMembershipRecord,
    HostRole,
    OnboardingImport,
    OnboardingInvitation,
    Organisation,
    OrganisationDomain,
    OrganisationMembership,
    PersonalDataExport,
    Profession,
    User,
    valid_on_q,
)
from .models.affiliation import token_digest


def language_of(user) -> str:
    """The language a person reads in (pages, emails, PDFs): their choice, else the site's."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


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


def organisation_membership_for_manager(
    user: User, slug: str, membership_id: int
) -> OrganisationMembership:
    """One person's membership of an organisation the user may manage: ``NotFound`` for
    an organisation they may not manage and for a membership of another organisation."""
    organisation = organisation_for_manager(user, slug)
    membership = (
        OrganisationMembership.objects.filter(pk=membership_id, organisation=organisation)
        .select_related("user", "user__profession", "organisation")
        .first()
    )
    if membership is None:
        raise NotFound
    return membership


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


def host_membership_exists(user_id: int) -> Exists:
    """Whether the person is a member of the host today, as an expression for another
    model's query (so a page asks it inside a query it runs anyway)."""
    return Exists(
        HostMembershipRecord.objects.filter(valid_on_q(timezone.localdate()), user_id=user_id)
    )


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


# --- Verified affiliation: domains, requests, onboarding --------------------------------
# Only ``OrganisationMembership`` rows are verified facts; the reads below are for the
# pages that verify them.


def is_organisation_admin(user: User, organisation: Organisation) -> bool:
    """An admin of the organisation itself (host admins are not, unless they are)."""
    return bool(
        user.is_authenticated
        and OrganisationMembership.objects.filter(
            organisation=organisation, user=user, role=OrganisationMembership.Role.ADMIN
        ).exists()
    )


def organisation_for_host_admin(user: User, slug: str) -> Organisation:
    """The organisation, for host admins only (404 to anyone else, like the people page)."""
    org = Organisation.objects.filter(slug=slug).first()
    if org is None or not (user.is_authenticated and user.is_host_admin):
        raise NotFound
    return org


def organisation_domains(organisation: Organisation) -> QuerySet[OrganisationDomain]:
    return OrganisationDomain.objects.filter(organisation=organisation).order_by("domain")


def organisation_domain_for_host_admin(user: User, slug: str, domain_id: int) -> OrganisationDomain:
    """One verified domain of the organisation, for host admins only (``NotFound`` to
    anyone else, and for a domain of another organisation)."""
    organisation = organisation_for_host_admin(user, slug)
    domain = organisation_domains(organisation).filter(pk=domain_id).first()
    if domain is None:
        raise NotFound
    return domain


def latest_affiliation_request(user: User) -> AffiliationRequest | None:
    """What the person's profile says about their organisation while it is not verified:
    the pending request, or the latest decision on one."""
    return (
        AffiliationRequest.objects.filter(user=user)
        .select_related("organisation")
        .order_by("-created_at", "-pk")
        .first()
    )


def own_latest_affiliation_request(user: User) -> AffiliationRequest:
    """The person's latest request, for asking for a new link: ``NotFound`` when they
    have never asked (the service says whether a link is waiting)."""
    latest = latest_affiliation_request(user) if user.is_authenticated else None
    if latest is None:
        raise NotFound
    return latest


def _may_decide(user: User, request: AffiliationRequest, organisation_admin) -> bool:
    """The rule of ``can_decide_affiliation``; ``organisation_admin()`` answers whether
    ``user`` is an admin of the request's organisation, asked only when it matters."""
    if not user.is_authenticated or user.pk == request.user_id:
        return False
    if user.is_host_admin:
        return True
    return not request.new_organisation and organisation_admin()


def can_decide_affiliation(user: User, request: AffiliationRequest) -> bool:
    """Host admins decide any request; an organisation's admins decide requests to join
    it, except from the person who added it (a new organisation is vetted by the host).
    Nobody decides their own."""
    return _may_decide(user, request, lambda: is_organisation_admin(user, request.organisation))


def affiliation_requests_decidable_by(user: User, requests) -> set[int]:
    """The ids among ``requests`` that ``user`` may decide: ``can_decide_affiliation``
    for each, with one query for all (a page of a request list)."""
    if not user.is_authenticated or not requests:
        return set()
    if user.is_host_admin:
        return {r.pk for r in requests if _may_decide(user, r, lambda: True)}
    administered = set(
        OrganisationMembership.objects.filter(
            user=user,
            role=OrganisationMembership.Role.ADMIN,
            organisation_id__in={r.organisation_id for r in requests},
        ).values_list("organisation_id", flat=True)
    )
    return {
        r.pk
        for r in requests
        if _may_decide(user, r, lambda r=r: r.organisation_id in administered)
    }


def _pending_for_decision() -> QuerySet[AffiliationRequest]:
    return (
        AffiliationRequest.objects.filter(status=AffiliationRequest.Status.PENDING)
        .exclude(route=AffiliationRequest.Route.DOMAIN_EMAIL)
        .select_related("user", "user__profession", "organisation")
        .order_by("created_at", "pk")
    )


def affiliation_requests_for_organisation(
    organisation: Organisation,
) -> QuerySet[AffiliationRequest]:
    """Pending requests the organisation's admins (or a host admin) decide."""
    return _pending_for_decision().filter(organisation=organisation)


def affiliation_requests_for_host() -> QuerySet[AffiliationRequest]:
    """Pending requests only a host admin can decide: new organisations, and
    organisations with no admin of their own (now, whatever they had when asked)."""
    has_admin = OrganisationMembership.objects.filter(
        organisation_id=OuterRef("organisation_id"), role=OrganisationMembership.Role.ADMIN
    )
    return _pending_for_decision().filter(
        Q(route=AffiliationRequest.Route.HOST_ADMINS) | ~Exists(has_admin)
    )


def affiliation_requests_for_host_admin(user: User) -> QuerySet[AffiliationRequest]:
    """``affiliation_requests_for_host()`` for a host admin; ``NotFound`` to anyone else,
    as the page."""
    if not (user.is_authenticated and user.is_host_admin):
        raise NotFound
    return affiliation_requests_for_host()


def affiliation_request_for_decider(user: User, request_id: int) -> AffiliationRequest:
    request = _pending_for_decision().filter(pk=request_id).first()
    if request is None or not can_decide_affiliation(user, request):
        raise NotFound
    return request


def affiliation_request_for_token(user: User, token: str) -> AffiliationRequest:
    """The request a confirmation link is for, if it is the reader's own: a forged link
    and another person's are the same 404."""
    if not token or len(token) > 100:
        raise NotFound
    request = (
        AffiliationRequest.objects.filter(
            token_digest=token_digest(token), route=AffiliationRequest.Route.DOMAIN_EMAIL
        )
        .select_related("organisation")
        .first()
    )
    if request is None or request.user_id != user.pk:
        raise NotFound
    return request


def onboarding_imports(organisation: Organisation) -> QuerySet[OnboardingImport]:
    return (
        OnboardingImport.objects.filter(organisation=organisation)
        .select_related("uploaded_by")
        .defer("rows", "errors")
    )


def onboarding_import_for_manager(user: User, slug: str, import_id: int) -> OnboardingImport:
    organisation = organisation_for_manager(user, slug)
    found = (
        OnboardingImport.objects.filter(pk=import_id, organisation=organisation)
        .select_related("organisation")
        .first()
    )
    if found is None:
        raise NotFound
    return found


def onboarding_invitation_for_token(token: str) -> OnboardingInvitation:
    if not token or len(token) > 100:
        raise NotFound
    invitation = (
        OnboardingInvitation.objects.filter(token_digest=token_digest(token))
        .select_related("organisation")
        .first()
    )
    if invitation is None:
        raise NotFound
    return invitation


# --- Subject-access exports --------------------------------------------------------------


def personal_data_exports(user) -> QuerySet[PersonalDataExport]:
    """The person's own export requests, newest first (at most a handful: one at a time)."""
    return PersonalDataExport.objects.filter(user_id=user.pk).order_by("-requested_at", "-id")


def personal_data_export_for_owner(user, export_id: int) -> PersonalDataExport:
    """A ready, unexpired archive, for its owner only: ``NotFound`` for anyone else
    (a host admin included), so the link confirms nothing to them."""
    export = PersonalDataExport.objects.filter(
        pk=export_id, user_id=getattr(user, "pk", None), status="ready"
    ).first()
    if (
        export is None
        or not export.file
        or (export.expires_at is not None and export.expires_at <= timezone.now())
    ):
        raise NotFound
    return export
