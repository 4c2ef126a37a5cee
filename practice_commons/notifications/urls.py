from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("bell/", views.bell, name="bell"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("preferences/", views.preferences, name="preferences"),
    path("quiet-hours/", views.quiet_hours, name="quiet_hours"),
    path("push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("push/preferences/", views.push_preferences, name="push_preferences"),
    path("push/<int:pk>/remove/", views.push_remove, name="push_remove"),
    path("threads/mute/", views.thread_mute, name="thread_mute"),
    path("threads/unmute/", views.thread_unmute, name="thread_unmute"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletters/", views.newsletter_index, name="newsletters"),
    path("newsletters/<int:pk>/", views.newsletter_detail, name="newsletter_detail"),
    path("newsletters/<int:pk>/edit/", views.newsletter_edit, name="newsletter_edit"),
    path("newsletters/<int:pk>/send/", views.newsletter_send, name="newsletter_send"),
    path(
        "newsletters/<slug:scope_kind>/<int:scope_id>/",
        views.newsletter_archive,
        name="newsletter_archive",
    ),
    path(
        "newsletters/<slug:scope_kind>/<int:scope_id>/new/",
        views.newsletter_compose,
        name="newsletter_compose",
    ),
]
