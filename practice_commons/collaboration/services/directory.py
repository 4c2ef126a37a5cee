"""A person's own directory settings."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.core.errors import PermissionDenied
from practice_commons.core.people import is_signed_in

from ..models import DirectoryListing, DirectoryVisibility


@transaction.atomic
def directory_settings_update(*, actor, visibility: str, show_bio: bool) -> DirectoryListing:
    """Who finds the actor in the directory, and whether their "about you" shows.
    ``hidden`` leaves the directory everywhere (pages, API and search)."""
    if not is_signed_in(actor):
        raise PermissionDenied(_("Sign in first."))
    if visibility not in DirectoryVisibility.values:
        raise ValidationError({"visibility": _("Choose who can find you.")})
    listing, _created = DirectoryListing.objects.update_or_create(
        user=actor,
        defaults={
            "visibility": visibility,
            "show_bio": bool(show_bio),
            "updated_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor, action="directory.settings", target=listing, data={"visibility": visibility}
    )
    return listing
