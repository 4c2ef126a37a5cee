from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """Send people who have just verified their address to complete their profile."""

    def get_email_verification_redirect_url(self, email_address):
        return reverse("accounts:profile_edit")

    def get_signup_redirect_url(self, request):
        return reverse("accounts:profile_edit")
