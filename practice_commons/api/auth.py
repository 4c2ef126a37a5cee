"""Who is calling, what their token lets them do, and how often.

* ``BearerTokenAuth``: `Authorization: Bearer <token>` with a personal access token. A
  token's scope narrows what its holder may do, never widens it: ``read`` tokens only
  read (GET, HEAD, OPTIONS); ``write`` tokens also change things; operations marked
  ``@core.api_scopes.admin_scope`` (moderation, an organisation's webhooks) need an
  ``admin`` token. A refusal is a 403 that names the scope needed.
* ``TokenRateThrottle``: each token may make ``settings.API_TOKEN_RATE_LIMIT`` requests
  (``"600/m"`` by default); beyond that a 429 with ``Retry-After`` in seconds. The
  count is per token, not per person, so one runaway script does not lock its holder's
  other tokens out.
* A holder who must have two-factor sign-in (``accounts.mfa_policy``) and has not set it
  up gets a 403 naming the rule for every request, whatever the token's scope.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from practice_commons.accounts.mfa_policy import mfa_setup_required
from practice_commons.core.api_scopes import scope_refused

from .models import ApiToken
from .services import api_token_authenticate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_RANK = {ApiToken.Scope.READ: 0, ApiToken.Scope.WRITE: 1, ApiToken.Scope.ADMIN: 2}


def scope_needed(method: str) -> str:
    return ApiToken.Scope.READ if method.upper() in SAFE_METHODS else ApiToken.Scope.WRITE


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = api_token_authenticate(token)
        if api_token is None:
            return None
        needed = scope_needed(request.method)
        if _RANK[api_token.scope] < _RANK[needed]:
            raise scope_refused(api_token.scope, needed)
        if mfa_setup_required(api_token.user):
            # The holder must have two-factor sign-in and has not set it up: their tokens
            # wait until they have, or a token would be a way round the rule.
            raise PermissionDenied(
                _(
                    "Two-factor sign-in is required for this account. Set it up on the "
                    "website, then use this token again."
                )
            )
        request.user = api_token.user
        return api_token


class TokenRateThrottle(SimpleRateThrottle):
    """ninja's sliding-window throttle keyed by the token; the rate is read from settings
    on every request, so it can be changed without a restart in tests."""

    def __init__(self):
        super().__init__(rate=settings.API_TOKEN_RATE_LIMIT)

    def get_cache_key(self, request):
        api_token = getattr(request, "auth", None)
        if not isinstance(api_token, ApiToken):
            return None
        return f"api-token-rate:{api_token.pk}"

    def allow_request(self, request):
        self.num_requests, self.duration = self.parse_rate(settings.API_TOKEN_RATE_LIMIT)
        return super().allow_request(request)


_PERIOD_WORDS = {1: _lazy("a second"), 60: _lazy("a minute"), 3600: _lazy("an hour")}


def rate_limit_in_words() -> str:
    """``API_TOKEN_RATE_LIMIT`` as the tokens page says it: "600 a minute"."""
    count, seconds = TokenRateThrottle().parse_rate(settings.API_TOKEN_RATE_LIMIT)
    if seconds in _PERIOD_WORDS:
        return f"{count:,} {_PERIOD_WORDS[seconds]}"
    return _("%(count)s every %(seconds)s seconds") % {"count": f"{count:,}", "seconds": seconds}
