"""Input validation for the reflection pages. Forms parse; services decide (permissions,
the confidentiality guard, the session's state). Dates and times are entered in UK time
and become aware London datetimes here."""

from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.core.text import NameField
from practice_commons.events.models import LONDON, Audience, EventFormat

from . import selectors
from .durations import MAX_TURN, MIN_TURN, TIMER_ERROR, parse_turn_length, timer_error
from .models import (
    HERON_GROUPS,
    HeronCategory,
    ProctorFunction,
    ReflectiveSession,
    SessionFormat,
    Stage,
)

AUDIENCE_CHOICES = [
    (Audience.COMMUNITY, _("The community's members (whether or not they are host members)")),
    (Audience.MEMBERS, _("Only community members who are also host members")),
]
AUDIENCE_HELP = _(
    "A community's own session is open to its members. Host members only also applies the "
    "host's membership register and its one-trial rule."
)


def audience_field(*, required: bool = True):
    return forms.ChoiceField(
        label=_("Who may book"),
        choices=AUDIENCE_CHOICES,
        widget=forms.RadioSelect,
        initial=Audience.COMMUNITY,
        required=required,
        help_text=AUDIENCE_HELP,
        error_messages={
            "required": _("Choose who may book."),
            "invalid_choice": _("Choose who may book."),
        },
    )


WHERE_CHOICES = [
    (EventFormat.ONLINE, _("Online")),
    (EventFormat.IN_PERSON, _("In a room")),
    (EventFormat.HYBRID, _("Both: in a room and online")),
]


