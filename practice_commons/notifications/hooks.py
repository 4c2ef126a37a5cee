"""The confidentiality guard, reached without importing ``safeguarding``.

``notifications`` and ``safeguarding`` are sibling layers, so neither may import the
other. The guard is named in settings instead
(``NOTIFICATIONS_TEXT_GUARD = "practice_commons.safeguarding.guard.guard_texts"``) and
resolved when first needed; tests or a higher app may call ``set_text_guard``. With
no guard configured the hook lets text through, so the app works on its own.

Whatever the guard raises with a ``fields`` attribute (the safeguarding
``ConfidentialityError`` family) is turned into ``TextGuardError``, a
``ValidationError`` that names fields and kinds of finding, never the text.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

_override: Callable | None = None


class TextGuardError(ValidationError):
    def __init__(self, original: Exception):
        self.blocking = getattr(original, "blocking", True)
        messages: dict[str, list[str]] = {}
        for field_findings in getattr(original, "fields", []):
            kinds = ", ".join(k.replace("_", " ") for k in getattr(field_findings, "kinds", []))
            if self.blocking:
                text = _(
                    "This seems to contain identifiable details (%(kinds)s). Remove them "
                    "before saving."
                ) % {"kinds": kinds}
            else:
                text = _(
                    "This may contain identifiable details (%(kinds)s). Check it, then "
                    "confirm there are none."
                ) % {"kinds": kinds}
            messages.setdefault(getattr(field_findings, "field", "__all__"), []).append(text)
        super().__init__(messages or {"__all__": [_("This text cannot be stored.")]})


def set_text_guard(func: Callable | None) -> None:
    """Replace the configured guard (``None`` goes back to the setting)."""
    global _override
    _override = func


def _guard() -> Callable | None:
    if _override is not None:
        return _override
    path = getattr(settings, "NOTIFICATIONS_TEXT_GUARD", "")
    return import_string(path) if path else None


def text_guard(texts: dict[str, str], *, acknowledged: bool = False) -> None:
    """Raise ``TextGuardError`` if any of ``texts`` must not be stored as written."""
    guard = _guard()
    if guard is None:
        return
    try:
        guard(texts=texts, acknowledged=acknowledged)
    except Exception as exc:
        if hasattr(exc, "fields"):
            raise TextGuardError(exc) from exc
        raise
