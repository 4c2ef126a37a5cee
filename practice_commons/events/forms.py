"""Input validation for the events pages. Forms parse; services decide (permissions, the
confidentiality guard, capacity). Dates and times are entered in UK time and turned into
aware London datetimes here, which Django stores as UTC."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import Nation, Organisation, Profession
from practice_commons.communities.models import Community
from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.core.bilingual import welsh_version_field
from practice_commons.core.text import NameField

from . import recurrence
from .models import LONDON, Audience, EventFormat, EventKind
from .services.common import SERIES_FIELDS

# Everything an organiser sets except the start and end, which the form asks for as a
# date and times (the same fields a whole series shares).
EVENT_FORM_FIELDS = SERIES_FIELDS


def _date_input():
    return forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"})


def _time_input():
    return forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}, format="%H:%M")


def london(day, at) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=LONDON)


class EventDetailsForm(GuardedFormMixin, forms.Form):
    """What an event (or every occurrence of a series) looks like."""

    guarded_fields = (
        "title",
        "description",
        "title_cy",
        "description_cy",
        "venue",
        "area",
        "venue_notes",
    )

    title = NameField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title.")}
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What it covers, who it is for and what people will take away. Do not "
            "include details of people you work with."
        ),
    )
    title_cy = welsh_version_field(
        _("Title in Welsh"),
        _("Shown to people reading in Welsh. Leave blank to show the English title."),
        max_length=200,
    )
    description_cy = welsh_version_field(
        _("Description in Welsh"),
        _("Shown to people reading in Welsh. Leave blank to show the English description."),
        max_length=5000,
        rows=4,
    )
    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    community = forms.ModelChoiceField(
        label=_("Host community"),
        queryset=Community.objects.none(),
        required=False,
        help_text=_("Members of a private community's events are the only people who see them."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Host organisation"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    co_hosts = forms.ModelMultipleChoiceField(
        label=_("Co-hosting organisations"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Each co-host sees and exports its own people's registrations and attendance."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=EventFormat.choices,
        widget=forms.RadioSelect,
        initial=EventFormat.IN_PERSON,
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    venue_notes = forms.CharField(
        label=_("Getting there and access"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    online_url = forms.URLField(
        label=_("Online joining link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to people with a confirmed place."),
    )
    nation = forms.ChoiceField(
        label=_("Nation"), choices=[("", _("UK-wide or online")), *Nation.choices], required=False
    )
    area = forms.CharField(label=_("Area"), max_length=120, required=False)
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for no limit."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    target_professions = forms.ModelMultipleChoiceField(
        label=_("Professions it is for"),
        queryset=Profession.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if it is for everyone."),
    )
    max_profession_share = forms.IntegerField(
        label=_("Most places for any one profession (%)"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_(
            "For joint training: 50 keeps at least half the places for other "
            "professions. Needs a number of places."
        ),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    audience = forms.ChoiceField(
        label=_("Who can register"),
        choices=Audience.choices,
        widget=forms.RadioSelect,
        initial=Audience.SIGNED_IN,
    )
    trial_allowed = forms.BooleanField(
        label=_("A non-member may come once on trial"),
        required=False,
        help_text=_(
            "Host members only: each non-member has one trial across the host. Members of the "
            "host community: someone outside it has one trial of that community's events."
        ),
    )
    cpd_hours = forms.DecimalField(
        label=_("CPD hours"),
        min_value=0,
        max_value=99,
        decimal_places=1,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "step": "0.5"}),
    )
    contact_name = NameField(label=_("Contact name"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    show_attendee_names = forms.BooleanField(
        label=_("Show attendees each other's names"),
        required=False,
        help_text=_("Otherwise attendees see only how many are coming."),
    )
    offer_hours = forms.IntegerField(
        label=_("Hours to confirm a place offered from the waiting list"),
        min_value=1,
        max_value=168,
        initial=24,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    def __init__(self, *args, communities=None, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = (
            communities if communities is not None else Community.objects.none()
        )
        self.fields["organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.none()
        )

    def event_data(self) -> dict:
        data = {f: self.cleaned_data.get(f) for f in EVENT_FORM_FIELDS if f in self.cleaned_data}
        for key in (
            "title_cy",
            "description_cy",
            "venue",
            "address",
            "venue_notes",
            "online_url",
            "nation",
            "area",
            "contact_name",
            "contact_email",
        ):
            data[key] = data.get(key) or ""
        return data


class EventForm(EventDetailsForm):
    date = forms.DateField(label=_("Date"), widget=_date_input())
    start_time = forms.TimeField(label=_("Start time (UK time)"), widget=_time_input())
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=_date_input(),
        help_text=_("Only if it runs over more than one day."),
    )
    end_time = forms.TimeField(label=_("End time (UK time)"), widget=_time_input())

    field_order = [
        "title",
        "description",
        "title_cy",
        "description_cy",
        "kind",
        "community",
        "organisation",
        "co_hosts",
        "date",
        "start_time",
        "end_date",
        "end_time",
    ]

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            cleaned["starts_at"] = london(day, start)
            cleaned["ends_at"] = london(cleaned.get("end_date") or day, end)
            if cleaned["ends_at"] <= cleaned["starts_at"]:
                self.add_error("end_time", _("The end must be after the start."))
        return cleaned

    def event_data(self) -> dict:
        data = super().event_data()
        data["starts_at"] = self.cleaned_data["starts_at"]
        data["ends_at"] = self.cleaned_data["ends_at"]
        return data

    @classmethod
    def initial_for(cls, event) -> dict:
        start, end = event.starts_at.astimezone(LONDON), event.ends_at.astimezone(LONDON)
        initial = {f: getattr(event, f) for f in EVENT_FORM_FIELDS}
        initial.update(
            date=start.date(),
            start_time=start.time(),
            end_time=end.time(),
            end_date=end.date() if end.date() != start.date() else None,
            target_professions=list(event.target_professions.all()),
            co_hosts=list(event.co_hosts.all()),
        )
        return initial


class SeriesForm(EventDetailsForm):
    """A recurring event: the details once, plus how it repeats."""

    start_date = forms.DateField(label=_("First date"), widget=_date_input())
    start_time = forms.TimeField(label=_("Start time (UK time)"), widget=_time_input())
    end_time = forms.TimeField(label=_("End time (UK time)"), widget=_time_input())
    frequency = forms.ChoiceField(
        label=_("Repeats"),
        choices=[("weekly", _("Weekly")), ("monthly", _("Monthly"))],
        widget=forms.RadioSelect,
        initial="monthly",
    )
    interval = forms.IntegerField(
        label=_("Every how many weeks or months"),
        min_value=1,
        max_value=12,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
    )
    ordinal = forms.ChoiceField(
        label=_("For monthly: which week of the month"),
        required=False,
        choices=[
            ("", _("The same date each month")),
            ("1", _("First")),
            ("2", _("Second")),
            ("3", _("Third")),
            ("4", _("Fourth")),
            ("-1", _("Last")),
        ],
    )
    count = forms.IntegerField(
        label=_("How many times"),
        min_value=1,
        max_value=60,
        initial=6,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
    )

    field_order = [
        "title",
        "description",
        "title_cy",
        "description_cy",
        "kind",
        "community",
        "organisation",
        "co_hosts",
        "start_date",
        "start_time",
        "end_time",
        "frequency",
        "interval",
        "ordinal",
        "count",
    ]

    def clean(self):
        cleaned = super().clean()
        day, start = cleaned.get("start_date"), cleaned.get("start_time")
        if day and start and cleaned.get("frequency"):
            weekday = day.weekday()
            ordinal = cleaned.get("ordinal") or ""
            try:
                cleaned["rule"] = recurrence.build_rule(
                    frequency=cleaned["frequency"],
                    interval=cleaned.get("interval") or 1,
                    weekday=weekday if (cleaned["frequency"] == "weekly" or ordinal) else None,
                    ordinal=ordinal if cleaned["frequency"] == "monthly" else "",
                    count=cleaned.get("count"),
                    start=datetime.combine(day, start),
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


class SeriesEditForm(EventDetailsForm):
    """A change to every future occurrence not changed on its own."""


class CancelEventForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("reason",)
    guard_field_map = {"reason": "reason"}

    reason = forms.CharField(
        label=_("Why is it cancelled? (sent to everyone registered)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("message",)

    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line, or separated by commas. Members of the platform or not."),
    )
    community = forms.ModelChoiceField(
        label=_("Invite on behalf of"),
        queryset=Community.objects.none(),
        required=False,
        help_text=_("The community named in the invitation."),
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is not None:
            self.fields["community"].queryset = communities

    def email_list(self) -> list[str]:
        raw = self.cleaned_data.get("emails", "")
        return [p for p in raw.replace(",", "\n").replace(";", "\n").split() if p]


class FeedbackForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("learnt", "impact", "comments")

    rating = forms.TypedChoiceField(
        label=_("How useful was it for your practice?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, _("Very useful")),
            (4, _("Useful")),
            (3, _("Somewhat useful")),
            (2, _("Not very useful")),
            (1, _("Not useful")),
        ],
    )
    learnt = forms.CharField(
        label=_("What did you learn?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    impact = forms.CharField(
        label=_("What will you do differently in your practice?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comments = forms.CharField(
        label=_("Anything else for the organisers?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=300,
        help_text=_("Scan the QR code on the person's ticket, or type the code under it."),
    )


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *EventKind.choices]
    )
    profession = forms.ModelChoiceField(
        label=_("For profession"),
        required=False,
        queryset=Profession.objects.all(),
        empty_label=_("Any profession"),
    )
    nation = forms.ChoiceField(
        label=_("Nation"), required=False, choices=[("", _("Anywhere")), *Nation.choices]
    )
    format = forms.ChoiceField(
        label=_("Online or in person"),
        required=False,
        choices=[
            ("", _("Either")),
            (EventFormat.ONLINE, _("Online")),
            (EventFormat.IN_PERSON, _("In person")),
        ],
    )
    community = forms.ModelChoiceField(
        label=_("Community"),
        required=False,
        queryset=Community.objects.none(),
        empty_label=_("Any community"),
        to_field_name="slug",
    )

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is not None:
            self.fields["community"].queryset = communities

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "profession": data["profession"],
            "nation": data["nation"],
            "format": data["format"],
            "community": data["community"],
        }
