from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from practice_commons.api.api import api
from practice_commons.api.feeds import community_feed

admin.site.site_header = "Practice Commons administration"
admin.site.site_title = "Practice Commons admin"

urlpatterns = [
    path("", include("practice_commons.core.urls")),
    path("", include("practice_commons.accounts.urls")),
    path("", include("practice_commons.accounts.language_urls")),
    path("account/", include("allauth.urls")),
    path("notifications/", include("practice_commons.notifications.urls")),
    path("safeguarding/", include("practice_commons.safeguarding.urls")),
    # Threads live under their community; this include must come before the communities one.
    path(
        "communities/<slug:community_slug>/threads/", include("practice_commons.discussions.urls")
    ),
    # The community's Atom feed joins discussions and the library (api/feeds.py).
    path("communities/<slug:slug>/feed.atom", community_feed, name="community_feed"),
    path("communities/", include("practice_commons.communities.urls")),
    path("messages/", include("practice_commons.discussions.urls_messages")),
    path("events/", include("practice_commons.events.urls")),
    path("reflection/", include("practice_commons.reflection.urls")),
    path("cpd/", include("practice_commons.cpd.urls")),
    path("library/", include("practice_commons.library.urls")),
    path("wellbeing/", include("practice_commons.wellbeing.urls")),
    path("collaboration/", include("practice_commons.collaboration.urls")),
    path("jobs/", include("practice_commons.jobs.urls")),
    path("search/", include("practice_commons.search.urls")),
    path("insights/", include("practice_commons.insights.urls")),
    path("", include("practice_commons.accounts.embed_urls")),
    path("embed/", include("practice_commons.api.embed_urls")),
    path("api/", include("practice_commons.api.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "practice_commons.core.error_views.permission_denied"
handler404 = "practice_commons.core.error_views.page_not_found"
handler500 = "practice_commons.core.error_views.server_error"
