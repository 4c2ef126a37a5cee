from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "practice_commons.core"
    verbose_name = "Core"
