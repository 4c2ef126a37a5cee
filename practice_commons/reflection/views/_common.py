"""Small helpers shared by the reflection pages (not part of the public surface)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect

from .. import services
from ..models import ReflectiveSession

PAGE_SIZE = 20


def form_data(request):
    """The POST data to bind a form to, or ``None`` for an unbound form on GET."""
    return request.POST if request.method == "POST" else None


def is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def form_error_text(form) -> str:
    """Every error on a form, in one line for a page's error summary or a message."""
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def refusal_on(form) -> str:
    """The message of a ``SessionRefused`` that ``write_from_form`` put on the form, or "".
    A refusal about the session's state (not attended, already given) belongs on the
    session's page as a message, not beside a field the page may not even show."""
    refused = [
        error
        for error in form.errors.as_data().get(NON_FIELD_ERRORS, [])
        if isinstance(error, services.SessionRefused)
    ]
    return " ".join(message for error in refused for message in error.messages)


def back_to(session: ReflectiveSession, anchor: str = ""):
    return redirect(f"{session.get_absolute_url()}{anchor}")
