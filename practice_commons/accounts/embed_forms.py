"""The websites allowed to show an organisation's embeds, one a line."""

from django import forms
from django.utils.translation import gettext_lazy as _

# Ten origins of 200 characters and their line breaks; the service says what is wrong
# with each line, so the field only stops absurd input.
ORIGINS_MAX_LENGTH = 2500


class EmbedOriginsForm(forms.Form):
    origins = forms.CharField(
        label=_("Websites that may show the embeds"),
        required=False,
        max_length=ORIGINS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        help_text=_(
            "One website a line, as its address without a page, for example "
            "https://www.leeds.gov.uk. Up to 10. Leave empty to stop every website "
            "showing the embeds."
        ),
    )

    def origin_lines(self) -> list[str]:
        return self.cleaned_data["origins"].splitlines()
