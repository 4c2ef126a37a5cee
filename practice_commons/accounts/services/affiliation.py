"""Verified organisation affiliation: domains, requests and their decisions.

A person's choice of organisation on their profile is a request, never a fact. It is
verified in one of three ways, and only then does an ``OrganisationMembership`` row exist
(with ``verified_via``) and ``User.organisation`` point at it:

* a link emailed to a work address at one of the organisation's verified domains is
  followed by the person (``affiliation_confirm``);
* an organisation admin (or, for a new organisation or one without admins, a host
  admin) approves it (``affiliation_approve``);
* the organisation invited them by bulk onboarding (``services.onboarding``).

Links carry a random token; only its SHA-256 digest is stored, so the email with the
link is sent from this process after commit (a task would have to store the token).
Decisions are told to the person by a background task that takes the request's id.
"""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import Conflict, NotFound, PermissionDenied

from .. import selectors
from ..models import (
    AffiliationRequest,
    Organisation,
    OrganisationDomain,
    OrganisationMembership,
    User,
)
from ..models.affiliation import DECLINE_REASON_MAX_LENGTH, new_token
from .common import audit_record

logger = logging.getLogger(__name__)

Route = AffiliationRequest.Route
Status = AffiliationRequest.Status
Verification = OrganisationMembership.Verification

_DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")
# Addresses anyone can have: owning one proves nothing about where a person works.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "btinternet.com",
        "gmail.com",
        "googlemail.com",
        "hotmail.co.uk",
        "hotmail.com",
        "icloud.com",
        "live.co.uk",
        "live.com",
        "mail.com",
        "me.com",
        "msn.com",
        "outlook.com",
        "proton.me",
        "protonmail.com",
        "sky.com",
        "talktalk.net",
        "virginmedia.com",
        "yahoo.co.uk",
        "yahoo.com",
    }
)


def confirmation_days() -> int:
    return settings.AFFILIATION_CONFIRMATION_DAYS


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def normalise_domain(raw: str) -> str:
    """``@Leeds.GOV.uk.`` → ``leeds.gov.uk``; international names as their ASCII form."""
    domain = (raw or "").strip().lstrip("@").rstrip(".").lower()
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValidationError(
            {"domain": _("Enter a domain such as leeds.gov.uk.")}, code="invalid"
        ) from None
    if not _DOMAIN_RE.match(domain):
        raise ValidationError({"domain": _("Enter a domain such as leeds.gov.uk.")}, code="invalid")
    return domain


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Verified domains (host admins) ---------------------------------------------------


def _require_host_admin(actor, message: str) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.is_host_admin):
        raise PermissionDenied(message)


@transaction.atomic
def organisation_domain_add(*, actor: User, organisation: Organisation, domain: str):
    """Record that addresses at ``domain`` belong to ``organisation``. A domain belongs to
    one organisation at most, and public webmail domains are refused."""
    _require_host_admin(actor, _("Only host admins can verify email domains."))
    domain = normalise_domain(domain)
    if domain in PUBLIC_EMAIL_DOMAINS:
        message = _("Anyone can have an address at %(domain)s: choose the organisation's own.")
        raise ValidationError({"domain": message % {"domain": domain}})
    taken = OrganisationDomain.objects.filter(domain=domain).select_related("organisation").first()
    if taken is not None:
        raise ValidationError(
            {
                "domain": _("%(domain)s is already verified for %(organisation)s.")
                % {"domain": domain, "organisation": taken.organisation.name}
            }
        )
    row = OrganisationDomain.objects.create(
        organisation=organisation, domain=domain, added_by=actor
    )
    audit_record(
        actor=actor, action="organisation.domain_add", target=organisation, data={"domain": domain}
    )
    return row


