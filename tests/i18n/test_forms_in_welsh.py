"""Forms read right in Welsh: an optional field is marked once, in Welsh."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class ExampleForm(forms.Form):
    # The label already says it is optional, as some labels do.
    last_day = forms.CharField(label=_("Last day (optional)"), required=False)
    # The renderer adds the marker.
    work_email = forms.CharField(label=_("Work email"), required=False)


def test_an_optional_field_is_marked_once_in_welsh():
    with translation.override("cy"):
        optional = translation.gettext("(optional)")
        html = str(ExampleForm())
    assert optional != "(optional)"
    assert html.count(optional) == 2  # once for each field, never twice for one
    assert "(optional)" not in html


def test_an_optional_field_is_marked_once_in_english():
    with translation.override("en-gb"):
        html = str(ExampleForm())
    assert html.count("(optional)") == 2
