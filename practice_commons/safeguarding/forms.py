"""The report and moderation forms."""

from django import forms
from django.utils.translation import gettext_lazy

from practice_commons.confidentiality.forms import GuardedFormMixin

from .models import DETAILS_MAX_LENGTH, Report


class ReportForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("details",)

    reason = forms.ChoiceField(
        label=gettext_lazy("Why are you reporting this?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose why you are reporting this.")},
    )
    details = forms.CharField(
        label=gettext_lazy("Anything the safeguarding lead should know"),
        required=False,
        max_length=DETAILS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Do not include names or other details of the people "
            "involved: the lead can see what you reported."
        ),
        error_messages={"max_length": gettext_lazy("Details must be 2,000 characters or fewer.")},
    )


ACTION_LABELS = {
    "acknowledge": gettext_lazy("Acknowledge: I am looking into it"),
    "redact": gettext_lazy("Redact: replace identifying details with labels and show it again"),
    "restore": gettext_lazy("Restore: show it again and close the report"),
    "remove": gettext_lazy("Remove: take it down for good"),
    "escalate": gettext_lazy("Escalate to the host admins"),
}


class ModerationActionForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("reason",)

    action = forms.ChoiceField(
        label=gettext_lazy("What do you want to do?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose an action."),
            "invalid_choice": gettext_lazy("Choose one of the actions offered."),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "This goes in the audit trail. Do not include details of the people involved."
        ),
        error_messages={
            "required": gettext_lazy("Enter the reason for this action."),
            "max_length": gettext_lazy("The reason must be 1,000 characters or fewer."),
        },
    )

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, ACTION_LABELS[a]) for a in actions]


class LeadAddForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address of the new safeguarding lead"),
        help_text=gettext_lazy("They must already belong to this organisation."),
        error_messages={
            "required": gettext_lazy("Enter the email address of the person."),
            "invalid": gettext_lazy(
                "Enter an email address in the correct format, like name@example.org"
            ),
        },
    )
