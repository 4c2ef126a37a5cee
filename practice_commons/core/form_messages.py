"""Field error messages that name the field and say how to fix it.

Django's own messages ("This field is required.", "Ensure this value has at most 280
characters (it has 1204).", "Select a valid choice.") do not say which field they are
about, and an error summary at the top of the page lists them out of context. GOV.UK asks
for "Enter your profession", "Community purpose must be 280 characters or fewer; yours is
1,204".

``word_field(field, label)`` rewrites a field's messages, using its label, wherever the
message is still one of Django's defaults; a message a form gave itself is kept. The
GOV.UK bound field (``core.forms.GovUKBoundField``) calls it when the form first touches
the field, before it is cleaned, so every form rendered with the project's renderer gets
it without any code of its own.

What must stay true:

* Only Django's default wording is replaced, looked up by error code on the field's
  class; anything a form, field or validator says in its own words stands.
* Lengths are counted the way the field counts them, and shown with thousands separators.
"""

import functools

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db.models import URLField
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def optional_markers() -> tuple[str, str]:
    """ "(optional)" in English and in the reader's language ("(dewisol)"): a label may
    carry either (some labels say it themselves; the form renderer adds it)."""
    return "(optional)", _("(optional)")


def label_words(label) -> tuple[str, str]:
    """How to name the field at the start of a sentence and inside one.

    "(optional)" and a trailing colon go; an acronym keeps its capitals ("UK nation"); a
    question ("When is the visit?") becomes "your answer to “When is the visit?”"; an
    instruction ("Upload a CSV file") becomes what it asks for ("a CSV file").
    """
    text = str(label or "")
    for marker in optional_markers():
        text = text.replace(marker, "")
    text = text.strip().rstrip(":").strip()
    if not text:
        return _("Your answer"), _("your answer")
    if text.endswith("?"):
        return (
            _("Your answer to “%(q)s”") % {"q": text},
            _("your answer to “%(q)s”") % {"q": text},
        )
    first, _space, rest = text.partition(" ")
    if first.lower() in {"upload", "choose", "enter"} and rest:
        text = rest
        first = rest.split(" ", 1)[0]
    start = text[:1].upper() + text[1:]
    inner = text if len(first) > 1 and first[:2].isupper() else text[:1].lower() + text[1:]
    return start, inner


def _kind(field_class) -> str:
    if issubclass(field_class, forms.BooleanField):
        return "tick"
    if issubclass(field_class, forms.FileField):
        return "file"
    if issubclass(field_class, forms.ChoiceField | forms.ModelChoiceField):
        return "choose"
    return "enter"


def _invalid_message(field_class, label: str, in_sentence: str) -> str:
    kinds = (
        (forms.EmailField, _("Enter %(l)s in the correct format, like name@example.org")),
        (forms.URLField, _("Enter %(l)s as a full web address, like https://example.org")),
        (forms.SlugField, _("%(L)s can only contain letters, numbers, hyphens and underscores")),
        (forms.DecimalField | forms.FloatField, _("%(L)s must be a number, like 1.5")),
        (forms.IntegerField, _("%(L)s must be a whole number, like 12")),
        (forms.SplitDateTimeField, _("Enter %(l)s as a real date and time")),
        (forms.DateTimeField, _("Enter %(l)s as a real date and time")),
        (forms.DateField, _("Enter %(l)s as a real date")),
        (forms.TimeField, _("Enter %(l)s as a time, like 14:30")),
        (forms.DurationField, _("Enter %(l)s as a length of time, like 01:30:00")),
        (forms.JSONField, _("Enter %(l)s as valid JSON")),
        (forms.ChoiceField | forms.ModelChoiceField, _("Choose %(l)s from the list")),
    )
    for kind, message in kinds:
        if issubclass(field_class, kind):
            return message % {"l": in_sentence, "L": label}
    return _("Enter %(l)s in the correct format") % {"l": in_sentence}


