"""How allauth speaks and where it sends people.

Account emails and messages are the project's own templates (``templates/account/email``,
``account/messages``, ``mfa/...``): they say what happened in plain English and sign off
as the site. They are given ``site_name`` (``settings.SITE_NAME``) here, never the
request's domain ("Hello from 127.0.0.1:8000"), and no subject prefix is added: each
subject names the site itself ("Confirm your email address for Practice Commons").
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from .lockout import notify_locked_account
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


def user_display(user) -> str:
    """How allauth names a person (``ACCOUNT_USER_DISPLAY``): their name, or "New member";
    never their email address or any part of it."""
    return user.display_name
