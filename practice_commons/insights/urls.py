from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("networkers/", views.networkers, name="networkers"),
    path("networkers/refresh/", views.network_refresh, name="network_refresh"),
    path("communities/<slug:slug>/health/", views.health, name="health"),
    path("communities/<slug:slug>/health.csv", views.health_csv, name="health_csv"),
    path("communities/<slug:slug>/report/", views.report, name="report"),
    path("communities/<slug:slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("communities/<slug:slug>/stories/", views.stories, name="stories"),
    path("communities/<slug:slug>/stories/new/", views.story_new, name="story_new"),
    path(
        "communities/<slug:slug>/stories/<int:story_id>/edit/",
        views.story_edit,
        name="story_edit",
    ),
    path(
        "communities/<slug:slug>/stories/<int:story_id>/delete/",
        views.story_delete,
        name="story_delete",
    ),
    path(
        "communities/<slug:slug>/stories/<int:story_id>/hide/",
        views.story_hide,
        name="story_hide",
    ),
    path(
        "communities/<slug:slug>/stories/<int:story_id>/feature/",
        views.story_feature,
        name="story_feature",
    ),
]
