"""The accounts part of a subject-access export (``core.personal_data``): the profile,
profession and expertise, organisation memberships and affiliation requests, the host's
register, email addresses, two-factor methods (which, never their secrets), export
requests and the audit trail about the person. No token digests, no passwords."""

from django.db.models import Q

from practice_commons.core.personal_data import register_exporter, rows

from .models import (
    AffiliationRequest,
    AuditEvent,
    HostMembershipClaim,
    HostMembershipRecord,
    OnboardingImport,
    OnboardingInvitation,
    OrganisationDomain,
    OrganisationMembership,
    PersonalDataExport,
)


def _profile(user) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "pronouns": user.pronouns,
        "profession": user.profession.name if user.profession_id else None,
        "organisation": user.organisation.name if user.organisation_id else None,
        "nation": user.nation,
        "area": user.area,
        "regulator": user.regulator,
        "registration_number": user.registration_number,
        "bio": user.bio,
        "expertise": sorted(tag.name for tag in user.expertise.all()),
        "open_to_collaborate": user.open_to_collaborate,
        "happy_to_network": user.happy_to_network,
        "host_role": user.host_role,
        "language": user.language,
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _email_addresses(user) -> list[dict]:
    from allauth.account.models import EmailAddress

    return rows(
        EmailAddress.objects.filter(user=user).order_by("pk"), "email", "verified", "primary"
    )


def _mfa(user) -> list[dict]:
    # Which methods are set up and when; never ``data`` (secrets, recovery codes).
    from allauth.mfa.models import Authenticator

    return rows(
        Authenticator.objects.filter(user=user).order_by("pk"), "type", "created_at", "last_used_at"
    )


def _sso_accounts(user) -> list[dict]:
    # Which organisation sign-ins are connected and what the provider last sent about
    # the person (its claims or attributes; no tokens are stored).
    from allauth.socialaccount.models import SocialAccount

    return rows(
        SocialAccount.objects.filter(user=user).order_by("pk"),
        "provider",
        "uid",
        "date_joined",
        "last_login",
        "extra_data",
    )


def _audit(user) -> list[dict]:
    """Entries the person caused, and entries about their account. For entries others
    caused, who did it and why stay out (a host admin's notes are not the person's)."""
    entries = AuditEvent.objects.filter(
        Q(actor=user) | Q(target_type="accounts.user", target_id=str(user.pk))
    ).order_by("created_at", "pk")
    return [
        {
            "action": e.action,
            "target_type": e.target_type,
            "target_id": e.target_id,
            "by_you": e.actor_id == user.pk,
            "reason": e.reason if e.actor_id == user.pk else "",
            "created_at": e.created_at,
        }
        for e in entries
    ]


def export(user) -> dict:
    return {
        "profile": _profile(user),
        "email_addresses": _email_addresses(user),
        "two_factor_methods": _mfa(user),
        "organisation_sign_ins": _sso_accounts(user),
        "organisation_memberships": rows(
            OrganisationMembership.objects.filter(user=user).select_related("organisation"),
            "organisation__name",
            "role",
            "verified_via",
            "team",
            "created_at",
        ),
        "affiliation_requests": rows(
            AffiliationRequest.objects.filter(user=user).select_related("organisation"),
            "organisation__name",
            "route",
            "status",
            "work_email",
            "new_organisation",
            "created_at",
            "decided_at",
            "decline_reason",
        ),
        "host_membership_records": rows(
            HostMembershipRecord.objects.filter(user=user),
            "email",
            "number",
            "valid_from",
            "valid_until",
            "source",
            "granted_at",
            "ended_at",
            "expired",
        ),
        "host_membership_claims": rows(
            HostMembershipClaim.objects.filter(user=user),
            "number",
            "status",
            "created_at",
            "decided_at",
            "reason",
        ),
        "onboarding_invitations_accepted": rows(
            OnboardingInvitation.objects.filter(accepted_by=user).select_related("organisation"),
            "organisation__name",
            "email",
            "team",
            "created_at",
            "accepted_at",
        ),
        # What they did as an organisation admin: when, for which organisation; the staff
        # files themselves are other people's data.
        "staff_files_uploaded": rows(
            OnboardingImport.objects.filter(uploaded_by=user).select_related("organisation"),
            "organisation__name",
            "file_name",
            "status",
            "created_at",
        ),
        "organisation_domains_added": rows(
            OrganisationDomain.objects.filter(added_by=user).select_related("organisation"),
            "organisation__name",
            "domain",
            "created_at",
        ),
        "people_invited_count": OnboardingInvitation.objects.filter(invited_by=user).count(),
        "data_export_requests": rows(
            PersonalDataExport.objects.filter(user=user),
            "status",
            "requested_at",
            "finished_at",
            "expires_at",
        ),
        "audit_trail": _audit(user),
    }


register_exporter(
    "accounts",
    export,
    covers=[
        "accounts.User",
        "account.EmailAddress",
        "mfa.Authenticator",
        "socialaccount.SocialAccount",
        "accounts.OrganisationMembership",
        "accounts.AffiliationRequest",
        "accounts.HostMembershipRecord",
        "accounts.HostMembershipClaim",
        "accounts.OnboardingInvitation",
        "accounts.OnboardingImport",
        "accounts.OrganisationDomain",
        "accounts.PersonalDataExport",
        "accounts.AuditEvent",
    ],
)
