from django.urls import path

from . import pwa, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/record/", views.processing_record, name="processing_record"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("icons/icon-<int:size>.png", pwa.icon, name="pwa_icon"),
    path("icons/maskable-<int:size>.png", pwa.icon_maskable, name="pwa_icon_maskable"),
    path("offline/", pwa.offline, name="offline"),
    path("healthz", views.healthz, name="healthz"),
    path("dev/mailbox/", views.dev_mailbox, name="dev_mailbox"),
    path("dev/mailbox/<str:key>/", views.dev_mailbox_message, name="dev_mailbox_message"),
]
