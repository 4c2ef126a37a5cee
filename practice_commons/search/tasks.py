"""Background jobs of the index: thin, idempotent."""

from django_tasks import task

from . import indexing


@task()
def catch_up() -> int:
    """Write again the rows whose own timestamps moved in the last 15 minutes."""
    return indexing.reindex_recent()


@task()
def rebuild_index() -> int:
    return indexing.rebuild()
