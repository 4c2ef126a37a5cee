from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "practice_commons.communities"
    verbose_name = "Communities of practice"

    def ready(self):
        from . import registrations

        registrations.register()
