"""An organisation's administration and verified affiliation, in ``/api/v1``:

* ``/organisations/{slug}/people`` (its people, their roles, removing one),
  ``/organisations/{slug}/two-factor`` and ``/organisations/{slug}/affiliation-requests``
  for the organisation's admins and host admins;
* ``/organisations/{slug}/domains`` (its verified email domains) for host admins;
* ``/affiliation-requests`` (what only the host decides) for host admins, and
  ``/affiliation-requests/{request_id}/approve`` and ``/decline`` for whoever may decide
  the request;
* ``/me/affiliation/resend``: a new confirmation link for one's own request.

The same selectors and services as the pages (``views/organisations.py``,
``views/mfa.py``, ``views/affiliation.py``). Affiliation and roles rest on verified
facts: nothing here makes a membership except an approval by someone who may decide the
request (never one's own), and roles change only on existing memberships of an
organisation the caller manages. Everything an organisation's admin or a host admin does
needs an ``admin`` token, as every other administrative operation; anyone else gets 404,
as on the pages, so the API confirms nothing about organisations or requests the caller
does not handle. The services write the same audit entries as the pages.
"""

import datetime as dt
from typing import Literal

from ninja import Field, Router, Schema, Status

from practice_commons.core.api_pagination import cursor_page, cursor_query, limit_query, next_field
from practice_commons.core.api_schemas import (
    ErrorOut,
    GuardErrorOut,
    ObjectIdPath,
    OrganisationSlugPath,
    example,
)
from practice_commons.core.api_scopes import admin_scope

from . import selectors, services
from .models.affiliation import DECLINE_REASON_MAX_LENGTH, DOMAIN_MAX_LENGTH

router = Router(tags=["organisations"])  # mounted at /organisations
affiliation_router = Router(tags=["affiliation"])  # mounted at the API's root


Role = Literal["member", "champion", "admin"]
Verification = Literal["domain_email", "admin_approval", "onboarding", "host_admin", "sso"]
RequestStatus = Literal["pending", "verified", "declined", "withdrawn"]
RequestRoute = Literal["domain_email", "org_admins", "host_admins"]


# --- Output ------------------------------------------------------------------------------


class OrganisationPersonOut(Schema):
    id: int
    name: str
    email: str = Field(description="Their sign-in address.")
    profession: str | None


class OrganisationRefOut(Schema):
    slug: str
    name: str


class OrganisationMemberOut(Schema):
    id: int = Field(description="The membership's id (for its role and removal).")
    person: OrganisationPersonOut
    role: Role = Field(description="`member`, `champion` or `admin` (organisation admin).")
    verified_via: Verification = Field(description="How the affiliation was verified.")
    verified_at: dt.datetime
    team: str = Field(description="The team from staff onboarding (may be empty).")
    is_you: bool = Field(description="Your own membership: you cannot remove yourself.")


class OrganisationMemberListOut(Schema):
    count: int
    limit: int
    items: list[OrganisationMemberOut]
    next: str | None = next_field()


class OrganisationTwoFactorOut(Schema):
    required: bool = Field(
        description="Whether everyone whose affiliation with the organisation is verified "
        "must have two-factor sign-in."
    )


class AffiliationRequestOut(Schema):
    id: int
    person: OrganisationPersonOut
    organisation: OrganisationRefOut
    work_email: str = Field(description="The work address the person gave (may be empty).")
    new_organisation: bool = Field(
        description="The person added the organisation with their request (the host vets it)."
    )
    route: RequestRoute = Field(description="Who decides: `org_admins` or `host_admins`.")
    status: RequestStatus
    asked_at: dt.datetime
    decided_at: dt.datetime | None
    can_decide: bool = Field(
        description="Whether you may approve or decline it (never your own request; a new "
        "organisation's requests are for host admins)."
    )


class AffiliationRequestListOut(Schema):
    count: int
    limit: int
    items: list[AffiliationRequestOut]
    next: str | None = next_field()


class OrganisationDomainOut(Schema):
    id: int
    domain: str
    added_at: dt.datetime


class OrganisationDomainListOut(Schema):
    count: int
    limit: int
    items: list[OrganisationDomainOut]
    next: str | None = next_field()


class AffiliationLinkOut(Schema):
    organisation: OrganisationRefOut
    work_email: str = Field(description="Where the new link was sent.")
    link_expires_at: dt.datetime | None


def person_out(user) -> dict:
    return {
        "id": user.pk,
        "name": user.display_name,
        "email": user.email,
        "profession": user.profession.name if user.profession else None,
    }


def organisation_ref(organisation) -> dict:
    return {"slug": organisation.slug, "name": organisation.name}