@transaction.atomic
def organisation_domain_remove(*, actor: User, domain: OrganisationDomain) -> None:
    """Stop trusting a domain. Links already sent to addresses there stop working: those
    requests go to the organisation's admins instead."""
    _require_host_admin(actor, _("Only host admins can remove verified email domains."))
    organisation = domain.organisation
    rerouted = 0
    for request in AffiliationRequest.objects.select_for_update().filter(
        organisation=organisation, status=Status.PENDING, route=Route.DOMAIN_EMAIL
    ):
        if email_domain(request.work_email) == domain.domain:
            request.route = _admin_route(organisation)
            request.token_digest = ""
            request.token_expires_at = None
            request.save(update_fields=["route", "token_digest", "token_expires_at"])
            rerouted += 1
    audit_record(
        actor=actor,
        action="organisation.domain_remove",
        target=organisation,
        data={"domain": domain.domain, "requests_rerouted": rerouted},
    )
    domain.delete()


# --- Requests (the person) --------------------------------------------------------------


def _admin_route(organisation: Organisation) -> str:
    has_admin = organisation.memberships.filter(role=OrganisationMembership.Role.ADMIN).exists()
    return Route.ORGANISATION_ADMINS if has_admin else Route.HOST_ADMINS


def _route_for(organisation: Organisation, work_email: str, *, new_organisation: bool) -> str:
    if new_organisation:
        return Route.HOST_ADMINS
    domain = email_domain(work_email)
    if (
        domain
        and OrganisationDomain.objects.filter(organisation=organisation, domain=domain).exists()
    ):
        return Route.DOMAIN_EMAIL
    return _admin_route(organisation)


def _withdraw_pending(user: User, *, keep: AffiliationRequest | None = None) -> None:
    pending = AffiliationRequest.objects.filter(user=user, status=Status.PENDING)
    if keep is not None:
        pending = pending.exclude(pk=keep.pk)
    for request in pending.select_for_update():
        request.status = Status.WITHDRAWN
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_at"])
        audit_record(
            actor=user,
            action="affiliation.withdraw",
            target=request,
            data={"organisation_id": request.organisation_id},
        )


def affiliation_choose(
    *,
    actor: User,
    user: User,
    organisation: Organisation | None,
    work_email: str = "",
    new_organisation: bool = False,
) -> AffiliationRequest | None:
    """What choosing an organisation on one's profile does (called by ``profile_update``,
    inside its transaction). Choosing nothing withdraws a pending request and leaves the
    person without a main organisation; choosing one they are verified at makes it their
    main one; choosing the one already pending (with the same work email) changes
    nothing; anything else withdraws the pending request and makes a new one."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("You can only choose your own organisation."))
    work_email = (work_email or "").strip().lower()
    if organisation is None:
        _withdraw_pending(user)
        _set_main_organisation(user, None)
        return None
    if OrganisationMembership.objects.filter(organisation=organisation, user=user).exists():
        _withdraw_pending(user)
        _set_main_organisation(user, organisation)
        return None
    pending = AffiliationRequest.objects.filter(
        user=user, status=Status.PENDING, organisation=organisation
    ).first()
    if pending is not None and (not work_email or work_email == pending.work_email):
        return pending
    _withdraw_pending(user)
    return _request_create(
        user=user, organisation=organisation, work_email=work_email, new=new_organisation
    )


def _set_main_organisation(user: User, organisation: Organisation | None) -> None:
    if user.organisation_id != (organisation.pk if organisation else None):
        user.organisation = organisation
        user.save(update_fields=["organisation"])


def _request_create(
    *, user: User, organisation: Organisation, work_email: str, new: bool
) -> AffiliationRequest:
    route = _route_for(organisation, work_email, new_organisation=new)
    request = AffiliationRequest(
        user=user,
        organisation=organisation,
        route=route,
        work_email=work_email,
        new_organisation=new,
    )
    token = _issue_token(request) if route == Route.DOMAIN_EMAIL else None
    request.full_clean(exclude=["token_digest"])
    request.save()
    audit_record(
        actor=user,
        action="affiliation.request",
        target=request,
        data={"organisation_id": organisation.pk, "route": route, "new_organisation": new},
    )
    if token:
        _email_link_on_commit(request.pk, token)
    return request


def _issue_token(request: AffiliationRequest) -> str:
    token, digest = new_token()
    request.token_digest = digest
    request.token_expires_at = timezone.now() + timedelta(days=confirmation_days())
    return token


@transaction.atomic
def affiliation_link_resend(*, actor: User, request: AffiliationRequest) -> AffiliationRequest:
    """A new link (the old one stops working), for a person whose link expired or got
    lost."""
    if actor.pk != request.user_id:
        raise NotFound
    request = AffiliationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != Status.PENDING or request.route != Route.DOMAIN_EMAIL:
        raise Conflict(_("There is no link waiting to be confirmed."))
    token = _issue_token(request)
    request.save(update_fields=["token_digest", "token_expires_at"])
    audit_record(actor=actor, action="affiliation.link_resend", target=request)
    _email_link_on_commit(request.pk, token)
    return request


@transaction.atomic
def affiliation_confirm(*, actor: User, token: str) -> AffiliationRequest:
    """Follow the emailed link. Only the person who asked may use it, once, before it
    expires, and only while the address's domain is still verified for the organisation."""
    found = selectors.affiliation_request_for_token(actor, token)
    request = AffiliationRequest.objects.select_for_update().get(pk=found.pk)
    if request.status == Status.VERIFIED:
        raise Conflict(_("This link has already been used: your affiliation is verified."))
    if request.status != Status.PENDING or request.route != Route.DOMAIN_EMAIL:
        raise Conflict(_("This link is no longer valid: the request was withdrawn or changed."))
    if request.link_expired:
        raise Conflict(_("This link has expired. Ask for a new one from your profile."))
    _verify(request, via=Verification.DOMAIN_EMAIL, actor=actor)
    return request


