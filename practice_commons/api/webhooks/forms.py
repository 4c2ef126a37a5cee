from django import forms
from django.utils.translation import gettext_lazy as _

from . import catalogue


class EndpointForm(forms.Form):
    """The address is checked by the service (https, a public address); nothing here is
    prose about people, so the confidentiality guard has nothing to read."""

    url = forms.URLField(
        label=_("Address that receives the events"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https:// address on your organisation's systems."),
        widget=forms.URLInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Events to send"),
        choices=list(catalogue.EVENT_TYPES.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