def member_out(membership, caller) -> dict:
    return {
        "id": membership.pk,
        "person": person_out(membership.user),
        "role": membership.role,
        "verified_via": membership.verified_via,
        "verified_at": membership.created_at,
        "team": membership.team,
        "is_you": membership.user_id == caller.pk,
    }


def request_out(affiliation, *, can_decide: bool) -> dict:
    return {
        "id": affiliation.pk,
        "person": person_out(affiliation.user),
        "organisation": organisation_ref(affiliation.organisation),
        "work_email": affiliation.work_email,
        "new_organisation": affiliation.new_organisation,
        "route": affiliation.route,
        "status": affiliation.status,
        "asked_at": affiliation.created_at,
        "decided_at": affiliation.decided_at,
        "can_decide": can_decide,
    }


def domain_out(domain) -> dict:
    return {"id": domain.pk, "domain": domain.domain, "added_at": domain.created_at}


def _request_page(request, queryset, *, scope: str, cursor: str, limit: int) -> dict:
    """A page of requests, each with whether the caller may decide it (one query)."""
    decidable: set[int] = set()

    def decorate(rows):
        decidable.update(selectors.affiliation_requests_decidable_by(request.user, rows))
        return rows

    return cursor_page(
        request,
        queryset,
        scope=scope,
        out=lambda row: request_out(row, can_decide=row.pk in decidable),
        cursor=cursor,
        limit=limit,
        decorate=decorate,
    )


# --- People and roles (the organisation's admins, host admins) ----------------------------


