"""The language switcher on every page."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.core.http import safe_next_url

from ..services.language import interface_languages, language_choose

LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60


@require_POST
def language_switch(request):
    """Switch the interface to the language chosen and go back to the page.

    A signed-in person's choice is kept on their account (it also sets the language of
    their emails and PDFs); everyone gets the language cookie, so the choice holds
    after signing out too."""
    language = request.POST.get("language", "")
    response = redirect(safe_next_url(request, request.POST.get("next"), "/"))
    if language not in interface_languages():
        messages.error(request, _("Choose English or Cymraeg."))
        return response
    if request.user.is_authenticated:
        language_choose(user=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
