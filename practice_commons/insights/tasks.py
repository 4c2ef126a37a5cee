"""Background jobs: thin, idempotent, calling services.

``compute_network`` runs nightly (registered with the scheduler in ``apps.py``) and
whenever a host admin asks for a fresh snapshot."""

from django_tasks import task

from . import services


@task()
def compute_network() -> int:
    return services.network_snapshot_compute().pk
