"""Text that names things (people, communities, threads, events, organisations).

A name is shown in lists, headings, emails and other people's screens, so it must look
like what was typed and nothing else. ``clean_name``:

* normalises to Unicode NFC (so "Zoë" typed two ways is one name);
* refuses control and format characters (category Cc and Cf: zero-width spaces, joiners,
  bidirectional overrides such as U+202E that make text display backwards) and
  unpaired surrogates, instead of silently removing them;
* collapses runs of whitespace and refuses a name that is blank;
* checks the length *before* anything else looks at the text (a 1 MB name never reaches
  a query), with a message that says how long it is.

``NameField`` (forms), ``clean_name_field`` (services: errors keyed by the field) and
``name_str(label, max_length)`` (django-ninja schemas) apply it. ``check_text_fields``
gives other text fields the same plain messages for being blank or too long.
"""

import unicodedata
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator, BeforeValidator

from .form_messages import label_words

FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def _invisible(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) in FORBIDDEN_CATEGORIES]


def clean_name(value, *, label: str, max_length: int) -> str:
    """``value`` as a stored name, or ``ValidationError`` with a message naming ``label``."""
    text = "" if value is None else str(value)
    if len(text) > max_length * 4:
        raise ValidationError(too_long_message(label, max_length, len(text)), code="max_length")
    text = unicodedata.normalize("NFC", text)
    text = " ".join(text.replace("\u00a0", " ").split())
    if _invisible(text):
        raise ValidationError(
            _(
                "%(label)s contains invisible or control characters (such as zero-width "
                "spaces or direction marks): type it again without them."
            )
            % {"label": label},
            code="invisible",
        )
    if not text:
        raise ValidationError(
            _("Enter %(label)s.") % {"label": label_words(label)[1]}, code="required"
        )
    if len(text) > max_length:
        raise ValidationError(too_long_message(label, max_length, len(text)), code="max_length")
    return text


def clean_name_field(
    value,
    *,
    field: str,
    label: str,
    max_length: int,
    required: bool = True,
    required_message: str | None = None,
) -> str:
    """``clean_name`` for a service: errors are keyed by ``field``, so the form that sent
    the value shows them beside it (and the API names it). An optional name may be left
    empty (``""``), but not made only of spaces and invisible characters."""
    if not required and (value is None or str(value) == ""):
        return ""
    try:
        return clean_name(value, label=label, max_length=max_length)
    except ValidationError as exc:
        if exc.code == "required":
            if not required:
                return ""
            if required_message:
                raise ValidationError({field: required_message}) from None
        raise ValidationError({field: exc.error_list}) from None


def check_text_fields(instance, labels: dict) -> None:
    """Before ``instance.full_clean()``: each named text field that must not be blank, or
    is longer than its model allows, as a ``ValidationError`` keyed by field whose message
    names it ("Enter community purpose", "Community purpose must be 280 characters or
    fewer; yours is 1,204."), instead of Django's "This field cannot be blank." and
    "Ensure this value has at most 280 characters (it has 1204)."."""
    errors = {}
    for name, label in labels.items():
        field = instance._meta.get_field(name)
        value = getattr(instance, name) or ""
        if not value and not field.blank:
            errors[name] = _("Enter %(label)s.") % {"label": label_words(label)[1]}
        elif field.max_length and len(value) > field.max_length:
            errors[name] = too_long_message(str(label), field.max_length, len(value))
    if errors:
        raise ValidationError(errors)


def too_long_message(label: str, max_length: int, length: int) -> str:
    """The message for a text that is too long: "Title must be 200 characters or fewer;
    yours is 1,204." (counts with thousands separators)."""
    return _("%(label)s must be %(max)s characters or fewer; yours is %(n)s.") % {
        "label": label,
        "max": f"{max_length:,}",
        "n": f"{length:,}",
    }


class NameField(forms.CharField):
    """A form field for a name: ``clean_name`` with the field's label in its messages."""

    def __init__(self, *, max_length: int, label: str, **kwargs):
        super().__init__(label=label, max_length=None, strip=False, **kwargs)
        self.name_max_length = max_length
        self.widget.attrs.setdefault("maxlength", str(max_length))

    def clean(self, value):
        if value in self.empty_values and not self.required:
            return ""
        try:
            return clean_name(value, label=str(self.label), max_length=self.name_max_length)
        except ValidationError as exc:
            if exc.code == "required":
                raise ValidationError(
                    self.error_messages.get("required") or exc.message, code="required"
                ) from None
            raise


def _pydantic_check(label: str, max_length: int):
    def check(value):
        try:
            return clean_name(value, label=label, max_length=max_length)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None

    return check


def name_str(label: str, max_length: int):
    """A schema type for a name: ``title: name_str("Title", 200)``."""
    return Annotated[
        str,
        BeforeValidator(_reject_non_strings),
        AfterValidator(_pydantic_check(label, max_length)),
    ]


def _reject_non_strings(value):
    if not isinstance(value, str):
        raise ValueError("Must be text.")
    return value
