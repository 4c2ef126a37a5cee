"""Page forms. Every answer is a choice or a whole number: no free text, so nothing
here can carry details of people practitioners work with (and there is nothing for
the confidentiality guard to read)."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy, gettext_noop
from django.utils.translation import gettext_lazy as _

from . import questions
from .selectors import GROUP_KINDS, PERIOD_KINDS


def _required_message(label, translate) -> str:
    question = gettext(label) if translate else label
    return gettext("Choose an answer to “%(question)s”.") % {"question": question}


def _translated(choices) -> list:
    """Choices held as English data (``questions``), shown in the active language."""
    return [(str(v), gettext_lazy(text)) for v, text in choices]


def _radios(label, choices, help_text="", *, translate=True):
    """Radios for one question. ``translate=False`` for a validated instrument's items
    and answer scales, which stay in English (no validated Welsh version is held)."""
    return forms.TypedChoiceField(
        label=gettext_lazy(label) if translate else label,
        choices=_translated(choices) if translate else [(str(v), t) for v, t in choices],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": lazy(_required_message, str)(label, translate)},
    )


class CheckInForm(forms.Form):
    feeling = _radios(questions.CHECKIN_QUESTIONS[0][1], questions.FEELING)
    workload = _radios(questions.CHECKIN_QUESTIONS[1][1], questions.WORKLOAD)
    support = _radios(questions.CHECKIN_QUESTIONS[2][1], questions.SUPPORT)


class ConditionsForm(forms.Form):
    extra_hours = forms.IntegerField(
        label=_("Last week, how many hours did you work beyond your contract?"),
        help_text=_("A whole number of hours, 0 if none."),
        min_value=0,
        max_value=questions.EXTRA_HOURS_MAX,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    days_unwell = forms.IntegerField(
        label=_("In the last 12 months, on how many days did you work while you were unwell?"),
        help_text=_("Your best estimate, 0 if none."),
        min_value=0,
        max_value=questions.DAYS_UNWELL_MAX,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    satisfaction = _radios(
        gettext_noop("How satisfied are you with your job?"), questions.SATISFACTION
    )
    leave = forms.ChoiceField(
        label=_("Are you planning to leave your job in the next 15 months?"),
        choices=_translated(questions.LEAVE),
        widget=forms.RadioSelect,
    )
    pressures = forms.MultipleChoiceField(
        label=_("What are the main sources of pressure in your work?"),
        help_text=_("Choose all that apply."),
        choices=_translated(questions.PRESSURES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    helps = forms.MultipleChoiceField(
        label=_("What helps you?"),
        help_text=_("Choose all that apply."),
        choices=_translated(questions.HELPS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class InstrumentForm(forms.Form):
    """One radio question per item of ``instrument`` (none without one)."""

    def __init__(self, *args, instrument=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        if instrument is None:
            return
        for item in instrument.items:
            # The item and its answer scale stay in English: a validated instrument's
            # wording may only be used in an officially validated translation.
            self.fields[f"item_{item.number}"] = _radios(
                f"{item.number}. {item.text}", instrument.options_for(item), translate=False
            )

    def answers(self) -> dict[int, int]:
        return {int(name[5:]): value for name, value in self.cleaned_data.items()}


class DeleteAllForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that every answer I have given will be deleted and cannot be brought back"
        ),
        error_messages={"required": _("Tick the box to confirm that you want to delete them.")},
    )


class AggregateForm(forms.Form):
    """What the dashboard and the CSV show (GET). ``kinds`` is the reader's
    ``selectors.visible_kinds``; ``measures`` the measure choices."""

    group = forms.ChoiceField(label=_("Figures by"), choices=[(g, g) for g in GROUP_KINDS])
    key = forms.ChoiceField(label=_("Which one"), required=False, choices=[("", _("All of them"))])
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[("quarter", _("Quarter")), ("month", _("Month"))],
        initial="quarter",
    )
    measure = forms.ChoiceField(label=_("Measure"), choices=[])

    def __init__(self, *args, kinds=None, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        kinds = kinds or {}
        names = {
            "organisation": gettext("Organisation"),
            "profession": gettext("Profession"),
            "nation": gettext("Nation"),
            "community": gettext("Community"),
        }
        self.fields["group"].choices = [(g, names[g]) for g in GROUP_KINDS if g in kinds]
        self.fields["key"].choices = [("", gettext("All of them"))] + [
            (slug, gettext("%(group)s: %(name)s") % {"group": names[group], "name": name})
            for group in GROUP_KINDS
            for slug, name in (kinds.get(group) or {}).items()
        ]
        self.fields["measure"].choices = list(measures)
        self.kinds = kinds

    def clean(self):
        data = super().clean()
        group, key = data.get("group"), data.get("key")
        if group and key and key not in (self.kinds.get(group) or {}):
            self.add_error("key", gettext("Choose one from the list for the groups you chose."))
        if data.get("period") not in PERIOD_KINDS:
            self.add_error("period", gettext("Choose month or quarter."))
        return data
