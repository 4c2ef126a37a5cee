"""Input for the collaboration pages. Forms parse; services decide (permissions, verified
contacts, states, the confidentiality guard on every free-text field)."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import Nation, Organisation, Profession
from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.core.text import NameField

from .models import (
    DirectoryVisibility,
    InterestStatus,
    OpportunityKind,
    Sector,
    ShadowingKind,
)
from .models.opportunities import MESSAGE_MAX_LENGTH, SHORT_MAX_LENGTH, TEXT_MAX_LENGTH
from .terms import TEXT_MAX_LENGTH as TERMS_MAX_LENGTH
from .terms import milestones_text

NO_NAMES = _("Never anything that could identify a person, family or case.")
ANY = [("", _("Any"))]


def _date_input():
    return forms.DateInput(
        format="%Y-%m-%d", attrs={"type": "date", "class": "govuk-input--width-10"}
    )


def _text(label, *, max_length=TERMS_MAX_LENGTH, required=False, help_text=NO_NAMES, rows=4):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


# --- directory -----------------------------------------------------------------------------


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    profession = forms.ModelChoiceField(
        label=_("Profession"),
        queryset=Profession.objects.all(),
        to_field_name="slug",
        required=False,
    )
    organisation_kind = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=ANY + list(Organisation.Kind.choices),
        required=False,
    )
    nation = forms.ChoiceField(
        label=_("Nation"), choices=ANY + list(Nation.choices), required=False
    )
    open_to_collaborate = forms.BooleanField(label=_("Open to collaborate"), required=False)
    networker = forms.BooleanField(label=_("Networkers"), required=False)
    champion = forms.BooleanField(label=_("Collaboration champions"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["profession"] = data["profession"].slug if data.get("profession") else ""
        return data


class DirectorySettingsForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who can find you in the directory"),
        choices=DirectoryVisibility.choices,
        widget=forms.RadioSelect,
    )
    show_bio = forms.BooleanField(
        label=_("Show what you wrote about yourself on your profile"), required=False
    )


# --- opportunities -------------------------------------------------------------------------


class OpportunityForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("title", "description", "area", "commitment")

    kind = forms.ChoiceField(label=_("Kind of opportunity"), choices=OpportunityKind.choices)
    title = NameField(label=_("Title"), max_length=150)
    description = _text(_("Description"), max_length=TEXT_MAX_LENGTH, required=True, rows=6)
    sectors = forms.MultipleChoiceField(
        label=_("Sectors wanted"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    professions = forms.ModelMultipleChoiceField(
        label=_("Professions wanted"),
        queryset=Profession.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nation = forms.ChoiceField(
        label=_("Nation"), choices=ANY + list(Nation.choices), required=False
    )
    area = forms.CharField(label=_("Area"), max_length=SHORT_MAX_LENGTH, required=False)
    commitment = forms.CharField(
        label=_("Commitment"),
        max_length=SHORT_MAX_LENGTH,
        required=False,
        help_text=_("For example: two half-days a month for six months."),
    )
    closes_on = forms.DateField(label=_("Closing date"), widget=_date_input())
    organisation = forms.ModelChoiceField(
        label=_("Post in the name of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Just me"),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
        if not self.fields["organisation"].queryset.exists():
            del self.fields["organisation"]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        data["professions"] = list(data.get("professions") or [])
        return data


class InterestForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("message",)
    message = _text(
        _("Your message to the poster"),
        max_length=MESSAGE_MAX_LENGTH,
        required=True,
        help_text=format_lazy("{}{}", _("Say who you are and what you could bring. "), NO_NAMES),
    )


class InterestReplyForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("reply",)
    status = forms.ChoiceField(label=_("Decision"), choices=InterestStatus.choices)
    reply = _text(_("Reply (optional)"), max_length=MESSAGE_MAX_LENGTH, rows=3)


# --- agreements ----------------------------------------------------------------------------


class AgreementTermsForm(GuardedFormMixin, forms.Form):
    """The terms. ``party_labels`` adds one responsibilities field a party."""

    guarded_fields = (
        "title",
        "purpose",
        "milestones",
        "communication_internal",
        "communication_external",
        "recognition",
        "data_sharing",
    )

    title = NameField(label=_("Title"), max_length=150)
    purpose = _text(_("Purpose: what the collaboration is for"), required=True)
    milestones = _text(
        _("Milestones (when)"),
        help_text=_("One a line: the date as YYYY-MM-DD, then what is due."),
    )
    communication_internal = _text(_("How it will be communicated inside each organisation"))
    communication_external = _text(_("How it will be communicated outside"))
    recognition = _text(_("How each party's contribution will be recognised and credited"))
    data_sharing = _text(_("Data-sharing notes"))
    start_on = forms.DateField(label=_("Start date"), widget=_date_input())
    end_on = forms.DateField(label=_("End date (optional)"), required=False, widget=_date_input())
    review_on = forms.DateField(label=_("Review date"), widget=_date_input())

    def __init__(self, *args, party_labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.guarded_fields = tuple(self.guarded_fields)
        self.guard_field_map = {}
        for index, label in enumerate(party_labels or []):
            name = f"responsibilities_{index}"
            self.fields[name] = _text(
                _("Responsibilities of %(party)s (who does what)") % {"party": label}, required=True
            )
            self.guarded_fields += (name,)
            self.guard_field_map[f"responsibilities.{index}"] = name
        self.party_count = len(party_labels or [])

    def responsibilities(self) -> list[str]:
        return [self.cleaned_data[f"responsibilities_{i}"] for i in range(self.party_count)]

    @staticmethod
    def initial_for(agreement, version) -> dict:
        terms = version.terms
        initial = {
            "title": agreement.title,
            "milestones": milestones_text(
                [(m["due_on"], m["title"]) for m in terms.get("milestones", [])]
            ),
            "start_on": terms.get("start_on"),
            "end_on": terms.get("end_on"),
            "review_on": terms.get("review_on"),
        }
        for name in (
            "purpose",
            "communication_internal",
            "communication_external",
            "recognition",
            "data_sharing",
        ):
            initial[name] = terms.get(name, "")
        for i, text in enumerate(terms.get("responsibilities", [])):
            initial[f"responsibilities_{i}"] = text
        return initial


class AgreementCreateForm(AgreementTermsForm):
    our_organisation = forms.ModelChoiceField(
        label=_("Your organisation"), queryset=Organisation.objects.none()
    )
    partner_organisation = forms.ModelChoiceField(
        label=_("Partner organisation"), queryset=Organisation.objects.all()
    )
    partner_contact = forms.EmailField(
        label=_("Partner's named contact: their email address on Practice Commons"),
        help_text=_("They must be verified as working at the partner organisation."),
    )
    published = forms.BooleanField(
        label=_("List it on the public register once it is active (what, who, since when)"),
        required=False,
    )

    def __init__(self, *args, organisations=None, **kwargs):
        kwargs.setdefault("party_labels", [_("your organisation"), _("the partner organisation")])
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["our_organisation"].queryset = organisations


class AcceptForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


# --- shadowing -----------------------------------------------------------------------------


class ShadowingForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("title", "description", "area")

    kind = forms.ChoiceField(
        label=_("Offer or request"), choices=ShadowingKind.choices, widget=forms.RadioSelect
    )
    title = NameField(
        label=_("Title"), max_length=150, help_text=_("For example: Shadow our MASH for a day.")
    )
    description = _text(_("What it involves"), max_length=TEXT_MAX_LENGTH, required=True)
    profession = forms.ModelChoiceField(
        label=_("Profession"),
        queryset=Profession.objects.all(),
        required=False,
        help_text=_("Offers: who may shadow. Requests: whom you would like to shadow."),
    )
    nation = forms.ChoiceField(
        label=_("Nation"), choices=ANY + list(Nation.choices), required=False
    )
    area = forms.CharField(label=_("Area"), max_length=SHORT_MAX_LENGTH, required=False)


class ShadowingResponseForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("message",)
    message = _text(_("Your message"), max_length=MESSAGE_MAX_LENGTH, required=True, rows=3)


class ShadowingArrangeForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("place", "ground_rules")

    start_on = forms.DateField(label=_("First day"), widget=_date_input())
    end_on = forms.DateField(label=_("Last day (optional)"), required=False, widget=_date_input())
    place = forms.CharField(label=_("Place"), max_length=SHORT_MAX_LENGTH)
    ground_rules = _text(
        _("Ground rules"),
        help_text=format_lazy(
            "{}{}", _("Confidentiality, what the visitor may see and join, who to ask. "), NO_NAMES
        ),
    )
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.5, max_value=100, decimal_places=1, max_digits=4
    )


class ShadowingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Show"),
        choices=[("", _("Offers and requests"))] + list(ShadowingKind.choices),
        required=False,
    )
    profession = forms.ModelChoiceField(
        label=_("Profession"),
        queryset=Profession.objects.all(),
        to_field_name="slug",
        required=False,
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


class OpportunityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ANY + list(OpportunityKind.choices), required=False
    )
    profession = forms.ModelChoiceField(
        label=_("Profession wanted"),
        queryset=Profession.objects.all(),
        to_field_name="slug",
        required=False,
    )
    sector = forms.ChoiceField(
        label=_("Sector wanted"), choices=ANY + list(Sector.choices), required=False
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
