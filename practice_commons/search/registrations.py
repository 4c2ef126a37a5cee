"""What search registers with lower apps (run from ``AppConfig.ready()``): the catch-up
job with the scheduler."""

from practice_commons.notifications.scheduler import register_job

from . import tasks


def register() -> None:
    register_job("search-catch-up", tasks.catch_up.enqueue, minute="*/10")
    # Counters changed by ``update()`` (endorsements) are refreshed nightly.
    register_job("search-rebuild", tasks.rebuild_index.enqueue, hour="3", minute="45")