class EditForm(GuardedFormMixin, forms.Form):
    """The theme and format of a session that has not opened yet. Its date, time and
    place are the event's: they are changed on the events page."""

    guarded_fields = ("theme",)

    theme = NameField(
        label=_("Theme"),
        max_length=200,
        help_text=_(
            "A general theme, such as “Holding uncertainty”. Never anything that could "
            "identify a person, family or case."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=SessionFormat.choices,
        widget=forms.RadioSelect,
    )
    # Left out, it stays as it is.
    audience = audience_field(required=False)


class ScheduleForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("title", "theme", "venue")

    title = NameField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: Wednesday reflective session."),
    )
    theme = NameField(
        label=_("Theme"),
        max_length=200,
        help_text=_(
            "A general theme, such as “Holding uncertainty”. Never anything that could "
            "identify a person, family or case."
        ),
    )
    session_format = forms.ChoiceField(
        label=_("Format"),
        choices=SessionFormat.choices,
        widget=forms.RadioSelect,
        initial=SessionFormat.FLEXIBLE,
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
    )
    start_time = forms.TimeField(
        label=_("Start time (UK time)"),
        widget=forms.TimeInput(
            attrs={"type": "time", "class": "govuk-input--width-5"}, format="%H:%M"
        ),
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=30,
        max_value=480,
        initial=90,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    where = forms.ChoiceField(
        label=_("Where"),
        choices=WHERE_CHOICES,
        widget=forms.RadioSelect,
        initial=EventFormat.ONLINE,
    )
    venue = forms.CharField(label=_("Room or venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online joining link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to people with a place."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=2,
        max_value=30,
        initial=8,
        help_text=_("Action learning sets work best with 4 to 8 people."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    # Left out (an old form, a script), the default: the community's members.
    audience = audience_field(required=False)
    trial_allowed = forms.BooleanField(
        label=_("A non-member may come to one session on trial"),
        required=False,
        help_text=_(
            "Sessions are for the community's members. Tick to let someone who is "
            "not a member try one session before joining."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start_time") and data.get("minutes"):
            start = datetime.combine(data["date"], data["start_time"]).replace(tzinfo=LONDON)
            data["starts_at"] = start
            data["ends_at"] = start + timedelta(minutes=data["minutes"])
        where = data.get("where")
        if where in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not (
            data.get("venue") or data.get("address")
        ):
            self.add_error("venue", ValidationError(_("Enter where it takes place.")))
        return data


class TextForm(GuardedFormMixin, forms.Form):
    """One guarded text box; the field name and label are set per use (no prefixes: the
    guard's "Redact and continue" button posts an unprefixed name). Subclasses set
    ``field_name`` and ``guarded_fields`` to match."""

    field_name = "text"
    label = ""
    help_text = ""
    max_length = 1000
    rows = 4

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.field_name] = forms.CharField(
            label=self.label,
            help_text=self.help_text,
            max_length=self.max_length,
            widget=forms.Textarea(attrs={"rows": self.rows}),
        )


class IssueForm(TextForm):
    field_name = "issue_summary"
    guarded_fields = ("issue_summary",)
    label = _("A short summary of the issue you will bring")
    help_text = _(
        "A few sentences about what the issue raises for you. No names, ages, places, dates "
        "or anything else that could identify the people you work with."
    )
    max_length = 1500


class SummaryForm(TextForm):
    field_name = "summary"
    guarded_fields = ("summary",)
    label = _("Your summary of the reflections")
    help_text = _("What you heard, and what you take from it. Attendees of this session see it.")
    max_length = 3000
    rows = 5


class ActionForm(TextForm):
    field_name = "text"
    guarded_fields = ("text",)
    label = _("An action you commit to")
    help_text = _("Something you will do, in a sentence. Attendees of this session see it.")
    max_length = 500
    rows = 2


class NoteForm(TextForm):
    field_name = "body"
    guarded_fields = ("body",)
    label = _("Your private note")
    help_text = _(
        "Only you can ever read your notes: not the group, not the facilitator, "
        "not the host. They stay with you after the session."
    )
    max_length = 5000


class FeedbackForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("gave_you",)

    usefulness = forms.TypedChoiceField(
        label=_("How useful was the session to you?"),
        choices=[
            (5, _("5 – very useful")),
            (4, "4"),
            (3, "3"),
            (2, "2"),
            (1, _("1 – not useful")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    gave_you = forms.CharField(
        label=_("What did it give you?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: “A reflective space to think about my work.”"),
    )
    consent_to_quote = forms.BooleanField(
        label=_("You may quote what I wrote, without my name, on the community page"),
        required=False,
    )


# --- The live view's controls ----------------------------------------------------------------
# One form per button. Each validates its own fields against the session it acts on and
# gives the service its typed arguments (``arguments()``); the service decides who may
# do it and whether the session's state allows it.


class LiveActionForm(forms.Form):
    """A live control with nothing to choose (next stage, next turn, pass, close)."""

    def __init__(self, *args, session: ReflectiveSession, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session

    def arguments(self) -> dict:
        """The keyword arguments, beside the actor, for the action's service."""
        return {"session": self.session}


class PersonChoiceField(forms.ModelChoiceField):
    """Someone with a place at the session, posted as their id and shown by name."""

    def label_from_instance(self, obj) -> str:
        return obj.display_name


CHOOSE_SOMEONE = _("Choose someone from the list.")


class StageForm(LiveActionForm):
    stage = forms.ChoiceField(
        label=_("Go to a stage"),
        error_messages={"invalid_choice": _("That stage is not part of this session's format.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s, Stage(s).label) for s in self.session.stages]

    def arguments(self) -> dict:
        return {**super().arguments(), "stage": self.cleaned_data["stage"]}


class TurnLengthField(forms.Field):
    """A length of time, typed as people say it (``1:30``, ``90s``, ``2`` for minutes),
    cleaned to whole seconds within the turn limits. The text itself is never kept."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": TIMER_ERROR})
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "class": "govuk-input--width-5",
            "spellcheck": "false",
            "autocomplete": "off",
        }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        seconds = parse_turn_length(str(value)[:40])
        if seconds is None or not MIN_TURN <= seconds <= MAX_TURN:
            raise ValidationError(timer_error(), code="invalid")
        return seconds


class TimerForm(LiveActionForm):
    """The time for each turn, as people say it: ``1:30``, ``90s`` or ``2`` (minutes)."""

    minutes = TurnLengthField(
        label=_("Time for each turn"),
        help_text=_("Minutes and seconds, like 1:30, or 90s, or 2 for 2 minutes."),
    )

    @property
    def seconds(self) -> int:
        return self.cleaned_data["minutes"]

    def arguments(self) -> dict:
        return {**super().arguments(), "seconds": self.seconds}


class RoundForm(LiveActionForm):
    focus = forms.ChoiceField(
        label=_("Look through which of Proctor's functions?"),
        choices=[("", _("No particular function")), *ProctorFunction.choices],
        required=False,
    )

    def arguments(self) -> dict:
        return {**super().arguments(), "focus": self.cleaned_data["focus"]}


class PersonForm(LiveActionForm):
    """Someone with a place, for "confirmed the rules in the room"."""

    user = PersonChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={"required": CHOOSE_SOMEONE, "invalid_choice": CHOOSE_SOMEONE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.people_with_place(self.session)

    def arguments(self) -> dict:
        return {**super().arguments(), "user": self.cleaned_data["user"]}


class ParticipantForm(PersonForm):
    """Someone with a place who has confirmed the rules (and so has a participant row),
    for "mark present" and "mark as left"."""

    def clean(self):
        data = super().clean()
        user = data.get("user")
        if user is not None:
            data["participant"] = selectors.participant_of(user, self.session)
            if data["participant"] is None:
                raise ValidationError(
                    _("%(name)s has not confirmed the group rules yet.")
                    % {"name": user.display_name},
                    code="no_rules",
                )
        return data

    def arguments(self) -> dict:
        return {"session": self.session, "participant": self.cleaned_data["participant"]}


class PresenterForm(LiveActionForm):
    """The facilitator's choice of presenter among the people with a place; "Nobody yet"
    clears it. Used on the session's page and in the live view."""

    presenter = PersonChoiceField(
        label=_("Presenter"),
        queryset=None,
        required=False,
        empty_label=_("Nobody yet"),
        error_messages={"invalid_choice": CHOOSE_SOMEONE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = selectors.people_with_place(self.session)

    def arguments(self) -> dict:
        return {**super().arguments(), "user": self.cleaned_data["presenter"]}


class HeronForm(LiveActionForm):
    """The facilitator's Heron tags on one turn of this session."""

    turn = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(
            ("required", "invalid_choice"), _("That turn is not part of this session.")
        ),
    )
    tags = forms.MultipleChoiceField(
        label=_("Heron's categories"),
        choices=[(c.value, c.label) for _group, cats in HERON_GROUPS for c in cats],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["turn"].queryset = selectors.turns_of(self.session)

    def clean_tags(self):
        return [t for t in self.cleaned_data["tags"] if t in HeronCategory.values]

    def arguments(self) -> dict:
        # Tags belong to the turn: the service finds the session from it.
        return {"turn": self.cleaned_data["turn"], "tags": self.cleaned_data["tags"]}
