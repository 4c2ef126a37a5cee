"""Checks every communities service shares. A community the actor may not read is
``NotFound``, never ``PermissionDenied``: a private community must not be confirmed to
an outsider."""

from django.utils.translation import gettext as _

from practice_commons.core.errors import NotFound, PermissionDenied

from .. import selectors
from ..models import Community


def require_signed_in(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))


def require_can_read(actor, community: Community) -> None:
    if not selectors.can_read(actor, community):
        raise NotFound


def require_moderator(actor, community: Community) -> None:
    """Outsiders who cannot even see the community get ``NotFound``, so it does not leak."""
    require_signed_in(actor)
    require_can_read(actor, community)
    if not selectors.can_moderate(actor, community):
        raise PermissionDenied(_("Only this community's facilitators can do that."))


def clean_text(value) -> str:
    return (value or "").strip()
