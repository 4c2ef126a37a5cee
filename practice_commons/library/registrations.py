"""What the library registers with the apps below it (run from ``AppConfig.ready()``):
a community-page panel, two scheduled jobs (link check, review-by reminders) and the
demo seeder (``seeding.py``, found by ``seed_demo``'s autodiscovery)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from practice_commons.communities.panels import register_panel
from practice_commons.notifications.scheduler import register_job

from . import selectors, tasks


def render_community_panel(request, community):
    return render_to_string(
        "library/includes/panel.html",
        {"community": community, "items": selectors.community_items(request.user, community)},
        request=request,
    )


def register() -> None:
    register_panel("library", title=_("From the library"), render=render_community_panel, order=25)
    register_job("library-link-check", tasks.check_links.enqueue, hour="3", minute="15")
    register_job(
        "library-review-reminders", tasks.send_review_reminders.enqueue, hour="7", minute="30"
    )
