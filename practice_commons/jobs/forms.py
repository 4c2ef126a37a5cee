"""Input for the jobs pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import Nation, Organisation, Profession
from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.core.text import NameField

from .models import DESCRIPTION_MAX_LENGTH, SHORT_MAX_LENGTH, TITLE_MAX_LENGTH, ContractType

ANY = [("", _("Any"))]


class JobForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("title", "location", "hours", "description")

    organisation = forms.ModelChoiceField(label=_("Employer"), queryset=Organisation.objects.none())
    title = NameField(label=_("Job title"), max_length=TITLE_MAX_LENGTH)
    profession = forms.ModelChoiceField(label=_("Profession"), queryset=Profession.objects.all())
    location = forms.CharField(label=_("Location"), max_length=SHORT_MAX_LENGTH)
    nation = forms.ChoiceField(
        label=_("Nation"), choices=[("", _("Not given"))] + list(Nation.choices), required=False
    )
    salary_min = forms.IntegerField(
        label=_("Salary from (£ a year)"), min_value=0, max_value=1_000_000, required=False
    )
    salary_max = forms.IntegerField(
        label=_("Salary to (£ a year)"), min_value=0, max_value=1_000_000, required=False
    )
    hours = forms.CharField(
        label=_("Hours"),
        max_length=SHORT_MAX_LENGTH,
        required=False,
        help_text=_("For example: 37 hours a week, flexible."),
    )
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    closes_on = forms.DateField(
        label=_("Closing date"),
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "class": "govuk-input--width-10"}
        ),
    )
    apply_url = forms.URLField(
        label=_("Apply online at (web address)"), required=False, assume_scheme="https"
    )
    apply_email = forms.EmailField(label=_("Or apply by email to"), required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Never anything that could identify a person, family or case."),
    )

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employers is not None:
            self.fields["organisation"].queryset = employers

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        return data


class JobFilterForm(forms.Form):
    q = forms.CharField(label=_("Job title or location"), max_length=100, required=False)
    profession = forms.ModelChoiceField(
        label=_("Profession"),
        queryset=Profession.objects.all(),
        to_field_name="slug",
        required=False,
    )
    contract_type = forms.ChoiceField(
        label=_("Contract type"), choices=ANY + list(ContractType.choices), required=False
    )
    nation = forms.ChoiceField(
        label=_("Nation"), choices=ANY + list(Nation.choices), required=False
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["profession"] = data["profession"].slug if data.get("profession") else ""
        return data
