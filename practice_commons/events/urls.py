from django.urls import path

from . import views
from .feeds import EventsFeed

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("feed.atom", EventsFeed(), name="atom_feed"),
    path("calendar/<int:year>/<int:month>/", views.month, name="month"),
    path("new/", views.create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("mine/calendar-feed/new/", views.feed_regenerate, name="feed_regenerate"),
    path("mine/calendar-feed/off/", views.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("invitations/yours/<int:invitation_id>/", views.your_invitation, name="your_invitation"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("series/new/", views.series_create, name="series_create"),
    path("series/<int:pk>/", views.series_detail, name="series_detail"),
    path("series/<int:pk>/edit/", views.series_edit, name="series_edit"),
    path("series/<int:pk>/register/", views.series_register, name="series_register"),
    path("series/<int:pk>/publish/", views.series_publish, name="series_publish"),
    path("series/<int:pk>/skip/<int:event_pk>/", views.series_skip, name="series_skip"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/unregister/", views.unregister, name="unregister"),
    path("<int:pk>/confirm-place/", views.confirm_place, name="confirm_place"),
    path("<int:pk>/registrations/", views.registrations, name="registrations"),
    path("<int:pk>/registrations.csv", views.registrations_csv, name="registrations_csv"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/check-in/<str:code>/", views.check_in, name="check_in_code"),
    path("<int:pk>/ticket/", views.ticket, name="ticket"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path(
        "<int:pk>/invitations/<int:invitation_id>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<int:pk>/invitations/<int:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/certificate.pdf", views.certificate, name="certificate"),
]
