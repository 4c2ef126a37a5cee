from django.urls import path

from . import views
from .feeds import JobsFeed

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("feed.atom", JobsFeed(), name="feed"),
    path("manage/", views.job_manage, name="manage"),
    path("new/", views.job_new, name="new"),
    path("<int:job_id>/", views.job_detail, name="detail"),
    path("<int:job_id>/edit/", views.job_edit, name="edit"),
    path("<int:job_id>/withdraw/", views.job_withdraw, name="withdraw"),
]
