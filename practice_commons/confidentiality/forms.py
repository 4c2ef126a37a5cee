"""The confidentiality guard's presentation layer: the form mixin and the findings shown on a form.

Every form that takes free text adopts the guard the same way:

1. The form inherits ``GuardedFormMixin`` and declares ``guarded_fields = ("body",)``.
2. The view calls the service through ``write_from_form(form, service, **kwargs)``, which
   passes ``confidentiality_acknowledged`` and shows any refused write on the form.
3. The template puts ``{% include "confidentiality/includes/guard_feedback.html" %}`` inside
   the ``<form>``, next to ``{{ form }}``.

The mixin turns a "Redact and continue" submit into redacted field values *before*
validation, so the service only ever sees the redacted text. Highlighting escapes the
writer's text and marks up only the findings: nothing here marks raw user text safe.
This app sits directly above ``core``: every app may import it, and it imports no app
but ``core``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.core.errors import Conflict
from practice_commons.core.forms import attach_errors

from .guard import ConfidentialityError, FieldFindings, redact_texts

# ConfidentialityError is re-exported so a view needs one import for the whole pattern.
__all__ = [
    "ConfidentialityError",
    "GuardedFormMixin",
    "attach_confidentiality_errors",
    "attach_write_errors",
    "highlight",
    "write_from_form",
]

ACK_FIELD = "confidentiality_acknowledged"
ACTION_FIELD = "confidentiality_action"
REDACT_ACTION = "redact"

# kind -> (with article, for sentences; bare, for the highlight's hidden label)
KIND_LABELS = {
    "person_name": (gettext_lazy("a name"), gettext_lazy("name")),
    "nhs_number": (gettext_lazy("an NHS number"), gettext_lazy("NHS number")),
    "chi_number": (gettext_lazy("a CHI number"), gettext_lazy("CHI number")),
    "hc_number": (gettext_lazy("a Health and Care number"), gettext_lazy("H&C number")),
    "ni_number": (
        gettext_lazy("a National Insurance number"),
        gettext_lazy("National Insurance number"),
    ),
    "upn": (gettext_lazy("a Unique Pupil Number"), gettext_lazy("Unique Pupil Number")),
    "postcode": (gettext_lazy("a postcode"), gettext_lazy("postcode")),
    "address": (gettext_lazy("an address"), gettext_lazy("address")),
    "phone": (gettext_lazy("a phone number"), gettext_lazy("phone number")),
    "email": (gettext_lazy("an email address"), gettext_lazy("email address")),
    "date_of_birth": (gettext_lazy("a date of birth or age"), gettext_lazy("date of birth or age")),
    "case_reference": (gettext_lazy("a case reference"), gettext_lazy("case reference")),
}
_UNKNOWN = (gettext_lazy("an identifying detail"), gettext_lazy("identifying detail"))


def describe_kinds(kinds: list[str]) -> str:
    """ "an NHS number and a name" — in the order the writer wrote them, each once."""
    phrases = [str(KIND_LABELS.get(kind, _UNKNOWN)[0]) for kind in dict.fromkeys(kinds)]
    if len(phrases) <= 1:
        return "".join(phrases)
    return _("%(list)s and %(last)s") % {"list": ", ".join(phrases[:-1]), "last": phrases[-1]}


def guard_message(field_findings: FieldFindings, *, blocking: bool) -> str:
    ordered = [f.kind for f in sorted(field_findings.findings, key=lambda f: f.start)]
    kinds = describe_kinds(ordered)
    if blocking:
        return _(
            "This contains details that could identify someone you work with: %(kinds)s. "
            "Remove them or use Redact and continue."
        ) % {"kinds": kinds}
    return _(
        "This may contain details that could identify someone you work with: %(kinds)s. "
        "Remove them, use Redact and continue, or confirm they are not details of "
        "people you work with."
    ) % {"kinds": kinds}


def _escape_lines(text: str) -> SafeString:
    return format_html_join(SafeString("<br>"), "{}", ((line,) for line in text.split("\n")))


def _locate(text: str, finding, cursor: int) -> tuple[int, int] | None:
    """The finding's span in ``text``; searched for if the offsets do not fit (the form's
    value may differ from what the service scanned, e.g. by surrounding whitespace)."""
    start, end = finding.start, finding.end
    if 0 <= start < end <= len(text) and text[start:end] == finding.text and start >= cursor:
        return start, end
    found = text.find(finding.text, cursor) if finding.text else -1
    return (found, found + len(finding.text)) if found >= 0 else None


def highlight(text: str, findings) -> SafeString:
    """``text`` escaped, with each finding in ``<mark>`` and its kind in a hidden label."""
    text = text or ""
    parts, cursor = [], 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        span = _locate(text, finding, cursor)
        if span is None:
            continue
        start, end = span
        label = KIND_LABELS.get(finding.kind, _UNKNOWN)[1]
        parts.append(_escape_lines(text[cursor:start]))
        parts.append(
            format_html(
                '<mark class="pc-guard-mark">{}<span class="govuk-visually-hidden"> ({})</span>'
                "</mark>",
                text[start:end],
                label,
            )
        )
        cursor = end
    parts.append(_escape_lines(text[cursor:]))
    return format_html_join("", "{}", ((conditional_escape(p),) for p in parts))


class _AcknowledgeWidget(forms.HiddenInput):
    """Draws nothing where ``{{ form }}`` puts hidden fields: the guard feedback include
    draws the checkbox itself, and only after a warning."""

    def render(self, name, value, attrs=None, renderer=None):
        return ""


@dataclass(frozen=True)
class GuardedText:
    field: str
    label: str
    anchor: str
    kinds: str
    html: SafeString


@dataclass(frozen=True)
class GuardFeedback:
    """What ``guard_feedback.html`` shows: per field, the text with findings marked."""

    blocking: bool
    items: list[GuardedText] = field(default_factory=list)
    ack_field: forms.BoundField | None = None


class GuardedFormMixin:
    """Adds the acknowledgement and "Redact and continue" to a form with free text.

    ``guarded_fields`` names the form fields the service guards; ``guard_field_map`` maps a
    service's field name to the form field when they differ (``{"expertise":
    "expertise_text"}``).
    """

    guarded_fields: tuple[str, ...] = ()
    guard_field_map: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[ACK_FIELD] = forms.BooleanField(
            required=False,
            widget=_AcknowledgeWidget,
            label=_("I have checked: these are not details of people I work with"),
        )
        self.confidentiality: GuardFeedback | None = None
        self.confidentiality_redacted = False
        if self.is_bound and self.data.get(self.add_prefix(ACTION_FIELD)) == REDACT_ACTION:
            self._redact_guarded_values()

    def _redact_guarded_values(self) -> None:
        data = self.data.copy()
        texts = {
            name: data.get(self.add_prefix(name)) or ""
            for name in self.guarded_fields
            if self.add_prefix(name) in data
        }
        for name, redacted in redact_texts(texts).items():
            data[self.add_prefix(name)] = redacted
        self.data = data
        self.confidentiality_redacted = True

    @property
    def confidentiality_acknowledged(self) -> bool:
        """Whether the writer ticked "I have checked" (read from the submitted data, so it
        is available before and after validation)."""
        if not self.is_bound:
            return False
        value = self.data.get(self.add_prefix(ACK_FIELD))
        return str(value).lower() in {"on", "true", "1", "yes"}


def attach_confidentiality_errors(form: forms.BaseForm, exc: ConfidentialityError) -> None:
    """Show a blocked or warned write on the form: an error beside each affected field and
    ``form.confidentiality`` for the feedback include (highlighted text, redact button,
    acknowledgement for warnings). Call it from the view's ``except ConfidentialityError``."""
    field_map = getattr(form, "guard_field_map", {})
    items = []
    for field_findings in exc.fields:
        name = field_map.get(field_findings.field, field_findings.field)
        in_form = name in form.fields
        text = _submitted_text(form, name) if in_form else ""
        message = guard_message(field_findings, blocking=exc.blocking)
        form.add_error(name if in_form else None, message)
        items.append(
            GuardedText(
                field=name,
                label=str(form.fields[name].label or name) if in_form else name,
                anchor=form[name].id_for_label if in_form else "",
                kinds=describe_kinds([f.kind for f in field_findings.findings]),
                html=highlight(text, field_findings.findings) if text else SafeString(""),
            )
        )
    ack_field = form[ACK_FIELD] if (not exc.blocking and ACK_FIELD in form.fields) else None
    form.confidentiality = GuardFeedback(blocking=exc.blocking, items=items, ack_field=ack_field)


