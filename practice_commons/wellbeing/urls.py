from django.urls import path

from . import views

app_name = "wellbeing"

urlpatterns = [
    path("", views.home, name="home"),
    path("check-in/", views.checkin, name="checkin"),
    path("working-conditions/", views.conditions, name="conditions"),
    path("answers/<slug:token>/", views.result, name="result"),
    path("questionnaires/", views.instruments, name="instruments"),
    path("questionnaires/<slug:slug>/", views.instrument_take, name="instrument_take"),
    path(
        "questionnaires/<slug:slug>/results/<slug:token>/",
        views.instrument_result,
        name="instrument_result",
    ),
    path("mine/", views.mine, name="mine"),
    path("delete/", views.delete_all, name="delete"),
    path("aggregates/", views.aggregates, name="aggregates"),
    path("aggregates.csv", views.aggregates_csv, name="aggregates_csv"),
]
