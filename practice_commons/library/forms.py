"""Input validation for the library pages. Services re-check everything; forms shape the
input and give messages beside the fields. Every free text is guarded."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import (
    ExpertiseTag,
    Nation,
    Organisation,
    Profession,
    User,
)
from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.core.bilingual import welsh_version_field
from practice_commons.core.text import NameField

from .models import (
    SUMMARY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AgeGroup,
    EndorsementKind,
    ItemKind,
    PcfDomain,
)

PRACTICE_TEXTS = ("context", "what_was_done", "outcomes", "evidence", "before_trying")


def _text(label, help_text="", rows=4, required=False, max_length=TEXT_MAX_LENGTH):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _checkboxes(label, choices, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class ItemForm(GuardedFormMixin, forms.Form):
    """A practice example (all fields) or a resource (title, summary, link or file, tags)."""

    guarded_fields = ("title", "summary", "title_cy", "summary_cy", *PRACTICE_TEXTS)

    title = NameField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    summary = _text(
        _("Summary"),
        _("Two or three sentences a busy colleague can read first."),
        rows=3,
        required=True,
        max_length=SUMMARY_MAX_LENGTH,
    )
    title_cy = welsh_version_field(
        _("Title in Welsh"),
        _("Shown to people reading in Welsh. Leave blank to show the English title."),
        max_length=TITLE_MAX_LENGTH,
    )
    summary_cy = welsh_version_field(
        _("Summary in Welsh"),
        _("Shown to people reading in Welsh. Leave blank to show the English summary."),
        max_length=SUMMARY_MAX_LENGTH,
        rows=3,
    )
    context = _text(
        _("Context"),
        _(
            "The setting, the population and the scale (for example ‘a county early help "
            "service, 400 families a year’). Never describe a person."
        ),
    )
    what_was_done = _text(_("What was done"), rows=6)
    outcomes = _text(_("Outcomes"))
    evidence = _text(_("Evidence and how it was measured"))
    before_trying = _text(_("What others should know before trying it"))
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The web address of the guide, template or research summary."),
    )
    file = forms.FileField(
        label=_("File (optional)"),
        required=False,
        help_text=_(
            "A PDF or Office document, up to 10 MB. Its text is checked for details "
            "of the people you work with before it is stored."
        ),
    )
    community = forms.ChoiceField(label=_("Where it belongs"), required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=ExpertiseTag.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    professions = forms.ModelMultipleChoiceField(
        label=_("Professions involved"),
        queryset=Profession.objects.order_by("sort_order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact = forms.ModelChoiceField(
        label=_("Contact person"),
        help_text=_(
            "Who others can ask about it: you or a colleague from your organisation. "
            "They can edit it too."
        ),
        queryset=User.objects.none(),
        required=False,
        empty_label=None,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    age_groups = _checkboxes(_("Age groups"), AgeGroup.choices)
    nations = _checkboxes(_("Nations"), Nation.choices)
    pcf_domains = _checkboxes(_("PCF domains"), PcfDomain.choices)
    agencies = _checkboxes(_("Agencies that collaborated"), Organisation.Kind.choices)
    review_by = forms.DateField(
        label=_("Review by"),
        required=False,
        help_text=_(
            "When it should be checked again. Leave empty for a year from today. "
            "For example, 31 3 2027 or 2027-03-31."
        ),
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
    )

    def __init__(
        self,
        *args,
        kind=ItemKind.PRACTICE_EXAMPLE,
        communities=(),
        editing=False,
        organisations=None,
        contacts=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if organisations is not None:
            self.fields["organisations"].queryset = organisations
        if contacts is not None:
            self.fields["contact"].queryset = contacts
            self.fields["contact"].label_from_instance = lambda u: u.display_name
        else:
            del self.fields["contact"]
        self.fields["community"].choices = [("", _("The whole library (public)"))] + [
            (c.slug, c.name) for c in communities
        ]
        if editing:
            del self.fields["community"]
        if kind == ItemKind.RESOURCE:
            for name in (*PRACTICE_TEXTS, "age_groups", "pcf_domains", "agencies", "organisations"):
                self.fields.pop(name, None)
        elif kind == ItemKind.SOLUTION:
            self.fields["context"].label = _("The problem")
            self.fields["what_was_done"].label = _("What worked")
            self.fields["what_was_done"].required = True
            for name in ("url", "file", "organisations", "agencies", "evidence"):
                self.fields.pop(name, None)
        else:
            self.fields["what_was_done"].required = True
            self.fields["outcomes"].required = True
            self.fields["url"].label = _("Link (optional)")
        self.guarded_fields = tuple(f for f in type(self).guarded_fields if f in self.fields)


class EndorseForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("note",)

    kind = forms.ChoiceField(choices=EndorsementKind.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What happened when you tried it (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("note",)

    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Publish it")), ("return", _("Return it to the writer"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the writer"),
        help_text=_("Needed when you return it: say what to change."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TermForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("term", "definition", "also_known_as", "equivalents")

    term = NameField(label=_("Term"), max_length=80, help_text=_("For example, CIN or Section 47."))
    definition = forms.CharField(
        label=_("What it means"), max_length=1500, widget=forms.Textarea(attrs={"rows": 4})
    )
    professions = forms.ModelMultipleChoiceField(
        label=_("Professions that use it"),
        queryset=Profession.objects.order_by("sort_order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nations = _checkboxes(_("Nations"), Nation.choices)
    also_known_as = forms.CharField(
        label=_("Also written as (optional)"),
        help_text=_(
            "Other abbreviations for the same thing, separated by commas (for example, CLA)."
        ),
        max_length=400,
        required=False,
    )
    equivalents = forms.CharField(
        label=_("What other professions call it (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    links = forms.CharField(
        label=_("Links (optional)"),
        help_text=_("Web addresses for more, one a line."),
        max_length=2600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *ItemKind.choices], required=False
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    profession = forms.ChoiceField(label=_("Profession"), required=False)
    nation = forms.ChoiceField(
        label=_("Nation"), choices=[("", _("All nations")), *Nation.choices], required=False
    )
    q = forms.CharField(label=_("Words in the title or summary"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("All topics"))] + list(
            ExpertiseTag.objects.order_by("name").values_list("slug", "name")
        )
        self.fields["profession"].choices = [("", _("All professions"))] + list(
            Profession.objects.order_by("sort_order", "name").values_list("slug", "name")
        )
