"""As Spirit's project template: the forum at the root."""

import spirit.urls
from django.urls import include, path

urlpatterns = [path("", include(spirit.urls))]
