from django.urls import path

from . import views

urlpatterns = [
    path("bare/", views.bare),
    path("threads/<int:pk>/", views.thread),
]
