"""Helpers shared by the reflection services (not part of the public surface)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.core.errors import PermissionDenied

from .. import selectors
from ..models import ReflectiveSession, Stage


class SessionRefused(ValidationError):
    """The action is not possible in the session's present state; the message says why."""


def require_signed_in(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))


def require_runner(actor, session: ReflectiveSession) -> None:
    require_signed_in(actor)
    if not selectors.can_run(actor, session):
        raise PermissionDenied(_("Only the session's facilitators can do that."))


def lock(session: ReflectiveSession) -> ReflectiveSession:
    """The session row, locked until the transaction ends (SQLite's IMMEDIATE
    transactions already serialise writers)."""
    return (
        ReflectiveSession.objects.select_for_update(of=("self",))
        .select_related("event", "community", "community__current_rules")
        .get(pk=session.pk)
    )


def require_open(session: ReflectiveSession) -> None:
    if session.stage == Stage.SCHEDULED:
        raise SessionRefused(_("The session has not opened yet."), code="not_open")
    if session.stage == Stage.CLOSED:
        raise SessionRefused(_("This session has ended."), code="closed")


def bump(session: ReflectiveSession, *fields: str) -> None:
    """Save ``fields`` and tell the live views something changed."""
    session.live_version += 1
    session.updated_at = timezone.now()
    session.save(update_fields=[*fields, "live_version", "updated_at"])


def clean_text(value, *, field: str, max_length: int, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("Enter some text.")})
    if len(text) > max_length:
        raise ValidationError({field: _("Use %(n)d characters or fewer.") % {"n": max_length}})
    return text
