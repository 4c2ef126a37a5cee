"""Input for the CPD pages. Forms parse; services decide (ownership, the rules for dates,
hours and final records, the confidentiality guard on every free-text field)."""

from django import forms
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.core.text import NameField

from . import frameworks
from .models import ActivityType
from .services import SHARE_DEFAULT_DAYS, SHARE_MAX_DAYS

NO_NAMES = _("Never anything that could identify a person, family or case.")


def _date_input():
    return forms.DateInput(
        format="%Y-%m-%d", attrs={"type": "date", "class": "govuk-input--width-10"}
    )


class RecordForm(GuardedFormMixin, forms.Form):
    """A record, with the what? / so what? / now what? prompts as its fields' hints.
    ``framework`` gives the person's regulator's standards; PCF domains are offered to
    social workers' frameworks."""

    guarded_fields = (
        "title",
        "description",
        "what_learnt",
        "impact",
        "peer_roles",
        "peer_learning",
    )

    title = NameField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: Joint training on recognising neglect."),
    )
    activity_type = forms.ChoiceField(
        label=_("Type of activity"), choices=ActivityType.choices, widget=forms.RadioSelect
    )
    date = forms.DateField(label=_("Date"), widget=_date_input())
    end_date = forms.DateField(
        label=_("Last day (optional)"),
        required=False,
        help_text=_("Only if it ran over more than one day."),
        widget=_date_input(),
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        required=False,
        decimal_places=1,
        max_digits=5,
        help_text=_("To one decimal place, like 1.5. At most 24 a day."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "step": "0.1"}),
    )
    description = forms.CharField(
        label=_("What? What you did and why it is relevant"),
        required=False,
        max_length=4000,
        help_text=_(
            "Describe the activity and why you chose it, in a few sentences. Write about "
            "practice in general terms: no names, places, dates of birth or case details."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    what_learnt = forms.CharField(
        label=_("So what? What you learnt"),
        required=False,
        max_length=4000,
        help_text=_(
            "What did it make you think about differently? What surprised or challenged you?"
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    impact = forms.CharField(
        label=_("Now what? How it changes your practice"),
        required=False,
        max_length=4000,
        help_text=_(
            "What will you do differently, and what difference could it make to the people "
            "you work with? An expected impact is fine."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    peer_reflection = forms.BooleanField(
        label=_("I discussed this learning with a peer"),
        required=False,
        help_text=_(
            "Supervision, team reflection, a community of practice or an action learning set "
            "all count."
        ),
    )
    peer_roles = forms.CharField(
        label=_("Who you reflected with, by role (optional)"),
        required=False,
        max_length=200,
        help_text=_("Roles only, such as “my supervisor” or “social workers in my team”."),
    )
    peer_learning = forms.CharField(
        label=_("What you learnt from discussing it with a peer (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    pcf_domains = forms.MultipleChoiceField(
        label=_("Professional Capabilities Framework domains"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    standards = forms.MultipleChoiceField(
        label=_("Standards"), required=False, choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, framework: frameworks.Framework | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        framework = framework or frameworks.OWN_RECORD
        # Built per form so the domains' names follow the active language.
        self.fields["pcf_domains"].choices = [
            (d.code, f"{d.code}. {d.title}") for d in frameworks.PCF_DOMAINS
        ]
        if framework.standards:
            self.fields["standards"].choices = framework.standard_choices()
            self.fields["standards"].label = framework.standards_name
        else:
            del self.fields["standards"]
        if not framework.uses_pcf and not (self.initial.get("pcf_domains")):
            del self.fields["pcf_domains"]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("confidentiality_acknowledged", None)
        # Only the fields this form showed: a framework without standards (or without the
        # PCF) leaves what the record already holds alone.
        if data.get("hours") is None:
            data["hours"] = 0
        return data


class EvidenceForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("label",)

    label = NameField(
        label=_("What it is"),
        max_length=200,
        help_text=_("For example: Certificate of attendance, or Slides from the session."),
    )
    url = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=500,
        help_text=_("A web address starting with https://. Or upload a file instead."),
        widget=forms.URLInput(),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "A PDF, an Office or OpenDocument file, or an image, up to 10 MB. Its text is "
            "checked like everything you write."
        ),
    )


class SettingsForm(forms.Form):
    period_ends_on = forms.DateField(
        label=_("Your registration period ends on"),
        required=False,
        help_text=_("From your regulator's renewal notice. Leave empty if you do not know."),
        widget=_date_input(),
    )


class ShareForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("recipient",)

    recipient = NameField(
        label=_("Who it is for, by role"),
        max_length=120,
        help_text=_("For example: my supervisor. Only you see this."),
    )
    records = forms.MultipleChoiceField(
        label=_("Records to share"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    days = forms.TypedChoiceField(
        label=_("The link works for"),
        coerce=int,
        choices=[(7, _("7 days")), (30, _("30 days")), (SHARE_MAX_DAYS, _("90 days"))],
        initial=SHARE_DEFAULT_DAYS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, records=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].choices = [
            (
                str(r.pk),
                f"{r.title} ({dateformat.format(r.date, 'j M Y')}, "
                f"{r.get_status_display().lower()})",
            )
            for r in records
        ]
