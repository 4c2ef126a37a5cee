from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "practice_commons.api"
    verbose_name = "JSON API"
