"""The audit page's filters (GET; nothing here is stored)."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


def _date_input():
    return forms.DateInput(
        attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
    )


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=80,
        help_text=_("The start of an action's name, for example account. or report.hide"),
        validators=[
            RegexValidator(
                r"^[a-z0-9_.]*$",
                _("Enter an action using lower-case letters, digits, full stops and underscores"),
            )
        ],
    )
    actor = forms.CharField(
        label=_("Who (email address)"),
        required=False,
        max_length=254,
        help_text=_("All or part of the email address of the person who acted"),
    )
    target_type = forms.CharField(
        label=_("Target type"),
        required=False,
        max_length=80,
        help_text=_("For example accounts.user or safeguarding.report"),
        validators=[
            RegexValidator(
                r"^[a-z0-9_.]*$",
                _("Enter a target type in lower-case letters, digits, full stops, underscores"),
            )
        ],
    )
    target_id = forms.CharField(
        label=_("Target id"),
        required=False,
        max_length=64,
        validators=[
            RegexValidator(r"^[A-Za-z0-9_-]*$", _("Enter a target id using letters and digits"))
        ],
    )
    date_from = forms.DateField(
        label=_("Date from"),
        required=False,
        widget=_date_input(),
        help_text=_("For example 2026-03-27"),
    )
    date_to = forms.DateField(
        label=_("Date to"),
        required=False,
        widget=_date_input(),
        help_text=_("For example 2026-03-31"),
    )

    def clean_action(self):
        return self.cleaned_data["action"].strip().lower()

    def clean_target_type(self):
        return self.cleaned_data["target_type"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Date to must be the same as or after date from"))
        return cleaned

    def filters(self) -> dict:
        """The valid filters as ``audit_selectors.audit_entries`` takes them (``actor`` is
        ``actor_email`` there), empty ones left out (call after ``is_valid``)."""
        names = {"actor": "actor_email"}
        return {names.get(k, k): v for k, v in self.cleaned_data.items() if v not in ("", None)}
