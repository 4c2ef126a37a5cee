"""Background jobs: thin, idempotent, calling services.

``purge_reflection_material`` is periodic: run it daily (``manage.py
purge_reflection_material`` from cron, or enqueue this task from the scheduler)."""

from django_tasks import task

from . import services


@task()
def purge_reflection_material() -> int:
    return services.material_purge_due()
