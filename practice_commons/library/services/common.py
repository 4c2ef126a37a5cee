"""Checks and helpers the library's services share."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from practice_commons.core.errors import NotFound, PermissionDenied
from practice_commons.core.people import is_signed_in

from .. import policies


def review_required() -> bool:
    """The host's choice (``LIBRARY_REVIEW_REQUIRED``, on unless turned off): practice
    examples and resources are reviewed by a facilitator or organisation admin before
    they are published. Read on each call, so a host can change it without a release."""
    return bool(getattr(settings, "LIBRARY_REVIEW_REQUIRED", True))


def images_allowed() -> bool:
    """Whether the host accepts images as attachments (off unless ``LIBRARY_ALLOW_IMAGES``):
    a photograph can identify someone in ways no text scan can see."""
    return bool(getattr(settings, "LIBRARY_ALLOW_IMAGES", False))


def require_signed_in(actor) -> None:
    if not is_signed_in(actor):
        raise PermissionDenied(_("Sign in to do that."))


def require_readable(actor, item) -> None:
    """Someone who may not read the item gets ``NotFound``, never 403: a private
    community's items must not be seen to exist."""
    if not policies.can_read(actor, item):
        raise NotFound(_("There is no such library item."))


def require_editable(actor, item) -> None:
    require_signed_in(actor)
    require_readable(actor, item)
    if not policies.can_edit(actor, item):
        raise PermissionDenied(_("Only its writer, its contact or a reviewer can change this."))


def clean_text(value, *, field: str, label: str, max_length: int, required: bool) -> str:
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        raise ValidationError({field: _("Enter %(label)s.") % {"label": label}})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: _("%(label)s must be %(max)s characters or fewer; yours is %(n)s.")
                % {
                    "label": label[:1].upper() + label[1:],
                    "max": f"{max_length:,}",
                    "n": f"{len(text):,}",
                }
            }
        )
    return text


def clean_choices(values, *, field: str, label: str, choices) -> list[str]:
    values = [str(v) for v in (values or []) if str(v)]
    unknown = [v for v in values if v not in choices.values]
    if unknown:
        raise ValidationError({field: _("Choose %(label)s from the list.") % {"label": label}})
    return list(dict.fromkeys(values))
