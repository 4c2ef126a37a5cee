from django.urls import path

from . import views

app_name = "cpd"

urlpatterns = [
    path("", views.record_list, name="list"),
]
