from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from practice_commons.api.api import api

admin.site.site_header = "Practice Commons administration"
admin.site.site_title = "Practice Commons admin"

urlpatterns = [
    path("", include("practice_commons.core.urls")),
    path("", include("practice_commons.accounts.urls")),
    path("account/", include("allauth.urls")),
    path("api/", include("practice_commons.api.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
