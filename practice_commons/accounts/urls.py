from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path(
        "organisations/<slug:slug>/people/", views.organisation_people, name="organisation_people"
    ),
    path(
        "organisations/<slug:slug>/people/<int:membership_id>/role/",
        views.organisation_set_role,
        name="organisation_set_role",
    ),
    path(
        "organisations/<slug:slug>/people/<int:membership_id>/remove/",
        views.organisation_remove_person,
        name="organisation_remove_person",
    ),
]
