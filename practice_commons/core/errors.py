"""The domain errors services raise instead of HTTP responses.

Services take model objects and typed values and answer in the language of the domain:
"there is no such thing for you" (``NotFound``), "you may not" (``PermissionDenied``),
"not in its current state" (``Conflict``), or Django's ``ValidationError`` for bad input
and the confidentiality guard's ``ConfidentialityError`` for text that must not be stored.
Pages map them in one place (``core.middleware.DomainErrorMiddleware``) and the API in
another (``api/api.py``), so no service imports ``django.http``.

``PermissionDenied`` extends Django's own, so code that already handles that (the admin,
Django's 403 handler) keeps working.
"""

from django.core import exceptions as django_exceptions
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base for the errors below; ``str(exc)`` is a sentence safe to show the person."""

    default_message = ""

    def __init__(self, message: str = ""):
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class NotFound(DomainError):
    """No such object, or the actor may not know it exists (hidden, private, withdrawn).
    The two are deliberately indistinguishable."""

    default_message = _("Not found.")


class PermissionDenied(DomainError, django_exceptions.PermissionDenied):
    """The actor can see the object but may not do this to it."""

    default_message = _("You do not have permission to do that.")


class Conflict(DomainError):
    """The object's current state does not allow this (already sent, already closed)."""

    default_message = _("That cannot be done in the object's current state.")
