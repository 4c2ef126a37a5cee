"""Events, and the recurring series some of them belong to.

Times are stored in UTC (``USE_TZ``) and shown in Europe/London. A series keeps its rule
in London wall-clock time (an RFC 5545 ``RRULE`` read by ``dateutil``), so "18:00 on
the first Tuesday" stays 18:00 in London on both sides of a summer-time change; each
occurrence is materialised as an ``Event`` row that can then be changed on its own.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import Nation, Organisation, Profession
from practice_commons.communities.models import Community

from .choices import Audience, EventFormat, EventKind, EventStatus

LONDON = ZoneInfo("Europe/London")
MAX_OCCURRENCES = 60


def wall_clock_end(start: datetime, duration: timedelta) -> datetime:
    """``start + duration`` on the London clock: a two-hour evening session ends two
    hours later by the clock even on the night the clocks change."""
    return (start.astimezone(LONDON).replace(tzinfo=None) + duration).replace(tzinfo=LONDON)


class Series(models.Model):
    """A recurring event: the rule, its exceptions, and who runs it. What each occurrence
    looks like lives on its ``Event`` rows (copied from the form that made the series)."""

    title = models.CharField(_("title"), max_length=200)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="event_series"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # RFC 5545 RRULE (without "RRULE:"), e.g. FREQ=MONTHLY;INTERVAL=2;BYDAY=+1TU;COUNT=6.
    rule = models.CharField(_("recurrence rule"), max_length=300)
    start_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("start time (UK time)"))
    duration = models.DurationField(_("length"))
    # London dates (ISO strings) left out of the rule: "not in August".
    exdates = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:series_detail", kwargs={"pk": self.pk})

    def local_starts(self) -> list[datetime]:
        """Each occurrence's London start (aware), exceptions left out, at most
        ``MAX_OCCURRENCES``. ``dateutil`` walks the rule in naive wall-clock time; each
        result is then placed in London, which picks GMT or BST for that date."""
        first = datetime.combine(self.start_date, self.start_time)
        rule = rrulestr(self.rule, dtstart=first)
        skipped = set(self.exdates or [])
        starts = []
        for naive in rule:
            if len(starts) >= MAX_OCCURRENCES:
                break
            if naive.date().isoformat() in skipped:
                continue
            starts.append(naive.replace(tzinfo=LONDON))
        return starts


class Event(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    # The organisers' own Welsh versions (core.bilingual); blank: the English is shown.
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    description_cy = models.TextField(_("description in Welsh"), max_length=5000, blank=True)
    kind = models.CharField(_("kind of event"), max_length=32, choices=EventKind.choices)
    status = models.CharField(max_length=16, choices=EventStatus.choices, default=EventStatus.DRAFT)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("host community"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host organisation"),
    )
    co_hosts = models.ManyToManyField(
        Organisation, blank=True, related_name="cohosted_events", verbose_name=_("co-hosts")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    format = models.CharField(
        _("format"), max_length=16, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    venue_notes = models.TextField(_("getting there and access"), max_length=1000, blank=True)
    online_url = models.URLField(_("online joining link"), max_length=500, blank=True)
    nation = models.CharField(_("nation"), max_length=32, choices=Nation.choices, blank=True)
    area = models.CharField(_("area"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    audience = models.CharField(
        _("who can register"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.SIGNED_IN,
    )
    trial_allowed = models.BooleanField(_("a non-member may come once on trial"), default=False)
    target_professions = models.ManyToManyField(
        Profession, blank=True, related_name="+", verbose_name=_("for these professions")
    )
    max_profession_share = models.PositiveSmallIntegerField(
        _("most places for any one profession (%)"), null=True, blank=True
    )
    cpd_hours = models.DecimalField(_("CPD hours"), max_digits=4, decimal_places=1, default=0)
    show_attendee_names = models.BooleanField(_("show attendees each other's names"), default=False)
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to confirm a place offered from the waiting list"), default=24
    )
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, null=True, blank=True, related_name="occurrences"
    )
    # The London date the series rule gave this occurrence (its RECURRENCE-ID), kept even
    # when the occurrence is moved; ``detached`` once it was changed on its own.
    occurrence_date = models.DateField(null=True, blank=True)
    detached = models.BooleanField(default=False)
    # Bumped on every change a calendar should pick up (iCalendar SEQUENCE).
    revision = models.PositiveIntegerField(default=0)
    # The arrival counter: registrations take the next value while the event row is locked.
    registration_seq = models.PositiveIntegerField(default=0)
    cancel_reason = models.TextField(_("why it is cancelled"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["community", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(max_profession_share__isnull=True)
                | models.Q(max_profession_share__gte=1, max_profession_share__lte=100),
                name="event_profession_share_percent",
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence_date"],
                name="uniq_series_occurrence",
                condition=models.Q(series__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.format in (EventFormat.IN_PERSON, EventFormat.HYBRID)

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def host_name(self) -> str:
        """Who puts it on, for certificates and listings."""
        names = [
            n
            for n in (getattr(self.organisation, "name", ""), getattr(self.community, "name", ""))
            if n
        ]
        return " and ".join(names) or settings.SITE_NAME

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def profession_limit(self) -> int | None:
        """Most places any one profession may hold, or ``None`` for no mix rule."""
        if not self.capacity or not self.max_profession_share:
            return None
        return max(1, self.capacity * self.max_profession_share // 100)