@transaction.atomic
def affiliation_from_sso(*, user: User, email: str, provider: str) -> OrganisationMembership | None:
    """A sign-in through an organisation's identity provider with an address the provider
    verified (``accounts.sso`` decides that, never the person): the same rule as the
    emailed link, with the provider's sign-in in place of the link. Affiliates ``user``
    with the organisation that ``email``'s domain is verified for; nothing when no
    organisation has that domain or the person is already affiliated there. Returns the
    new membership."""
    domain = email_domain(email)
    if not domain or domain in PUBLIC_EMAIL_DOMAINS:
        return None
    found = OrganisationDomain.objects.filter(domain=domain).select_related("organisation").first()
    if found is None:
        return None
    organisation = found.organisation
    if OrganisationMembership.objects.filter(organisation=organisation, user=user).exists():
        return None
    _withdraw_pending(user)
    request = AffiliationRequest.objects.create(
        user=user, organisation=organisation, route=Route.DOMAIN_EMAIL, work_email=email.lower()
    )
    audit_record(
        actor=user,
        action="affiliation.request",
        target=request,
        data={"organisation_id": organisation.pk, "route": Route.DOMAIN_EMAIL, "sso": provider},
    )
    return _verify(request, via=Verification.SSO, actor=user)


# --- Decisions (organisation admins, host admins) --------------------------------------


def _lock_for_decision(actor: User, request: AffiliationRequest) -> AffiliationRequest:
    if not selectors.can_decide_affiliation(actor, request):
        raise PermissionDenied(_("You cannot decide this request."))
    locked = AffiliationRequest.objects.select_for_update().select_related("organisation")
    request = locked.get(pk=request.pk)
    if request.status != Status.PENDING or request.route == Route.DOMAIN_EMAIL:
        raise Conflict(_("This request has already been decided or withdrawn."))
    return request


@transaction.atomic
def affiliation_approve(*, actor: User, request: AffiliationRequest) -> AffiliationRequest:
    request = _lock_for_decision(actor, request)
    _verify(request, via=Verification.ADMIN_APPROVAL, actor=actor)
    _tell_outcome_on_commit(request.pk)
    return request


