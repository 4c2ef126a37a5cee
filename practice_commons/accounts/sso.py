"""Single sign-on through a council's or NHS body's own identity provider (allauth's
``socialaccount``: OpenID Connect and SAML; providers from ``config/sso.py``).

What must stay true:

* An address from a provider counts as verified only when the provider says it is
  (``email_verified``) *and* its domain is one the provider is configured as the
  authority for (``email_domains``). Anything else is an unverified address, which
  allauth asks the person to confirm by email like any other.
* Affiliation comes only from such an address whose domain is one of an organisation's
  verified domains (``services.affiliation_from_sso``, the same rule as the emailed
  link). Nothing the person types (the sign-up form allauth may show) grants anything.
* Signing in with a provider to an existing account with the same address
  (``SOCIALACCOUNT_EMAIL_AUTHENTICATION``) happens only with a verified address as
  above; allauth wipes the existing account's password when its own copy of the address
  was never verified, so whoever registered it first cannot keep a way in.
"""

from allauth.account.signals import user_logged_in
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.dispatch import receiver

from . import mfa_policy, services


def provider_email_domains(sociallogin) -> frozenset[str]:
    app = getattr(sociallogin.provider, "app", None)
    settings = getattr(app, "settings", None) or {}
    return frozenset(d.lower() for d in settings.get("email_domains", []))


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


def trust_only_authoritative_addresses(sociallogin) -> None:
    """Mark unverified every address outside the provider's own domains."""
    domains = provider_email_domains(sociallogin)
    for address in sociallogin.email_addresses:
        if address.verified and _domain(address.email) not in domains:
            address.verified = False


def verified_addresses(sociallogin) -> list[str]:
    trust_only_authoritative_addresses(sociallogin)
    return [a.email.lower() for a in sociallogin.email_addresses if a.verified]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def authenticate_by_email(self, sociallogin):
        trust_only_authoritative_addresses(sociallogin)
        return super().authenticate_by_email(sociallogin)

    def can_authenticate_by_email(self, sociallogin, email) -> bool:
        if _domain(email) not in provider_email_domains(sociallogin):
            return False
        return super().can_authenticate_by_email(sociallogin, email)

    def pre_social_login(self, request, sociallogin):
        trust_only_authoritative_addresses(sociallogin)
        super().pre_social_login(request, sociallogin)


@receiver(user_logged_in, dispatch_uid="accounts.sso_affiliation")
def affiliate_from_sso(sender, request, user, sociallogin=None, **kwargs):
    """After a sign-in through a provider: affiliation from its verified address."""
    if sociallogin is None:
        return
    for email in verified_addresses(sociallogin):
        if services.affiliation_from_sso(
            user=user, email=email, provider=sociallogin.account.provider
        ):
            mfa_policy.forget_organisation_rule(user)
            mfa_policy.organisation_rule_applies(user)
