from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "practice_commons.collaboration"
    verbose_name = "Collaboration"

    def ready(self):
        from practice_commons.notifications.scheduler import register_job

        from . import seeding, tasks  # noqa: F401 - registers the seeder

        register_job(
            "collaboration-agreements-activate",
            tasks.activate_due_agreements.enqueue,
            hour=6,
            minute=30,
        )
        register_job(
            "collaboration-agreement-reminders",
            tasks.send_agreement_reminders.enqueue,
            hour=8,
            minute=15,
        )