@transaction.atomic
def affiliation_decline(
    *,
    actor: User,
    request: AffiliationRequest,
    reason: str,
    confidentiality_acknowledged: bool = False,
) -> AffiliationRequest:
    """Decline with a reason the person is told. The reason is free text: it passes the
    confidentiality guard and stays on the request, never in the audit trail."""
    request = _lock_for_decision(actor, request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the person knows what to do next.")})
    if len(reason) > DECLINE_REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Keep the reason to %(n)s characters.") % {"n": DECLINE_REASON_MAX_LENGTH}}
        )
    guard_texts(texts={"reason": reason}, acknowledged=confidentiality_acknowledged)
    request.status = Status.DECLINED
    request.decline_reason = reason
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="affiliation.decline",
        target=request,
        data={"organisation_id": request.organisation_id, "user_id": request.user_id},
    )
    _tell_outcome_on_commit(request.pk)
    return request


def _verify(request: AffiliationRequest, *, via: str, actor: User) -> OrganisationMembership:
    """The one place a request becomes a fact: the membership row, the person's main
    organisation, the request's status and the audit entry, in the caller's transaction."""
    membership, _created = OrganisationMembership.objects.get_or_create(
        organisation=request.organisation, user=request.user, defaults={"verified_via": via}
    )
    _set_main_organisation(request.user, request.organisation)
    request.status = Status.VERIFIED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="affiliation.verify",
        target=request,
        data={
            "organisation_id": request.organisation_id,
            "user_id": request.user_id,
            "verified_via": via,
        },
    )
    return membership


# --- Email -------------------------------------------------------------------------------


def _email_link_on_commit(request_id: int, token: str) -> None:
    transaction.on_commit(lambda: _send_link(request_id, token))


def _send_link(request_id: int, token: str) -> None:
    request = AffiliationRequest.objects.select_related("organisation", "user").get(pk=request_id)
    context = {
        "request": request,
        "organisation": request.organisation,
        "person": request.user,
        "link": _absolute(reverse("accounts:affiliation_confirm", kwargs={"token": token})),
        "days": confirmation_days(),
        "site_name": settings.SITE_NAME,
    }
    try:
        with translation.override(selectors.language_of(request.user)):
            subject = render_to_string(
                "accounts/affiliation/email/confirm_subject.txt", context
            ).strip()
            message = render_to_string("accounts/affiliation/email/confirm.txt", context)
        send_mail(
            subject=subject,
            message=message,
            from_email=None,
            recipient_list=[request.work_email],
        )
    except Exception:
        # The request stays pending; the person can ask for the link again.
        logger.exception("Could not send the affiliation link for request %s", request_id)


def _tell_outcome_on_commit(request_id: int) -> None:
    def enqueue():
        # Imported here: tasks import services, so services reach tasks only at run time.
        from ..tasks import send_affiliation_outcome

        try:
            send_affiliation_outcome.enqueue(request_id)
        except Exception:
            logger.exception("Could not queue the outcome email for request %s", request_id)

    transaction.on_commit(enqueue)


def affiliation_outcome_send(*, request_id: int) -> bool:
    """Tell the person what was decided. Idempotent: claimed once by ``outcome_sent_at``."""
    claimed = AffiliationRequest.objects.filter(
        pk=request_id,
        outcome_sent_at__isnull=True,
        status__in=[Status.VERIFIED, Status.DECLINED],
    ).update(outcome_sent_at=timezone.now())
    if not claimed:
        return False
    request = AffiliationRequest.objects.select_related("organisation", "user").get(pk=request_id)
    context = {
        "request": request,
        "organisation": request.organisation,
        "person": request.user,
        "approved": request.status == Status.VERIFIED,
        "profile_link": _absolute(reverse("accounts:profile")),
        "site_name": settings.SITE_NAME,
    }
    with translation.override(selectors.language_of(request.user)):
        subject = render_to_string(
            "accounts/affiliation/email/outcome_subject.txt", context
        ).strip()
        message = render_to_string("accounts/affiliation/email/outcome.txt", context)
    send_mail(
        subject=subject,
        message=message,
        from_email=None,
        recipient_list=[request.user.email],
    )
    return True
