"""Marking an API operation as one that needs an ``admin`` token.

The api app authenticates every request and refuses a ``read`` token anything but
reading (``api/auth.py``). Operations that administer (moderation, an organisation's
webhooks) are declared in the app that owns them, below the api app, with
``@admin_scope`` under the router's decorator; the check runs after authentication,
when ``request.auth`` is the caller's token.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

ADMIN = "admin"


def scope_refused(scope: str | None, needed: str) -> PermissionDenied:
    """The 403 for a token whose scope is narrower than the operation needs."""
    return PermissionDenied(
        _("This token's scope is %(scope)s; this operation needs a token with %(needed)s scope.")
        % {"scope": scope or _("unknown"), "needed": needed}
    )


def admin_scope(view):
    @functools.wraps(view)
    def check_scope(request, *args, **kwargs):
        scope = getattr(getattr(request, "auth", None), "scope", None)
        if scope != ADMIN:
            raise scope_refused(scope, ADMIN)
        return view(request, *args, **kwargs)

    check_scope.token_scope = ADMIN
    return check_scope
