from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "practice_commons.insights"
    verbose_name = "Insights"

    def ready(self):
        from practice_commons.notifications.scheduler import register_job

        from . import tasks

        # The interaction network is recomputed each night (a few minutes at the large
        # demo scale); pages read the newest snapshot.
        register_job("insights-network", tasks.compute_network.enqueue, hour=3, minute=30)
