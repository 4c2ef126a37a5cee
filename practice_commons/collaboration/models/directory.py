"""What a person's directory entry shows, and to whom. One row a person, made on first
change; without a row a person is listed to everyone signed in and shows no "about"."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DirectoryVisibility(models.TextChoices):
    SIGNED_IN = "signed_in", _("Everyone signed in")
    HOST_MEMBERS = "host_members", _("Members of the host only")
    COMMUNITIES = "communities", _("People in my communities only")
    HIDDEN = "hidden", _("Nobody: leave me out of the directory")


class DirectoryListing(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_listing"
    )
    visibility = models.CharField(
        _("who can find you"),
        max_length=16,
        choices=DirectoryVisibility.choices,
        default=DirectoryVisibility.SIGNED_IN,
    )
    show_bio = models.BooleanField(_("show what you wrote about yourself"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["visibility"])]

    def __str__(self):
        return f"{self.user} ({self.get_visibility_display()})"
