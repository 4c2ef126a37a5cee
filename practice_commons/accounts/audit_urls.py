"""The audit trail's pages for host admins (included by ``urls.py`` in the ``accounts``
namespace)."""

from django.urls import path

from .views import audit as views

urlpatterns = [
    path("audit/", views.audit_trail, name="audit"),
    path("audit/export.csv", views.audit_trail_csv, name="audit_export"),
]
