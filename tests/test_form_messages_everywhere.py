"""No form in the product answers with one of Django's generic error messages.

Every form class defined under ``practice_commons`` (and the allauth forms settings give
it, and allauth's own forms on its pages) is built as ``guard_everywhere`` builds them,
then bound three times: with nothing, with every answer too long or too big, and with
every answer of the wrong kind. Each field is cleaned, and then the whole form where it
can be; no message may be Django's ("This field is required.", "Ensure this value has at
most 280 characters (it has 1204).", "Select a valid choice. …", "Enter a valid date.").
A field's errors must name the field and say how to fix it (``core/form_messages.py``).
"""

import inspect
import re

import pytest
from django import forms
from django.core import validators
from django.forms import formsets
from django.forms import models as model_forms
from django.utils.datastructures import MultiValueDict
from guard_everywhere.forms_catalogue import (
    MissingBuilder,
    dotted,
    instances,
    project_form_classes,
    third_party_form_classes,
)
from guard_everywhere.world import World

pytestmark = pytest.mark.django_db

# Django's messages that are built by ``ngettext_lazy`` (so not readable as one string)
# and the formset's, as they read in English.
EXTRA_GENERIC = (
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    "Ensure that there are no more than %(max)s digits in total.",
    "Ensure that there are no more than %(max)s decimal places.",
    "Ensure that there are no more than %(max)s digits before the decimal point.",
    "Ensure this filename has at most %(max)d characters (it has %(length)d).",
    "Please submit at most %(num)d form.",
    "Please submit at most %(num)d forms.",
    "Please submit at least %(num)d form.",
    "Please submit at least %(num)d forms.",
    "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s.",
)


def _as_pattern(message: str) -> re.Pattern:
    text = re.escape(message)
    text = re.sub(r"%\\\(\w+\\\)[sdr]", ".+?", text)
    text = re.sub(r"\\\{\w+\\\}", ".+?", text)
    return re.compile(text)


def generic_patterns() -> list[re.Pattern]:
    messages = set(EXTRA_GENERIC)
    for module in (forms.fields, model_forms, formsets):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            for message in getattr(cls, "default_error_messages", {}).values():
                messages.add(str(message))
    for _name, thing in inspect.getmembers(validators):
        message = getattr(thing, "message", None)
        if isinstance(message, str) or (
            message is not None and type(message).__name__ == "__proxy__"
        ):
            try:
                messages.add(str(message))
            except (TypeError, KeyError):
                continue
    return [_as_pattern(m) for m in messages if m.strip()]


GENERIC = generic_patterns()


def is_generic(message: str) -> bool:
    return any(pattern.fullmatch(message) for pattern in GENERIC)


# --- answers ---------------------------------------------------------------------------------


def _too_long(field) -> str:
    limit = getattr(field, "max_length", None) or getattr(field, "name_max_length", None)
    return "x" * ((limit or 100_000) + 1)


def _wrong(field):
    """An answer of the wrong kind for ``field``."""
    if isinstance(field, forms.BooleanField):
        return None
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return ["not-a-choice", "999999999"]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "not-a-choice"
    if isinstance(field, forms.EmailField):
        return "not an email address"
    if isinstance(field, forms.URLField):
        return "not a web address"
    if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        return "many"
    if isinstance(
        field, forms.DateField | forms.DateTimeField | forms.TimeField | forms.DurationField
    ):
        return "someday"
    if isinstance(field, forms.JSONField):
        return "{not json"
    return "bad\x00value"


def _oversized(field):
    if isinstance(field, forms.BooleanField):
        return None
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return ["z" * 300]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "z" * 300
    if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        return "9" * 30
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return "99/99/99999"
    if isinstance(field, forms.EmailField):
        return "x" * 300 + "@example.org"
    if isinstance(field, forms.CharField):
        return _too_long(field)
    return "x" * 100_001


