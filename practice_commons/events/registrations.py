"""What events registers with the apps below it (run from ``AppConfig.ready()``):

* the "Upcoming events and sessions" panel on the community page;
* the digest section "Upcoming events you might join";
* ``Event`` as reportable content (its title, description and venue notes);
* how an ``EventInvitation`` is built, for the retrying sender in ``notifications``.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from practice_commons.communities.panels import register_panel
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.digest import register_section
from practice_commons.notifications.scheduler import register_job
from practice_commons.safeguarding.services import register_reportable

from . import digest, jobs, selectors, services, tasks
from .models import Event, EventInvitation


def render_community_panel(request, community):
    """Up to five upcoming events of the community (three queries)."""
    events = selectors.community_upcoming(request.user, community)
    can_create = selectors.can_create_event(request.user, community=community)
    if not events and not can_create:
        return ""
    return render_to_string(
        "events/includes/community_panel.html",
        {"community": community, "events": events, "can_create": can_create},
        request=request,
    )


def register() -> None:
    notification_services.register_address_email(EventInvitation, build=jobs.invitation_email)
    register_job("event-reminders", tasks.send_event_reminders.enqueue, minute="*/5")
    register_job("event-offer-expiry", tasks.expire_offers.enqueue, minute="*/5")
    register_panel(
        "upcoming_events",
        title=_("Upcoming events and sessions"),
        render=render_community_panel,
        # First on the community page: what is coming up leads (communities/README.md).
        order=5,
    )
    register_section(
        "events_upcoming",
        title=_("Upcoming events you might join"),
        builder=digest.upcoming_events,
        order=40,
    )
    register_reportable(
        Event,
        visible_to=lambda user, e: selectors.events_visible_to(user).filter(pk=e.pk).exists(),
        label=_("Event"),
        scope=lambda e: e.community or e.organisation,
        owner=lambda e: e.organiser,
        url=lambda e: e.get_absolute_url(),
        title=lambda e: e.title,
        texts=lambda e: {
            "Title": e.title,
            "Description": e.description,
            "Getting there and access": e.venue_notes,
        },
        redact=lambda e, *, actor: services.event_redact_for_safeguarding(actor=actor, event=e),
    )