@router.get(
    "/{slug}/people",
    response={200: OrganisationMemberListOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="An organisation's people (its admins; admin scope)",
)
@admin_scope
def organisation_people(
    request,
    slug: str = OrganisationSlugPath,
    limit: int = limit_query(50),
    cursor: str = cursor_query(),
):
    """Everyone whose affiliation with the organisation is verified, by name, with their
    profession, team, role and how they were verified, as the organisation's people page
    lists them (a pending request is not a membership: see
    `GET /organisations/{slug}/affiliation-requests`). For the organisation's admins and
    host admins with an admin-scope token (403 for a narrower token); 404 for anyone
    else and for an unknown organisation. Paged with `limit` and `cursor`."""
    organisation = selectors.organisation_for_manager(request.user, slug)
    return cursor_page(
        request,
        selectors.organisation_memberships(organisation),
        scope="accounts.organisation_people",
        out=lambda membership: member_out(membership, request.user),
        cursor=cursor,
        limit=limit,
    )


class OrganisationRoleIn(Schema):
    model_config = example({"role": "champion"})

    role: Role = Field(description="`member`, `champion` or `admin` (organisation admin).")


@router.put(
    "/{slug}/people/{membership_id}/role",
    response={200: OrganisationMemberOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Change a person's role in an organisation (its admins; admin scope)",
)
@admin_scope
def organisation_person_role(
    request,
    payload: OrganisationRoleIn,
    slug: str = OrganisationSlugPath,
    membership_id: int = ObjectIdPath,
):
    """Sets the role of one of the organisation's verified people, as the people page's
    *Change role*: `member`, `champion` or `admin`. Only an existing membership changes:
    a role is never a way to join. An organisation's admin cannot give up their own admin
    role (400; another admin or a host admin can). For the organisation's admins and
    host admins with an admin-scope token; 404 for anyone else, an unknown organisation,
    or a membership of another organisation. Audited as `organisation.role_change`."""
    membership = selectors.organisation_membership_for_manager(request.user, slug, membership_id)
    services.organisation_membership_set_role(
        actor=request.user, membership=membership, role=payload.role
    )
    membership = selectors.organisation_membership_for_manager(request.user, slug, membership_id)
    return member_out(membership, request.user)


@router.delete(
    "/{slug}/people/{membership_id}",
    response={204: None, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Remove a person from an organisation (its admins; admin scope)",
)
@admin_scope
def organisation_person_remove(
    request, slug: str = OrganisationSlugPath, membership_id: int = ObjectIdPath
):
    """Ends a person's verified affiliation, as the people page's *Remove*: their
    membership and role go, and the organisation is no longer their main one. Nobody
    removes themselves (400). For the organisation's admins and host admins with an
    admin-scope token; 404 for anyone else, an unknown organisation, or a membership of
    another organisation. Audited as `organisation.remove_person`."""
    membership = selectors.organisation_membership_for_manager(request.user, slug, membership_id)
    services.organisation_membership_remove(actor=request.user, membership=membership)
    return Status(204, None)


# --- Two-factor requirement ----------------------------------------------------------------


@router.get(
    "/{slug}/two-factor",
    response={200: OrganisationTwoFactorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Whether an organisation requires two-factor sign-in (its admins; admin scope)",
)
@admin_scope
def organisation_two_factor(request, slug: str = OrganisationSlugPath):
    """The people page's *Two-factor sign-in* setting: whether everyone whose
    affiliation with the organisation is verified must have two-factor sign-in. For the
    organisation's admins and host admins with an admin-scope token; 404 for anyone
    else and for an unknown organisation."""
    organisation = selectors.organisation_for_manager(request.user, slug)
    return {"required": organisation.mfa_required}


class OrganisationTwoFactorIn(Schema):
    model_config = example({"required": True})

    required: bool = Field(
        description="true: everyone whose affiliation is verified (you included) must set "
        "up two-factor sign-in before they carry on, and their API tokens are refused "
        "until they have; false: the organisation no longer requires it."
    )


@router.put(
    "/{slug}/two-factor",
    response={200: OrganisationTwoFactorOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Require two-factor sign-in for an organisation's staff (its admins; admin scope)",
)
@admin_scope
def organisation_two_factor_set(
    request, payload: OrganisationTwoFactorIn, slug: str = OrganisationSlugPath
):
    """Switches the organisation's rule on or off, as the people page's *Save two-factor
    setting*. While it is on, a verified member without two-factor sign-in (the caller
    included) is sent to set it up on every page, and their tokens, this one included,
    are refused with 403 until they have. For the organisation's admins and host admins
    with an admin-scope token; 404 for anyone else and for an unknown organisation.
    Audited as `organisation.mfa_requirement_set`, changed or not."""
    organisation = selectors.organisation_for_manager(request.user, slug)
    organisation = services.organisation_mfa_requirement_set(
        actor=request.user, organisation=organisation, required=payload.required
    )
    return {"required": organisation.mfa_required}


# --- Affiliation requests and decisions ----------------------------------------------------


@router.get(
    "/{slug}/affiliation-requests",
    response={200: AffiliationRequestListOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="An organisation's affiliation requests (its admins; admin scope)",
)
@admin_scope
def organisation_affiliation_requests(
    request,
    slug: str = OrganisationSlugPath,
    limit: int = limit_query(50),
    cursor: str = cursor_query(),
):
    """People who say they work at the organisation and wait for a decision, oldest
    first, as the organisation's requests page lists them; each says whether the caller
    may decide it (`can_decide`: not their own request, and a new organisation's are for
    host admins). Requests waiting for a link sent to a verified domain are not listed:
    the person confirms those. For the organisation's admins and host admins with an
    admin-scope token; 404 for anyone else and for an unknown organisation. Paged with
    `limit` and `cursor`."""
    organisation = selectors.organisation_for_manager(request.user, slug)
    return _request_page(
        request,
        selectors.affiliation_requests_for_organisation(organisation),
        scope="accounts.organisation_requests",
        cursor=cursor,
        limit=limit,
    )


@affiliation_router.get(
    "/affiliation-requests",
    response={200: AffiliationRequestListOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Affiliation requests only the host decides (host admins; admin scope)",
)
@admin_scope
def host_affiliation_requests(request, limit: int = limit_query(50), cursor: str = cursor_query()):
    """Requests waiting for a host admin, oldest first, as the host's requests page
    lists them: people who added a new organisation, and requests to organisations with
    no admin of their own. Host admins with an admin-scope token (403 for a narrower
    token); 404 for anyone else, as the page. Paged with `limit` and `cursor`."""
    return _request_page(
        request,
        selectors.affiliation_requests_for_host_admin(request.user),
        scope="accounts.host_requests",
        cursor=cursor,
        limit=limit,
    )


@affiliation_router.post(
    "/affiliation-requests/{request_id}/approve",
    response={200: AffiliationRequestOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Approve an affiliation request (its organisation's admins, host admins; admin scope)",
)
@admin_scope
def affiliation_request_approve(request, request_id: int = ObjectIdPath):
    """Verifies the person's affiliation, as the requests page's *Approve*: they become
    a member of the organisation (role `member`) and it becomes their main one; they are
    emailed the outcome. The organisation's admins decide requests to join it (not a new
    organisation's, which host admins vet); host admins decide any; nobody decides their
    own. 404 for anyone else, and for a request that is not waiting for a decision
    (decided, withdrawn, or waiting for its emailed link); 409 when it was decided
    meanwhile. Admin-scope token. Audited as `affiliation.verify`."""
    affiliation = selectors.affiliation_request_for_decider(request.user, request_id)
    affiliation = services.affiliation_approve(actor=request.user, request=affiliation)
    return request_out(affiliation, can_decide=False)


class AffiliationDeclineIn(Schema):
    model_config = example(
        {
            "reason": "Please use your council email address so we can confirm it.",
            "confidentiality_acknowledged": False,
        }
    )

    reason: str = Field(
        max_length=DECLINE_REASON_MAX_LENGTH,
        description="Why, sent to the person: say what they can do next.",
    )
    confidentiality_acknowledged: bool = False


@affiliation_router.post(
    "/affiliation-requests/{request_id}/decline",
    response={
        200: AffiliationRequestOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Decline an affiliation request (its organisation's admins, host admins; admin scope)",
)
@admin_scope
def affiliation_request_decline(
    request, payload: AffiliationDeclineIn, request_id: int = ObjectIdPath
):
    """Declines the request with a reason the person is emailed, as the decline page.
    The reason is needed (400 when blank) and passes the confidentiality guard (422); it
    stays on the request, never in the audit trail. Who may decide, 404 and 409 as for
    approving. Admin-scope token. Audited as `affiliation.decline`."""
    affiliation = selectors.affiliation_request_for_decider(request.user, request_id)
    affiliation = services.affiliation_decline(
        actor=request.user,
        request=affiliation,
        reason=payload.reason,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return request_out(affiliation, can_decide=False)


@affiliation_router.post(
    "/me/affiliation/resend",
    response={200: AffiliationLinkOut, 404: ErrorOut, 409: ErrorOut},
    summary="Send a new link to confirm your affiliation",
)
def my_affiliation_link_resend(request):
    """For a person whose latest request waits for the link emailed to their work
    address (it expired or got lost): a new link is emailed there and the old one stops
    working, as the profile's *Send a new link*. 404 when they have never asked; 409
    when no link is waiting (the request was decided, withdrawn, or waits for an
    admin). Audited as `affiliation.link_resend`."""
    latest = selectors.own_latest_affiliation_request(request.user)
    affiliation = services.affiliation_link_resend(actor=request.user, request=latest)
    return {
        "organisation": organisation_ref(latest.organisation),
        "work_email": affiliation.work_email,
        "link_expires_at": affiliation.token_expires_at,
    }


# --- Verified email domains (host admins) --------------------------------------------------


@router.get(
    "/{slug}/domains",
    response={200: OrganisationDomainListOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="An organisation's verified email domains (host admins; admin scope)",
)
@admin_scope
def organisation_domains_list(
    request,
    slug: str = OrganisationSlugPath,
    limit: int = limit_query(50),
    cursor: str = cursor_query(),
):
    """The domains whose addresses belong to the organisation (a link sent to one
    verifies a person's affiliation), alphabetically, as the domains page lists them.
    Host admins with an admin-scope token (403 for a narrower token); 404 for anyone
    else, the organisation's own admins included, as the page. Paged with `limit` and
    `cursor`."""
    organisation = selectors.organisation_for_host_admin(request.user, slug)
    return cursor_page(
        request,
        selectors.organisation_domains(organisation),
        scope="accounts.organisation_domains",
        out=domain_out,
        cursor=cursor,
        limit=limit,
    )


class OrganisationDomainIn(Schema):
    model_config = example({"domain": "riverside.gov.uk"})

    domain: str = Field(
        max_length=DOMAIN_MAX_LENGTH + 1,
        description="The part after the @ in the organisation's addresses. Only a domain "
        "the organisation controls: anyone with an address there can confirm they work "
        "there.",
    )


@router.post(
    "/{slug}/domains",
    response={201: OrganisationDomainOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Verify an email domain for an organisation (host admins; admin scope)",
)
@admin_scope
def organisation_domains_add(
    request, payload: OrganisationDomainIn, slug: str = OrganisationSlugPath
):
    """Records that addresses at the domain belong to the organisation, as the domains
    page's *Add domain* (stored in lower case, without a leading @). 400 for something
    that is not a domain, a public webmail domain anyone can have an address at, or a
    domain already verified for an organisation. Host admins with an admin-scope token;
    404 for anyone else. Audited as `organisation.domain_add`."""
    organisation = selectors.organisation_for_host_admin(request.user, slug)
    domain = services.organisation_domain_add(
        actor=request.user, organisation=organisation, domain=payload.domain
    )
    return Status(201, domain_out(domain))


@router.delete(
    "/{slug}/domains/{domain_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Stop trusting an organisation's email domain (host admins; admin scope)",
)
@admin_scope
def organisation_domains_remove(
    request, slug: str = OrganisationSlugPath, domain_id: int = ObjectIdPath
):
    """Removes a verified domain, as the domains page's *Remove*: links already sent to
    addresses there stop working and those requests wait for the organisation's admins
    (or host admins) instead. Memberships already verified stay. Host admins with an
    admin-scope token; 404 for anyone else and for a domain of another organisation.
    Audited as `organisation.domain_remove`."""
    domain = selectors.organisation_domain_for_host_admin(request.user, slug, domain_id)
    services.organisation_domain_remove(actor=request.user, domain=domain)
    return Status(204, None)
