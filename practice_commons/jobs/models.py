"""Job listings with closing dates. A listing leaves the board at its closing date (the
listing query filters on it; nothing needs to run)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import Nation, Organisation, Profession

TITLE_MAX_LENGTH = 150
SHORT_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 6000
APPLY_MAX_LENGTH = 500


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed term")
    SECONDMENT = "secondment", _("Secondment")
    LOCUM = "locum", _("Locum or agency")
    SESSIONAL = "sessional", _("Sessional")
    VOLUNTEER = "volunteer", _("Volunteer")


class Job(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(_("job title"), max_length=TITLE_MAX_LENGTH)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("employer")
    )
    location = models.CharField(_("location"), max_length=SHORT_MAX_LENGTH)
    nation = models.CharField(_("nation"), max_length=32, choices=Nation.choices, blank=True)
    salary_min = models.PositiveIntegerField(_("salary from (£ a year)"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary to (£ a year)"), null=True, blank=True)
    hours = models.CharField(_("hours"), max_length=SHORT_MAX_LENGTH, blank=True)
    contract_type = models.CharField(
        _("contract type"), max_length=16, choices=ContractType.choices
    )
    profession = models.ForeignKey(
        Profession, on_delete=models.PROTECT, related_name="+", verbose_name=_("profession")
    )
    closes_on = models.DateField(_("closing date"))
    apply_url = models.URLField(_("apply online at"), max_length=APPLY_MAX_LENGTH, blank=True)
    apply_email = models.EmailField(_("or apply by email to"), blank=True)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["closes_on", "pk"]
        indexes = [
            models.Index(fields=["status", "closes_on"]),
            models.Index(fields=["profession", "status", "closes_on"]),
        ]

    def __str__(self):
        return f"{self.title}, {self.organisation}"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.closes_on >= timezone.localdate()

    @property
    def salary_display(self) -> str:
        if self.salary_min and self.salary_max:
            return f"£{self.salary_min:,} to £{self.salary_max:,}"
        if self.salary_min:
            return f"From £{self.salary_min:,}"
        if self.salary_max:
            return f"Up to £{self.salary_max:,}"
        return ""
