"""Input for the insight pages: the period, and a value-creation story (guarded)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practice_commons.confidentiality.forms import GuardedFormMixin

from .models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Cycle


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class StoryForm(GuardedFormMixin, forms.Form):
    guarded_fields = (
        "title",
        "what_happened",
        "what_it_gave",
        "how_used",
        "difference",
        "evidence",
    )

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    cycles = forms.MultipleChoiceField(
        label=_("Which value-creation cycles does your story reach?"),
        choices=Cycle.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every cycle the story reaches, from the activity itself onwards."),
    )
    what_happened = forms.CharField(
        label=_("What happened in the community?"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The activity: a thread, a session, an event, a visit."),
    )
    what_it_gave = forms.CharField(
        label=_("What did it give you?"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skills, contacts, resources, confidence, a new perspective."),
    )
    how_used = forms.CharField(
        label=_("How did you use it? (optional)"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you did differently. If not yet, what you plan to do."),
    )
    difference = forms.CharField(
        label=_("What difference did it make? (optional)"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence = forms.CharField(
        label=_("Evidence (optional)"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "How you know: feedback, figures, a review. "
            "Nothing that identifies anyone you work with."
        ),
    )
    consent_to_publish = forms.BooleanField(
        label=_(
            "The community's facilitators may publish this story (with my name) on the "
            "community's insight pages and in its impact report"
        ),
        required=False,
    )
