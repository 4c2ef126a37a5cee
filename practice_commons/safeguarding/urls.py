from django.urls import path

from . import views

app_name = "safeguarding"

urlpatterns = [
    path("report/<int:content_type_id>/<int:object_id>/", views.report, name="report"),
    path("reports/<int:pk>/sent/", views.report_sent, name="report_sent"),
    path("my-reports/", views.my_reports, name="my_reports"),
    path("queue/", views.queue, name="queue"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("organisations/<slug:slug>/leads/", views.organisation_leads, name="organisation_leads"),
    path("leads/<int:pk>/remove/", views.lead_remove, name="lead_remove"),
]
