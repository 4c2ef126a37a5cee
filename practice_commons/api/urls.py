from django.urls import path

from . import views
from .webhooks import views as webhook_views

app_name = "api"

urlpatterns = [
    path("reference/", views.reference, name="reference"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("organisations/<slug:slug>/webhooks/", webhook_views.webhooks, name="webhooks"),
    path(
        "organisations/<slug:slug>/webhooks/<int:endpoint_id>/",
        webhook_views.webhook_detail,
        name="webhook_detail",
    ),
    path(
        "organisations/<slug:slug>/webhooks/<int:endpoint_id>/active/",
        webhook_views.webhook_active,
        name="webhook_active",
    ),
    path(
        "organisations/<slug:slug>/webhooks/<int:endpoint_id>/delete/",
        webhook_views.webhook_delete,
        name="webhook_delete",
    ),
    path(
        "organisations/<slug:slug>/webhooks/<int:endpoint_id>/deliveries/<uuid:delivery_id>/replay/",
        webhook_views.webhook_replay,
        name="webhook_replay",
    ),
]
