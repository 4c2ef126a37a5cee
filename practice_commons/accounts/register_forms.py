"""Forms of the host's membership register pages and of a person's membership claim.

Reasons are free text and go through the confidentiality guard (``GuardedFormMixin``);
the services check everything again, so these forms only parse what was typed.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.core.uploads import UploadRejected, check_plain_text, check_size

from .models.register import NUMBER_MAX_LENGTH, REASON_MAX_LENGTH


def _date_input():
    return forms.DateInput(
        attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
    )


def _reason(label, *, required: bool, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=REASON_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search the register"),
        required=False,
        max_length=200,
        help_text=_("An email address, membership number or name"),
    )
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("current", _("Current")), ("ended", _("Ended")), ("all", _("All"))],
    )

    def values(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", "current"
        return self.cleaned_data["q"], self.cleaned_data["show"] or "current"


class GrantForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("reason",)

    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("They are matched to the register once they have verified this address."),
    )
    number = forms.CharField(
        label=_("Membership number"), required=False, max_length=NUMBER_MAX_LENGTH + 20
    )
    valid_from = forms.DateField(
        label=_("First day of membership"),
        required=False,
        widget=_date_input(),
        help_text=_("Leave blank for today."),
    )
    valid_until = forms.DateField(
        label=_("Last day of membership"),
        required=False,
        widget=_date_input(),
        help_text=_("Leave blank if membership has no end date."),
    )
    reason = _reason(_("Reason"), required=False)

    def clean(self):
        data = super().clean()
        missing = not data.get("email") and not (data.get("number") or "").strip()
        if missing and "email" not in self.errors:
            self.add_error("email", _("Enter an email address or a membership number."))
        return data


class EndForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("reason",)

    reason = _reason(
        _("Why does this membership end?"),
        required=True,
        help_text=_("Kept in the register's history. The person is told their membership ended."),
    )


class ImportForm(forms.Form):
    csv_file = forms.FileField(
        label=_("Upload a CSV file"),
        help_text=_(
            "The first row names the columns: email, membership_number, valid_from and "
            "valid_until. Dates as 2025-04-01 or 01/04/2025."
        ),
    )
    check_only = forms.BooleanField(
        label=_("Only check the file: do not change the register"), required=False
    )

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("The file must be a CSV file."))
        try:
            check_size(upload.size, "register_csv")  # before reading it into memory
            check_plain_text(upload.read(), "register_csv")
        except UploadRejected as exc:
            raise forms.ValidationError(str(exc)) from None
        upload.seek(0)
        return upload


class ClaimDecisionForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("reason",)

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve: they become a member")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    valid_from = forms.DateField(
        label=_("First day of membership"),
        required=False,
        widget=_date_input(),
        help_text=_("When approving without a register entry. Leave blank for today."),
    )
    valid_until = forms.DateField(
        label=_("Last day of membership"),
        required=False,
        widget=_date_input(),
        help_text=_("Leave blank if membership has no end date."),
    )
    reason = _reason(
        _("Reason"),
        required=False,
        help_text=_("Needed when declining. Kept in the register's history."),
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data.get("decision") == "approve"


class ClaimForm(forms.Form):
    number = forms.CharField(
        label=_("Membership number"),
        max_length=NUMBER_MAX_LENGTH + 20,
        help_text=_("It is on your membership card and renewal emails, for example CAPA-001234."),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
    )
