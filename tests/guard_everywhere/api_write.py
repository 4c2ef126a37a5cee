"""One API write as the guard tests make it (``tests/test_guard_everywhere.py``)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from .world import World


@dataclass(frozen=True)
class ApiWrite:
    """How to make a valid request to one write operation, and which of its string
    properties the guard reads (schema paths, as in ``API_EXEMPT``)."""

    user: str
    path: Callable[[World], dict] = lambda w: {}
    payload: Callable[[World], dict] = lambda w: {}
    guarded: tuple[str, ...] = ()
    # a path's length limit, where the service checks it before the guard
    max_length: dict[str, int] = field(default_factory=dict)
    # the finding's field name for a path, when it is not the property's own name
    finding_field: dict[str, str] = field(default_factory=dict)
    # for an upload: the files, sent with the payload as multipart/form-data
    files: Callable[[World], dict] | None = None
