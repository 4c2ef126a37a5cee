from django import forms
from django.utils.translation import gettext_lazy as _

from practice_commons.confidentiality.forms import GuardedFormMixin


class TokenForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("name",)

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use this token, for example “reporting script”."),
    )
    days_valid = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        initial=90,
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("1 year"))],
        widget=forms.RadioSelect,
    )
