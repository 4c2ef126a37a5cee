"""What insights registers with lower apps (run from ``AppConfig.ready()``): the nightly
network job and a community-page panel linking to the community's stories."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from practice_commons.communities.panels import register_panel
from practice_commons.notifications.scheduler import register_job

from . import tasks


def render_stories_panel(request, community):
    """A link to the stories page; no query, so the community page costs nothing more."""
    return render_to_string(
        "insights/includes/panel.html", {"community": community}, request=request
    )


def register() -> None:
    # The interaction network is recomputed each night (a few minutes at the large
    # demo scale); pages read the newest snapshot.
    register_job("insights-network", tasks.compute_network.enqueue, hour=3, minute=30)
    register_panel(
        "insights_stories",
        title=_("Value-creation stories"),
        render=render_stories_panel,
        order=60,
    )
