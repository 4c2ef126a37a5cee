"""The search form: what was typed is a query, never stored (no guard needed; it is
classified in tests/test_guard_everywhere.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import Nation, Profession

from .models import Kind
from .terms import MAX_QUERY_LENGTH

KIND_CHOICES = [
    ("", _("Everything")),
    ("discussions", _("Threads and replies")),
    ("library", _("The library")),
    *Kind.choices,
]
SINCE_CHOICES = [
    ("", _("Any time")),
    ("week", _("In the last week")),
    ("month", _("In the last month")),
    ("year", _("In the last year")),
]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_LENGTH, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)
    profession = forms.ChoiceField(label=_("Profession"), required=False)
    nation = forms.ChoiceField(
        label=_("Nation"), choices=[("", _("All nations")), *Nation.choices], required=False
    )
    since = forms.ChoiceField(label=_("Date"), choices=SINCE_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["profession"].choices = [("", _("All professions"))] + list(
            Profession.objects.order_by("sort_order", "name").values_list("slug", "name")
        )
