"""Page forms. Every answer is a choice or a whole number: no free text, so nothing
here can carry details of people practitioners work with (and there is nothing for
the confidentiality guard to read)."""

from django import forms

from . import questions
from .selectors import GROUP_KINDS, PERIOD_KINDS


def _radios(label, choices, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        choices=[(str(v), text) for v, text in choices],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": f"Choose an answer to “{label}”."},
    )


class CheckInForm(forms.Form):
    feeling = _radios("How are you doing?", questions.FEELING)
    workload = _radios("How manageable is your workload at the moment?", questions.WORKLOAD)
    support = _radios("How supported do you feel at work?", questions.SUPPORT)


class ConditionsForm(forms.Form):
    extra_hours = forms.IntegerField(
        label="Last week, how many hours did you work beyond your contract?",
        help_text="A whole number of hours, 0 if none.",
        min_value=0,
        max_value=questions.EXTRA_HOURS_MAX,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    days_unwell = forms.IntegerField(
        label="In the last 12 months, on how many days did you work while you were unwell?",
        help_text="Your best estimate, 0 if none.",
        min_value=0,
        max_value=questions.DAYS_UNWELL_MAX,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    satisfaction = _radios("How satisfied are you with your job?", questions.SATISFACTION)
    leave = forms.ChoiceField(
        label="Are you planning to leave your job in the next 15 months?",
        choices=questions.LEAVE,
        widget=forms.RadioSelect,
    )
    pressures = forms.MultipleChoiceField(
        label="What are the main sources of pressure in your work?",
        help_text="Choose all that apply.",
        choices=questions.PRESSURES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    helps = forms.MultipleChoiceField(
        label="What helps you?",
        help_text="Choose all that apply.",
        choices=questions.HELPS,
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
            self.fields[f"item_{item.number}"] = _radios(
                f"{item.number}. {item.text}", instrument.options_for(item)
            )

    def answers(self) -> dict[int, int]:
        return {int(name[5:]): value for name, value in self.cleaned_data.items()}


class DeleteAllForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that every answer I have given will be deleted and cannot be "
        "brought back",
        error_messages={"required": "Tick the box to confirm that you want to delete them."},
    )


class AggregateForm(forms.Form):
    """What the dashboard and the CSV show (GET). ``kinds`` is the reader's
    ``selectors.visible_kinds``; ``measures`` the measure choices."""

    group = forms.ChoiceField(label="Figures by", choices=[(g, g) for g in GROUP_KINDS])
    key = forms.ChoiceField(label="Which one", required=False, choices=[("", "All of them")])
    period = forms.ChoiceField(
        label="Period",
        choices=[("quarter", "Quarter"), ("month", "Month")],
        initial="quarter",
    )
    measure = forms.ChoiceField(label="Measure", choices=[])

    def __init__(self, *args, kinds=None, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        kinds = kinds or {}
        names = {
            "organisation": "Organisation",
            "profession": "Profession",
            "nation": "Nation",
            "community": "Community",
        }
        self.fields["group"].choices = [(g, names[g]) for g in GROUP_KINDS if g in kinds]
        self.fields["key"].choices = [("", "All of them")] + [
            (slug, f"{names[group]}: {name}")
            for group in GROUP_KINDS
            for slug, name in (kinds.get(group) or {}).items()
        ]
        self.fields["measure"].choices = list(measures)
        self.kinds = kinds

    def clean(self):
        data = super().clean()
        group, key = data.get("group"), data.get("key")
        if group and key and key not in (self.kinds.get(group) or {}):
            self.add_error("key", "Choose one from the list for the groups you chose.")
        if data.get("period") not in PERIOD_KINDS:
            self.add_error("period", "Choose month or quarter.")
        return data
