"""Pages: a person's own check-ins, questionnaires, trends and deletion
(``personal.py``), and the aggregate dashboard with its CSV (``dashboard.py``)."""

from .dashboard import aggregates, aggregates_csv
from .personal import (
    checkin,
    conditions,
    delete_all,
    home,
    instrument_result,
    instrument_take,
    instruments,
    mine,
    result,
)

__all__ = [
    "aggregates",
    "aggregates_csv",
    "checkin",
    "conditions",
    "delete_all",
    "home",
    "instrument_result",
    "instrument_take",
    "instruments",
    "mine",
    "result",
]
