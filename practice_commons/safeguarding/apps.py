from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "practice_commons.safeguarding"
    verbose_name = "Safeguarding"

    def ready(self):
        from .reportables import register_defaults

        register_defaults()
