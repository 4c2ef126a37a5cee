"""The host's membership register pages (included by ``urls.py`` in the ``accounts``
namespace) and a person's membership claim."""

from django.urls import path

from .views import register as views

urlpatterns = [
    path("membership/register/", views.register, name="register"),
    path("membership/register/add/", views.register_grant, name="register_grant"),
    path("membership/register/import/", views.register_import, name="register_import"),
    path("membership/register/<int:record_id>/end/", views.register_end, name="register_end"),
    path("membership/claims/", views.register_claims, name="register_claims"),
    path(
        "membership/claims/<int:claim_id>/",
        views.register_claim_decide,
        name="register_claim_decide",
    ),
    path("profile/membership/claim/", views.membership_claim, name="membership_claim"),
]
