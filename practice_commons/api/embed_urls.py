"""Embeds at ``/embed/organisations/<slug>/...`` (DESIGN.md, integrations)."""

from django.urls import path

from . import embeds

app_name = "embed"

urlpatterns = [
    path("organisations/<slug:slug>/events/", embeds.events, name="events"),
    path("organisations/<slug:slug>/jobs/", embeds.jobs, name="jobs"),
    path(
        "organisations/<slug:slug>/practice-examples/",
        embeds.practice_examples,
        name="practice_examples",
    ),
]
