"""Every write of the wellbeing app (see the README's public surface)."""

from .answers import (
    answers_delete_all,
    checkin_submit,
    conditions_submit,
    group_ids_for,
    group_ids_of,
    instrument_submit,
    record,
)
from .releases import release_build, releases_ensure, releases_reset

__all__ = [
    "answers_delete_all",
    "checkin_submit",
    "conditions_submit",
    "group_ids_for",
    "group_ids_of",
    "instrument_submit",
    "record",
    "release_build",
    "releases_ensure",
    "releases_reset",
]
