from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .mfa_policy import mfa_requirement_reason, mfa_setup_required


class PreferredLanguageMiddleware:
    """Use the signed-in person's chosen language rather than the browser's guess."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


# Pages a person who must set up two-factor sign-in can still reach: signing out, the
# two-factor pages (and confirming who they are, which setting it up asks for), and
# signing in again through their organisation's single sign-on for that confirmation.
MFA_SETUP_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
        "mfa_reauthenticate",
        "mfa_authenticate",
        "mfa_activate_totp",
        "mfa_activate_webauthn",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "openid_connect_login",
        "openid_connect_callback",
        "saml_login",
        "saml_acs",
        "saml_finish_acs",
    }
)
# The JSON API answers for itself (``api.auth.BearerTokenAuth``: a 403 naming the rule).
API_PREFIX = "/api/v1/"


class MfaRequiredMiddleware:
    """Send a signed-in person who must have two-factor sign-in (``mfa_policy``) and has
    not set it up to the two-factor page, with a message saying why, from every page but
    those in ``MFA_SETUP_URL_NAMES`` and static files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._blocked(request):
            return self._to_setup(request)
        return self.get_response(request)

    def _blocked(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        path = request.path_info
        if path.startswith((settings.STATIC_URL, API_PREFIX)):
            return False
        try:
            name = resolve(path).url_name
        except Resolver404:
            name = None
        if name in MFA_SETUP_URL_NAMES:
            return False
        return mfa_setup_required(user)

    def _to_setup(self, request):
        messages.warning(
            request,
            _(
                "You need to set up two-factor sign-in before you can use %(site)s, "
                "because %(reason)s. Set up an authenticator app below, or sign out."
            )
            % {"site": settings.SITE_NAME, "reason": mfa_requirement_reason(request.user)},
            fail_silently=True,
        )
        url = reverse("mfa_index")
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
