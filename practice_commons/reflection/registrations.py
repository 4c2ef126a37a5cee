"""What reflection registers with the apps below it (run from ``AppConfig.ready()``):
the community page's "Testimonials from reflective sessions" panel."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from practice_commons.communities.panels import register_panel
from practice_commons.notifications.scheduler import register_job

from . import selectors, tasks


def render_testimonials_panel(request, community):
    """Consented quotes without names, and a link to the community's sessions (two
    queries). Empty (hidden) when there are no quotes and no sessions."""
    quotes = selectors.testimonials(community)
    has_sessions = (
        quotes or selectors.sessions_visible_to(request.user).filter(community=community).exists()
    )
    if not has_sessions:
        return ""
    return render_to_string(
        "reflection/includes/testimonials_panel.html",
        {"community": community, "quotes": quotes},
        request=request,
    )


def register() -> None:
    register_job("reflection-retention", tasks.purge_reflection_material.enqueue, hour=2, minute=15)
    register_panel(
        "reflection_testimonials",
        title=_("Testimonials from reflective sessions"),
        render=render_testimonials_panel,
        order=40,
    )
