"""What several events pages share: the submitted form data, the organiser check, and
the attendee's own registration at an event they attended."""

from django.utils.translation import gettext as _

from practice_commons.communities.models import Community
from practice_commons.core.errors import PermissionDenied

from .. import selectors


def post_data(request):
    """The submitted data for a bound form, or ``None`` for an unbound one on GET."""
    return request.POST if request.method == "POST" else None


def require_manager(request, event) -> None:
    if not selectors.can_manage(request.user, event):
        raise PermissionDenied(_("Only this event's organisers can do that."))


def event_community(event):
    """The event's own community as a queryset, to keep it among a form's choices."""
    return Community.objects.filter(pk=event.community_id)


def attended_registration(request, pk: int):
    """(event, the reader's registration) for an event they attended, else 404."""
    return selectors.attended_registration_of(request.user, pk)