def _submitted_text(form, name: str) -> str:
    cleaned = getattr(form, "cleaned_data", {}) or {}
    value = cleaned.get(name)
    if isinstance(value, str):
        return value
    return str(form.data.get(form.add_prefix(name)) or "") if form.is_bound else ""


def attach_write_errors(form: forms.BaseForm, exc: ConfidentialityError | ValidationError) -> None:
    """Show on the form whatever a service refused a write with: the guard's findings
    (highlighted, with "Redact and continue") or ordinary validation errors. Views catch
    ``(ConfidentialityError, ValidationError)`` and call this one function."""
    if isinstance(exc, ConfidentialityError):
        attach_confidentiality_errors(form, exc)
    else:
        attach_errors(form, exc)


@dataclass(frozen=True)
class FormWrite:
    """What ``write_from_form`` did: ``ok`` with the service's return ``value``, or not
    ok with the refusal already shown on the form."""

    ok: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok


def write_from_form(form: forms.BaseForm, service: Callable[..., Any], /, **kwargs) -> FormWrite:
    """Call ``service(**kwargs)`` for a valid form and show any refused write on it.

    A guarded form's acknowledgement is passed as ``confidentiality_acknowledged`` unless
    the caller passes it. Guard findings, validation errors and conflicts end up on the
    form (``attach_write_errors``); anything else (``NotFound``, ``PermissionDenied``)
    propagates to the one place pages map domain errors.

        written = write_from_form(form, services.thread_create, actor=request.user, ...)
        if written:
            return redirect(written.value)
    """
    if isinstance(form, GuardedFormMixin):
        kwargs.setdefault("confidentiality_acknowledged", form.confidentiality_acknowledged)
    try:
        value = service(**kwargs)
    except (ConfidentialityError, ValidationError) as exc:
        attach_write_errors(form, exc)
        return FormWrite(ok=False)
    except Conflict as exc:
        form.add_error(None, exc.message)
        return FormWrite(ok=False)
    return FormWrite(ok=True, value=value)
