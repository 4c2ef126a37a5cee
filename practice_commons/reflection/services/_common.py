"""Helpers shared by the reflection services (not part of the public surface)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.core.errors import PermissionDenied
from practice_commons.core.people import require_name
from practice_commons.core.text import clean_name_field, too_long_message

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


def _labels() -> dict[str, str]:
    """How errors name each text a service takes (they reach the API as well as forms)."""
    return {
        "gave_you": _("What the session gave you"),
        "summary": _("Summary"),
        "text": _("Action"),
        "body": _("Note"),
        "issue_summary": _("Summary of the issue"),
        "title": _("Title"),
        "theme": _("Theme"),
    }


def clean_text(value, *, field: str, max_length: int, required: bool = False) -> str:
    text = (value or "").strip()
    label = _labels().get(field, _("This text"))
    if required and not text:
        raise ValidationError(
            {field: _("Enter %(label)s.") % {"label": label[:1].lower() + label[1:]}}
        )
    if len(text) > max_length:
        raise ValidationError({field: too_long_message(label, max_length, len(text))})
    return text


def clean_session_name(value, *, field: str) -> str:
    """A session's title and theme are shown in lists, headings and emails: names, by the
    ``core.text`` rules."""
    return clean_name_field(value, field=field, label=_labels()[field], max_length=200)


def require_name_to_book(actor) -> None:
    """The group sees who takes part by name: a person gives theirs before booking."""
    try:
        require_name(actor, to="book")
    except ValidationError as exc:
        raise SessionRefused(exc.messages[0], code=exc.code, params=exc.params) from None
