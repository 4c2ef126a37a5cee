from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/record/", views.processing_record, name="processing_record"),
    path("healthz", views.healthz, name="healthz"),
    path("dev/mailbox/", views.dev_mailbox, name="dev_mailbox"),
    path("dev/mailbox/<str:key>/", views.dev_mailbox_message, name="dev_mailbox_message"),
]
