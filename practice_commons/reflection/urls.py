from django.urls import path

from . import views

app_name = "reflection"

urlpatterns = [
    path("", views.my_sessions, name="mine"),
    path("notes/", views.my_notes, name="my_notes"),
    path("notes/export.txt", views.notes_export, name="notes_export"),
    path("notes/<int:note_pk>/delete/", views.note_delete, name="note_delete"),
    path("communities/<slug:slug>/", views.community_sessions, name="community"),
    path("communities/<slug:slug>/new/", views.schedule, name="schedule"),
    path("communities/<slug:slug>/insights/", views.insights, name="insights"),
    path("communities/<slug:slug>/insights.csv", views.insights_csv, name="insights_csv"),
    path("sessions/<int:pk>/", views.detail, name="detail"),
    path("sessions/<int:pk>/edit/", views.edit, name="edit"),
    path("sessions/<int:pk>/book/", views.book, name="book"),
    path("sessions/<int:pk>/cancel-booking/", views.cancel_booking, name="cancel_booking"),
    path("sessions/<int:pk>/rules/", views.rules, name="rules"),
    path("sessions/<int:pk>/presenter/", views.presenter, name="presenter"),
    path("sessions/<int:pk>/issue/", views.issue, name="issue"),
    path("sessions/<int:pk>/open/", views.open_session, name="open"),
    path("sessions/<int:pk>/live/", views.live, name="live"),
    path("sessions/<int:pk>/join/", views.join, name="join"),
    path("sessions/<int:pk>/leave/", views.leave, name="leave"),
    path("sessions/<int:pk>/control/", views.control, name="control"),
    path("sessions/<int:pk>/notes/", views.note_add, name="note_add"),
    path("sessions/<int:pk>/summary/", views.summary, name="summary"),
    path("sessions/<int:pk>/actions/", views.action_add, name="action_add"),
    path(
        "sessions/<int:pk>/actions/<int:action_pk>/delete/",
        views.action_delete,
        name="action_delete",
    ),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/feedback/", views.feedback, name="feedback"),
]
