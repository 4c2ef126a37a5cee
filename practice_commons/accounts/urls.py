from django.urls import include, path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/delete/", views.account_erase, name="account_erase"),
    path("account-deleted/", views.account_erased, name="account_erased"),
    path("profile/data/", views.personal_data_request, name="personal_data_request"),
    path(
        "profile/data/<int:export_id>/download/",
        views.personal_data_download,
        name="personal_data_download",
    ),
    path("", include("practice_commons.accounts.register_urls")),
    path("", include("practice_commons.accounts.audit_urls")),
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
    path(
        "organisations/<slug:slug>/people/two-factor/",
        views.organisation_mfa_requirement,
        name="organisation_mfa_requirement",
    ),
    # Verified affiliation: the emailed link, decisions, verified domains, onboarding.
    path("profile/affiliation/resend/", views.affiliation_resend, name="affiliation_resend"),
    path(
        "affiliations/confirm/<str:token>/", views.affiliation_confirm, name="affiliation_confirm"
    ),
    path("affiliation-requests/", views.host_requests, name="host_requests"),
    path(
        "affiliation-requests/<int:request_id>/approve/",
        views.affiliation_approve,
        name="affiliation_approve",
    ),
    path(
        "affiliation-requests/<int:request_id>/decline/",
        views.affiliation_decline,
        name="affiliation_decline",
    ),
    path(
        "organisations/<slug:slug>/affiliation-requests/",
        views.organisation_requests,
        name="organisation_requests",
    ),
    path(
        "organisations/<slug:slug>/domains/",
        views.organisation_domains,
        name="organisation_domains",
    ),
    path(
        "organisations/<slug:slug>/domains/<int:domain_id>/remove/",
        views.organisation_domain_remove,
        name="organisation_domain_remove",
    ),
    path("organisations/<slug:slug>/onboarding/", views.onboarding_home, name="onboarding_home"),
    path(
        "organisations/<slug:slug>/onboarding/<int:import_id>/",
        views.onboarding_status,
        name="onboarding_status",
    ),
    path(
        "organisations/<slug:slug>/onboarding/<int:import_id>/confirm/",
        views.onboarding_confirm,
        name="onboarding_confirm",
    ),
    path("onboarding/join/<str:token>/", views.onboarding_join, name="onboarding_join"),
]
