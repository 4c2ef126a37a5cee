"""A person is named before other people see what they do.

Posts, bookings and memberships are shown to others beside the person's name, and the
name is all that is shown (never any part of their email address). Until a person has
given a name on their profile they are "New member" to everyone else, and they may not
post, book or join: services call ``require_name``, and pages show
``core/includes/name_required.html`` (a link to the profile page) instead of the form.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PROFILE_URL_NAME = "accounts:profile_edit"

NAME_REQUIRED = {
    "post": _("Add your name to your profile before you post."),
    "book": _("Add your name to your profile before you book."),
    "join": _("Add your name to your profile before you join."),
}


def is_signed_in(user) -> bool:
    """A real, signed-in person (not ``None``, not the anonymous user)."""
    return bool(user is not None and getattr(user, "is_authenticated", False))


def has_name(person) -> bool:
    return bool((getattr(person, "full_name", "") or "").strip())


def require_name(actor, *, to: str) -> None:
    """``ValidationError`` (code ``name_required``, ``params["profile_url"]`` where the
    name is added) unless ``actor`` has given a name. ``to`` is ``post``, ``book`` or
    ``join``."""
    if has_name(actor):
        return
    raise ValidationError(
        str(NAME_REQUIRED[to]),
        code="name_required",
        params={"profile_url": reverse(PROFILE_URL_NAME)},
    )