def _widget_data(form, name, field, value) -> dict:
    """The POST keys the field's widget reads, all set to ``value``."""
    html_name = form.add_prefix(name)
    widget = field.widget
    if isinstance(widget, forms.SelectDateWidget):
        return {f"{html_name}_{part}": value for part in ("year", "month", "day")}
    if isinstance(widget, forms.MultiWidget):
        return {f"{html_name}{suffix}": value for suffix in widget.widgets_names}
    return {html_name: value}


def data_for(form, answer) -> MultiValueDict:
    data = MultiValueDict()
    for name, field in form.fields.items():
        value = answer(field)
        if value is None:
            continue
        for key, item in _widget_data(form, name, field, value).items():
            data.setlist(key, item if isinstance(item, list) else [item])
    return data


VARIANTS = {
    "empty": lambda form: MultiValueDict(),
    "oversized": lambda form: data_for(form, _oversized),
    "wrong kind": lambda form: data_for(form, _wrong),
}


def bind(form, data):
    form.is_bound = True
    form.data = data
    form.files = MultiValueDict()
    form._errors = None
    form.cleaned_data = {}
    return form


def messages_of(form) -> list[tuple[str, str]]:
    """(field, message) for each error: field by field, then the whole form if it can
    be cleaned without a request or other context it was not given."""
    found = []
    for name, bound in form._bound_items():
        try:
            bound.field._clean_bound_field(bound)
        except forms.ValidationError as exc:
            found += [(name, message) for message in exc.messages]
        except Exception:  # noqa: BLE001, S112 - a choice built without its queryset here
            continue
    try:
        errors = form.errors
    except Exception:  # noqa: BLE001 - a form that needs a request to clean as a whole
        errors = {}
    for name, messages in errors.items():
        found += [(name, str(message)) for message in messages]
    return found


def all_forms(world):
    built, problems = [], []
    for cls in project_form_classes():
        try:
            built += [(dotted(cls), form) for form in instances(cls, world)]
        except MissingBuilder as exc:
            problems.append(str(exc))
    for cls in third_party_form_classes():
        if not dotted(cls).startswith(("allauth.account.", "allauth.mfa.base", "allauth.mfa.totp")):
            continue
        try:
            built += [(dotted(cls), form) for form in instances(cls, world)]
        except MissingBuilder:
            continue  # allauth's own arguments; its wording is checked where it builds
    return built, problems


def test_no_form_answers_with_a_django_default_message():
    world = World()
    built, problems = all_forms(world)
    assert len(built) > 50, "the catalogue should find every form"
    seen_errors = 0
    for name, form in built:
        for variant, make_data in VARIANTS.items():
            bind(form, make_data(form))
            for field, message in messages_of(form):
                seen_errors += 1
                if is_generic(message):
                    problems.append(f"{name}.{field} ({variant}): {message!r}")
    assert seen_errors > 200
    assert not problems, "Django's generic messages:\n" + "\n".join(sorted(set(problems)))


def test_the_rules_formset_speaks_plainly():
    from practice_commons.communities.forms import RulesFormSet

    rows = {"form-TOTAL_FORMS": "31", "form-INITIAL_FORMS": "0"}
    rows |= {f"form-{i}-title": f"Rule {i}" for i in range(31)}
    formset = RulesFormSet(rows)
    assert not formset.is_valid()
    errors = [str(e) for e in formset.non_form_errors()]
    assert errors and not any(is_generic(e) for e in errors), errors
    broken = RulesFormSet({})
    assert not broken.is_valid()
    assert not any(is_generic(str(e)) for e in broken.non_form_errors())


def test_the_patterns_recognise_django_defaults():
    assert is_generic("This field is required.")
    assert is_generic("Ensure this value has at most 280 characters (it has 1204).")
    assert is_generic("Select a valid choice. x is not one of the available choices.")
    assert is_generic("Enter a valid date.")
    assert not is_generic("Enter your profession")
    assert not is_generic("Community purpose must be 280 characters or fewer; yours is 1,204.")
