from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.core.text import NameField

from . import newsletters, quiet
from .kinds import Channel, DigestFrequency, NotificationKind

DAY_NAMES = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]
SAME_AS_DEFAULT = ""


class PreferencesForm(forms.Form):
    """One select for each kind, one for each community the person hears from, and the
    summary digest's frequency. Fields are built from ``selectors.preferences_for``."""

    digest_frequency = forms.ChoiceField(
        label=_("Summary digest"),
        choices=DigestFrequency.choices,
        help_text=_(
            "What happened in your communities, upcoming events and open "
            "requests for information, by email."
        ),
    )

    def __init__(
        self,
        *args,
        preferences: dict,
        community_labels: dict[int, str],
        digest_frequency: str,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["digest_frequency"].initial = digest_frequency
        self.kind_fields, self.community_fields = [], []
        for kind, label, channel in preferences["kinds"]:
            name = f"kind_{kind}"
            self.fields[name] = forms.ChoiceField(
                label=label, choices=Channel.choices, initial=channel
            )
            self.kind_fields.append(name)
        for community_id, channel in preferences["communities"].items():
            name = f"community_{community_id}"
            self.fields[name] = forms.ChoiceField(
                label=community_labels.get(community_id, ""),
                choices=[(SAME_AS_DEFAULT, _("Same as my choices above")), *Channel.choices],
                initial=channel,
                required=False,
            )
            self.community_fields.append(name)

    @property
    def kind_bound_fields(self):
        return [self[name] for name in self.kind_fields]

    @property
    def community_bound_fields(self):
        return [self[name] for name in self.community_fields]

    def kind_channels(self) -> dict[str, str]:
        return {name.removeprefix("kind_"): self.cleaned_data[name] for name in self.kind_fields}

    def community_channels(self) -> dict[int, str]:
        return {
            int(name.removeprefix("community_")): self.cleaned_data.get(name, "")
            for name in self.community_fields
        }


class QuietHoursForm(forms.Form):
    quiet_hours_enabled = forms.BooleanField(
        label=_("Hold emails during my quiet hours"),
        required=False,
        help_text=_(
            "Urgent messages, such as a session starting within the hour, still come straight away."
        ),
    )
    timezone = forms.ChoiceField(label=_("Time zone"))

    def __init__(self, *args, settings_row, **kwargs):
        super().__init__(*args, **kwargs)
        zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc"))
        self.fields["timezone"].choices = [(z, z.replace("_", " ")) for z in zones]
        self.fields["timezone"].initial = settings_row.timezone
        self.fields["quiet_hours_enabled"].initial = settings_row.quiet_hours_enabled
        for key, day in zip(quiet.WEEKDAY_KEYS, DAY_NAMES, strict=True):
            self.fields[f"day_{key}"] = forms.CharField(
                label=_("%(day)s") % {"day": day},
                required=False,
                max_length=200,
                initial=quiet.format_day(settings_row.quiet_hours.get(key, [])),
                help_text=_(
                    "For example 00:00-08:00, 19:00-24:00. Leave empty for none; "
                    "00:00-24:00 for all day."
                ),
                widget=forms.TextInput(
                    attrs={"spellcheck": "false", "class": "govuk-!-width-one-half"}
                ),
            )

    def clean(self):
        data = super().clean()
        windows = {}
        for key in quiet.WEEKDAY_KEYS:
            try:
                windows[key] = quiet.parse_day(data.get(f"day_{key}", "") or "")
            except forms.ValidationError as exc:
                self.add_error(f"day_{key}", exc)
        quiet.require_time_outside(windows, enabled=bool(data.get("quiet_hours_enabled")))
        data["quiet_hours"] = windows
        return data


class MuteForm(forms.Form):
    thread_key = forms.CharField(max_length=120)


class NewsletterForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("subject", "body")

    subject = NameField(
        label=_("Subject"), max_length=200, error_messages={"required": _("Enter a subject.")}
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Celebrate practice and share opportunities. You can use Markdown: "
            "**bold**, *italic*, lists and links. Do not include anything that could "
            "identify the people you work with."
        ),
    )
    items = forms.MultipleChoiceField(
        label=_("Add recent items"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each item you tick is listed with a link under your message."),
    )

    def __init__(self, *args, candidates: list[tuple[str, str, object]], **kwargs):
        """``candidates``: (section title, key, DigestItem) offered by the pickers."""
        super().__init__(*args, **kwargs)
        self.candidate_list = candidates
        self.fields["items"].choices = [
            (key, f"{section}: {item.title}") for section, key, item in candidates
        ]
        if not candidates:
            del self.fields["items"]

    def picked_items(self) -> list[dict]:
        return newsletters.picked_items(self.candidate_list, self.cleaned_data.get("items", []))


class PushPreferencesForm(forms.Form):
    """Which kinds reach the person's phones and computers, and whether notices about
    communities that are not public may show their detail there."""

    push_kinds = forms.MultipleChoiceField(
        label=_("Which notifications come to your phone or computer"),
        required=False,
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply. They wait until your quiet hours end, as emails do."),
    )
    push_show_private_detail = forms.BooleanField(
        label=_("Show titles, names and text from private communities on my devices"),
        required=False,
        help_text=_(
            "Notifications can appear on a locked screen where others may see them. Unless "
            "you tick this, a notification about a community that is not public, or a "
            "private message, only says what kind of thing happened, for example "
            "\u201cNew reply in a community you follow\u201d."
        ),
    )

    def __init__(self, *args, settings_row=None, **kwargs):
        super().__init__(*args, **kwargs)
        if settings_row is not None:
            self.fields["push_kinds"].initial = list(settings_row.push_kinds or [])
            self.fields["push_show_private_detail"].initial = settings_row.push_show_private_detail
