"""Wellbeing answers, kept apart from identity, and the frozen aggregate releases.

What must stay true:

- A ``Response`` has no foreign key to a person. ``subject`` is a keyed hash of the
  user id (``pseudonym.subject_key``): without the secret nobody, admins and database
  readers included, can tell whose it is. The primary key is random (UUID) and there is
  no timestamp, so neither insertion order nor time links an answer to a log line; the
  only date in clear is ``month`` (the first day of the month it was given).
- Everything that could narrow a response down to a person (the day, and the group
  slugs used for aggregates: verified organisation, team, profession, nation,
  communities) is in ``sealed``, encrypted with a key derived from the same secret.
- Aggregates are published only through ``Release``/``ReleaseCell``: computed once per
  closed quarter, with small-group suppression, then frozen (see ``suppression.py``).
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CHECKIN = "checkin", _("Quick check-in")
    CONDITIONS = "conditions", _("Working conditions")
    HSE = "hse", _("HSE Management Standards Indicator Tool")
    PROQOL = "proqol", _("ProQOL 5")


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    month = models.DateField(help_text=_("First day of the month the answers were given."))
    # {measure name: number} computed when answered (scale means, sums, hours ...)
    scores = models.JSONField(default=dict)
    # The person's own item answers (choices and numbers only, never free text).
    answers = models.JSONField(default=dict)
    sealed = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["kind", "month"])]

    def __str__(self):
        # Never the answers: this string can reach logs and error pages.
        return f"Wellbeing response ({self.get_kind_display()})"


class Release(models.Model):
    """Every aggregate of one closed quarter (and its three months), computed once.

    Frozen so that nothing that happens later (a person deleting their answers, a
    change of membership) can change a published figure: a before/after comparison
    of the same cell can then never isolate one person."""

    quarter = models.DateField(unique=True, help_text=_("First day of the quarter."))
    computed_at = models.DateField()
    respondents = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["quarter"]

    def __str__(self):
        return f"Wellbeing release {self.quarter:%Y-%m}"


class ReleaseCell(models.Model):
    class Period(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="cells")
    measure = models.CharField(max_length=40)
    period_kind = models.CharField(max_length=8, choices=Period.choices)
    period = models.DateField()
    # "organisation:<slug>", "organisation:<slug>/team:<slug>",
    # "organisation:<slug>/profession:<slug>", "profession:<slug>", "nation:<value>",
    # "community:<slug>"
    group = models.CharField(max_length=300)
    suppressed = models.BooleanField(default=True)
    n = models.PositiveIntegerField(null=True, blank=True)
    mean = models.FloatField(null=True, blank=True)
    sd = models.FloatField(null=True, blank=True)
    distribution = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["measure", "period_kind", "group"])]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "measure", "period_kind", "period", "group"],
                name="wellbeing_uniq_release_cell",
            )
        ]

    def __str__(self):
        return f"{self.group} {self.measure} {self.period}"


class SupportService(models.Model):
    """Where to get help, shown with every result. Host admins keep the list in the
    Django admin."""

    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("what it offers"), max_length=300)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("website"), blank=True)
    hours = models.CharField(_("when"), max_length=120, blank=True)
    urgent = models.BooleanField(
        _("urgent help"), default=False, help_text=_("Shown first, as the route to help now.")
    )
    active = models.BooleanField(_("shown"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["-urgent", "sort_order", "name"]

    def __str__(self):
        return self.name