def _file_messages(inner: str) -> dict[str, str]:
    chosen = (
        _("Choose %(l)s") % {"l": inner}
        if inner.split(" ", 1)[0] in {"a", "an", "the", "your"}
        else _("Choose a file for %(l)s") % {"l": inner}
    )
    return {
        "required": chosen,
        "invalid": chosen,
        "missing": chosen,
        "empty": _("The file you chose is empty: choose one with something in it"),
        "contradiction": _("Choose a new file or tick the box to remove the file, not both"),
        "invalid_image": _("The file you chose must be an image"),
        "max_length": _("The file name must be %(max)s characters or fewer; yours is %(length)s"),
    }


def specific_messages(field, label) -> dict[str, str]:
    """Messages for each error code ``field`` can raise, naming ``label``. Messages with
    ``%(...)s`` are filled in by Django from the error's parameters. They depend only on
    the field's class, the label and the language, so each is worded once per process
    (a form builds its fields again on every request)."""
    return dict(_worded(type(field), str(label or ""), get_language()))


@functools.lru_cache(maxsize=4096)
def _worded(field_class, label: str, language: str | None) -> dict[str, str]:
    label, inner = label_words(label)
    required = {
        "tick": _("Tick “%(L)s” to continue"),
        "file": _("Choose a file for %(l)s"),
        "choose": _("Choose %(l)s"),
        "enter": _("Enter %(l)s"),
    }[_kind(field_class)] % {"l": inner, "L": label}
    values = {"L": label.replace("%", "%%")}
    choose = _("Choose %(l)s from the list") % {"l": inner}
    messages = {
        "required": required,
        "invalid": _invalid_message(field_class, label, inner),
        "invalid_choice": choose,
        "invalid_list": choose,
        "invalid_pk_value": choose,
        "incomplete": _("Enter %(l)s in full") % {"l": inner},
        "invalid_date": _("Enter %(l)s as a real date") % {"l": inner},
        "invalid_time": _("Enter %(l)s as a time, like 14:30") % {"l": inner},
        "max_length": _(
            "%(L)s must be %%(limit_value)s characters or fewer; yours is %%(show_value)s."
        )
        % values,
        "min_length": _(
            "%(L)s must be %%(limit_value)s characters or more; yours is %%(show_value)s."
        )
        % values,
        "max_value": _("%(L)s must be %%(limit_value)s or less") % values,
        "min_value": _("%(L)s must be %%(limit_value)s or more") % values,
        "step_size": _("%(L)s must be a multiple of %%(limit_value)s") % values,
        "max_digits": _("%(L)s must have %%(max)s digits or fewer") % values,
        "max_decimal_places": _("%(L)s must have %%(max)s decimal places or fewer") % values,
        "max_whole_digits": _("%(L)s must have %%(max)s digits or fewer before the decimal point")
        % values,
        "null_characters_not_allowed": _(
            "%(L)s contains a character that cannot be saved: type it again"
        )
        % values,
        "invalid_extension": _("%(L)s must be a file of type %%(allowed_extensions)s") % values,
    }
    if issubclass(field_class, forms.FileField):
        messages.update(_file_messages(inner))
    if issubclass(field_class, forms.DateField | forms.DateTimeField):
        messages["max_value"] = _("%(L)s must be on or before %%(limit_value)s") % values
        messages["min_value"] = _("%(L)s must be on or after %%(limit_value)s") % values
    return messages


def _django_defaults(field) -> dict[str, set[str]]:
    """Django's own wording for each code the field's class knows (as text now, so a
    translated default is recognised too)."""
    return _class_defaults(type(field), get_language())


@functools.lru_cache(maxsize=512)
def _class_defaults(field_class, language: str | None) -> dict[str, set[str]]:
    defaults: dict[str, set[str]] = {}
    for klass in field_class.__mro__:
        for code, message in getattr(klass, "default_error_messages", {}).items():
            defaults.setdefault(code, set()).add(str(message))
    return defaults


