"""Forms for verified affiliation and bulk onboarding (the profile's part is in
``forms.ProfileForm``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.core.uploads import UploadRejected, check_size

from .models.affiliation import DECLINE_REASON_MAX_LENGTH, DOMAIN_MAX_LENGTH


class OrganisationDomainForm(forms.Form):
    domain = forms.CharField(
        label=_("Email domain"),
        max_length=DOMAIN_MAX_LENGTH + 1,
        help_text=_(
            "The part after the @ in the organisation's addresses, for example leeds.gov.uk. "
            "Only add a domain the organisation controls: anyone with an address there can "
            "confirm they work at the organisation."
        ),
    )


class DeclineForm(GuardedFormMixin, forms.Form):
    """Why a request is declined: sent to the person, so it is checked by the guard."""

    guarded_fields = ("reason",)

    reason = forms.CharField(
        label=_("Why are you declining this request?"),
        max_length=DECLINE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "We send this to the person. Say what they can do next, for example use their "
            "work email. Do not include details of people you work with."
        ),
    )


class OnboardingUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a CSV file of staff"),
        help_text=_(
            "The first row names the columns: name, email, profession and team (profession "
            "and team may be empty). Save the spreadsheet as “CSV UTF-8”."
        ),
    )
    confidentiality_acknowledged = forms.BooleanField(
        label=_("I have checked: the team names are not details of people we work with"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size, "onboarding_csv")  # the service checks the content
        except UploadRejected as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
