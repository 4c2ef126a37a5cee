"""What reflection registers with the apps below it (run from ``AppConfig.ready()``):
the community page's "Testimonials from reflective sessions" panel, the link from a
session's event page to the session, each person's own time taken part (for the hours
their attendance sends), the nightly retention job, and the session's
material as reportable content for safeguarding: the presenter's summary (reported
through its session row) and each action commitment. Private notes are never
registered: nobody but their author ever reads them."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from practice_commons.communities.panels import register_panel
from practice_commons.events.links import EventLink, register_event_link
from practice_commons.events.participation import register_participation
from practice_commons.notifications.scheduler import register_job
from practice_commons.safeguarding.services import register_reportable

from . import selectors, services, tasks
from .models import ActionCommitment, ReflectiveSession


def render_testimonials_panel(request, community):
    """Consented quotes without names, and a link to the community's sessions (one
    query). Empty (hidden) when there are no quotes and no sessions."""
    panel = selectors.testimonials_panel(request.user, community)
    if not panel.shown:
        return ""
    return render_to_string(
        "reflection/includes/testimonials_panel.html",
        {"community": community, "quotes": panel.quotes},
        request=request,
    )


def session_link(event, user) -> EventLink | None:
    """The event page of a reflective session points to the session itself (rules,
    presenter, live view); whoever may see the event may see the session."""
    session = ReflectiveSession.objects.filter(event=event).only("pk").first()
    if session is None:
        return None
    return EventLink(
        _("The reflective session: rules, presenter and live view"),
        reverse("reflection:detail", args=[session.pk]),
    )


def _register_material() -> None:
    register_reportable(
        ReflectiveSession,
        visible_to=selectors.can_see_material,
        label=_("Presenter's summary"),
        scope=lambda session: session.community,
        owner=lambda session: session.presenter,
        url=lambda session: session.get_absolute_url(),
        title=lambda session: _("Presenter's summary in “%(title)s”") % {"title": str(session)},
        texts=lambda session: {str(_("Presenter's summary")): session.presenter_summary},
        redact=lambda session, *, actor: services.presenter_summary_redact(
            actor=actor, session=session
        ),
        remove=lambda session, *, actor: services.presenter_summary_remove(
            actor=actor, session=session
        ),
    )
    register_reportable(
        ActionCommitment,
        visible_to=lambda user, action: selectors.can_see_material(user, action.session),
        label=_("Action commitment"),
        scope=lambda action: action.session.community,
        owner=lambda action: action.session.presenter,
        url=lambda action: action.session.get_absolute_url(),
        title=lambda action: _("Action in “%(title)s”") % {"title": str(action.session)},
        texts=lambda action: {str(_("Action")): action.text},
        redact=lambda action, *, actor: services.action_redact(actor=actor, action=action),
        remove=lambda action, *, actor: services.action_remove(actor=actor, action=action),
    )


def register() -> None:
    _register_material()
    register_event_link(session_link)
    # Each attendee's CPD hours are the time they took part, however attendance is taken.
    register_participation(selectors.participation_by_user)
    register_job("reflection-retention", tasks.purge_reflection_material.enqueue, hour=2, minute=15)
    register_panel(
        "reflection_testimonials",
        title=_("Testimonials from reflective sessions"),
        render=render_testimonials_panel,
        order=40,
    )
