from django.urls import path

from .views.language import language_switch

app_name = "language"

urlpatterns = [path("language/", language_switch, name="switch")]
