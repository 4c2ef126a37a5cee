"""How allauth speaks and where it sends people.

Account emails and messages are the project's own templates (``templates/account/email``,
``account/messages``, ``mfa/...``): they say what happened in plain English and sign off
as the site. They are given ``site_name`` (``settings.SITE_NAME``) here, never the
request's domain ("Hello from 127.0.0.1:8000"), and no subject prefix is added: each
subject names the site itself ("Confirm your email address for Practice Commons").
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .lockout import notify_locked_account
from .mfa_policy import SECOND_FACTOR_TYPES, mfa_required
from .security_audit import record_sign_in_locked


class AccountAdapter(DefaultAccountAdapter):
    """Send people who have just verified their address to complete their profile."""

    def get_email_verification_redirect_url(self, email_address):
        return reverse("accounts:profile_edit")

    def get_signup_redirect_url(self, request):
        return reverse("accounts:profile_edit")

    def render_mail(self, template_prefix, email, context, headers=None):
        context = {**context, "site_name": settings.SITE_NAME}
        return super().render_mail(template_prefix, email, context, headers=headers)

    def pre_authenticate(self, request, **credentials):
        """allauth refuses a sign-in here once the failed ones pass ``login_failed``'s
        limits; the refusal goes into the audit trail (the address's domain only) and the
        account holder is told by email (``lockout.py``)."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "too_many_login_attempts":
                record_sign_in_locked(request=request, credentials=credentials)
                notify_locked_account(request=request, credentials=credentials)
            raise

    def format_email_subject(self, subject: str) -> str:
        # No "[site] " prefix: the subjects say which site they are from.
        return str(subject)


class MFAAdapter(DefaultMFAAdapter):
    """allauth's two-factor pages, with the rule in ``mfa_policy``: a person who must have
    two-factor sign-in cannot remove their last second factor (authenticator app or
    security key); they may swap it for another by adding the new one first."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "You cannot remove your only authenticator: two-factor sign-in is required for "
            "your account. Add another one first if you are changing phones."
        ),
    }

    def can_delete_authenticator(self, authenticator) -> bool:
        if authenticator.type not in SECOND_FACTOR_TYPES:
            return True
        if not mfa_required(authenticator.user):
            return True
        others = Authenticator.objects.filter(
            user_id=authenticator.user_id, type__in=SECOND_FACTOR_TYPES
        ).exclude(pk=authenticator.pk)
        return others.exists()


def user_display(user) -> str:
    """How allauth names a person (``ACCOUNT_USER_DISPLAY``): their name, or "New member";
    never their email address or any part of it."""
    return user.display_name
