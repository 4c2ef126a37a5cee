from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "practice_commons.discussions"
    verbose_name = "Discussions"

    def ready(self):
        # Registrations with lower apps (community page panels, notification digest
        # sections, reportable models, demo seeder) live in one module.
        from . import registrations  # noqa: F401
