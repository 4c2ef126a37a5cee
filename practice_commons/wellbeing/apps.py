from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "practice_commons.wellbeing"
    verbose_name = "Wellbeing"

    def ready(self):
        # Figures of a quarter are frozen the night after it closes, so the first
        # reader does not wait for them (the pages also build any missing one).
        from practice_commons.notifications.scheduler import register_job

        from .tasks import enqueue_releases

        register_job("wellbeing-releases", enqueue_releases, hour=2, minute=30)
