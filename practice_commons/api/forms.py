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
    scope = forms.ChoiceField(
        label=_("What it may do"),
        initial="read",
        choices=[
            ("read", _("Read only")),
            ("write", _("Read and write: post, register, record, change")),
            (
                "admin",
                _("Read, write and administration: moderation, your organisation's webhooks"),
            ),
        ],
        help_text=_("A token never does more than you can; choose the least it needs."),
        widget=forms.RadioSelect,
    )
