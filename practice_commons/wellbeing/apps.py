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

        # No foreign key ties answers to a person, so deleting an account deletes them here.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from .handlers import delete_answers_of_deleted_user

        pre_delete.connect(
            delete_answers_of_deleted_user,
            sender=get_user_model(),
            dispatch_uid="wellbeing.delete_answers_of_deleted_user",
        )
