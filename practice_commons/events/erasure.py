"""What an erased account leaves in events (``core.erasure``): events they organised stay
for their attendees (organiser "A former member"), without their address as the
contact. Their registrations, attendance, feedback and calendar feed go with the account
(foreign keys); invitations to their addresses go with accounts' own rows."""

from practice_commons.core.erasure import register_eraser

from .models import Event


def erase(user) -> None:
    Event.objects.filter(contact_email__iexact=user.email).update(contact_email="")


register_eraser("events", erase)