class _CountedLengthValidator:
    """Django's length validators, with the counts shown as "1,204"."""

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit_value": f"{self.limit_value:,}",
                    "show_value": f"{length:,}",
                    "value": value,
                },
            )


class MaxLengthValidator(_CountedLengthValidator, validators.MaxLengthValidator):
    pass


class MinLengthValidator(_CountedLengthValidator, validators.MinLengthValidator):
    pass


def _counted(validator):
    for django_class, ours in (
        (validators.MaxLengthValidator, MaxLengthValidator),
        (validators.MinLengthValidator, MinLengthValidator),
    ):
        if type(validator) is django_class and "message" not in vars(validator):
            return ours(validator.limit_value)
    return validator


def _default_worded_validator_codes(field) -> set[str]:
    """Codes of the field's validators that would speak in Django's words: those built
    without a message of their own (a form's ``RegexValidator(message=...)`` keeps its)."""
    codes = set()
    for validator in field.validators:
        if isinstance(validator, validators.DecimalValidator):
            codes.update(validator.messages)
        elif getattr(validator, "code", None) and "message" not in vars(validator):
            codes.add(validator.code)
    return codes


def word_field(field, label) -> None:
    """Give ``field`` (a form's own copy) specific messages wherever it still has Django's.

    A message in the field's ``error_messages`` that differs from its class's default was
    chosen by the form and is kept, and so is a validator's own message.
    """
    if getattr(field, "_specific_messages", False):
        return
    defaults = _django_defaults(field)
    from_validators = _default_worded_validator_codes(field)
    ours = specific_messages(field, label)
    messages = dict(field.error_messages)
    for code, message in ours.items():
        current = messages.get(code)
        if current is None:
            if code in from_validators or code in defaults:
                messages[code] = message
        elif str(current) in defaults.get(code, ()):
            messages[code] = message
    field.error_messages = messages
    field.validators = [_counted(v) for v in field.validators]
    field._specific_messages = True
    # A date and time in two boxes: each part raises its own messages.
    for part in getattr(field, "fields", ()):
        if isinstance(part, forms.Field):
            word_field(part, label)


# Model validation speaks of "blank" and "null" where a form says "required".
_MODEL_CODES = {"blank": "required", "null": "required"}
_REWORDED_MODEL_CODES = {
    "blank",
    "null",
    "invalid",
    "invalid_choice",
    "max_length",
    "min_length",
    "max_value",
    "min_value",
}


def reword_model_errors(model, exc: ValidationError) -> ValidationError:
    """``instance.full_clean()`` / ``clean_fields()`` errors with Django's wording
    ("This field cannot be blank.", "Value 'x' is not a valid choice.") replaced by what
    the field's form field would say, named by the model field's verbose name. Services
    that validate a model directly raise this, so the API and the pages say the same."""
    if not hasattr(exc, "error_dict"):
        return exc
    reworded = {}
    for name, errors in exc.error_dict.items():
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - "__all__" or a name the model does not have
            reworded[name] = errors
            continue
        extra = {"assume_scheme": "https"} if isinstance(model_field, URLField) else {}
        form_field = model_field.formfield(**extra) or forms.CharField()
        words = specific_messages(form_field, str(model_field.verbose_name))
        reworded[name] = [_reworded(error, words) for error in errors]
    return ValidationError(reworded)


def _reworded(error: ValidationError, words: dict[str, str]) -> ValidationError:
    code = _MODEL_CODES.get(error.code, error.code)
    if error.code not in _REWORDED_MODEL_CODES or code not in words:
        return error
    params = dict(error.params or {})
    for key in ("limit_value", "show_value"):
        if isinstance(params.get(key), int):
            params[key] = f"{params[key]:,}"
    return ValidationError(words[code], code=error.code, params=params or None)
