from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "practice_commons.library"
    verbose_name = "Library"

    def ready(self):
        # Registrations with lower apps (community page panel, scheduled jobs, seeder).
        from . import registrations, seeding  # noqa: F401

        registrations.register()
