"""The organisation admin's "Embed on your website" page (mounted in config/urls.py)."""

from django.urls import path

from .views.embeds import organisation_embed

app_name = "organisation_embed"

urlpatterns = [
    path("organisations/<slug:slug>/embed/", organisation_embed, name="settings"),
]
