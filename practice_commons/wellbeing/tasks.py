"""Background jobs: freezing the figures of closed quarters (idempotent)."""

from django_tasks import task

from . import services


@task()
def build_releases() -> int:
    return services.releases_ensure()


def enqueue_releases():
    build_releases.enqueue()
