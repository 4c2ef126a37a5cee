from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "practice_commons.api"
    verbose_name = "JSON API"

    def ready(self):
        # Wires between apps of one layer that never import each other (see wiring.py).
        from . import wiring

        wiring.connect()
        # Communities as wellbeing groups: wellbeing may not import communities.
        from .wellbeing_groups import register

        register()
        # Organisation webhooks: handlers of collaboration's and events' signals, and the
        # retry sweep every minute.
        from practice_commons.notifications.scheduler import register_job

        from . import tasks
        from .webhooks import handlers

        handlers.connect()
        register_job("webhook-retries", tasks.retry_due_webhooks.enqueue, minute="*")
        register_job(
            "retention-webhook-deliveries",
            tasks.purge_old_webhook_deliveries.enqueue,
            hour=1,
            minute=50,
        )
