from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "practice_commons.insights"
    verbose_name = "Insights"

    def ready(self):
        from . import registrations

        registrations.register()
