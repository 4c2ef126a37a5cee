"""A person's request for a copy of everything the platform holds about them (UK GDPR
subject access). The archive is built in the background into private storage and kept
for ``PERSONAL_DATA_EXPORT_DAYS`` (7) days; only its owner may download it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from practice_commons.core.storage import private_storage


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Could not be prepared")
    EXPIRED = "expired", _("Expired")


IN_PROGRESS = (ExportStatus.PENDING,)


class PersonalDataExport(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_data_exports"
    )
    status = models.CharField(
        max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(storage=private_storage, upload_to="personal-data/", blank=True)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One request in progress per person (the rate limit), kept by the database too.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_personal_data_export_in_progress",
            )
        ]

    def __str__(self):
        return f"Personal data export {self.pk} ({self.status})"

    @property
    def download_name(self) -> str:
        return f"practice-commons-personal-data-{self.requested_at:%Y-%m-%d}.zip"
