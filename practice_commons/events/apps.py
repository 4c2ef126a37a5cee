from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "practice_commons.events"
    verbose_name = "Events and joint training"

    def ready(self):
        # Registrations with lower apps (community page panel, digest section,
        # reportable Event) live in one module.
        from . import registrations

        registrations.register()
