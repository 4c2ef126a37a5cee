"""Keeping the garbage collector's full passes short in a long-running worker.

Python's collector walks every object it tracks on each full pass. A worker's first
requests load objects it keeps for good (URL patterns, compiled templates, translation
catalogues, the confidentiality guard's lists): some 300,000 of them, so each full pass
took about 180 ms, and every fortieth request or so waited for one (the events page's
99th percentile was 3.9× its median, measured in-process at the large demo scale).

``freeze_after_requests`` moves what is alive after a worker's 1st, 10th, 100th and
1,000th request into the permanent generation (``gc.freeze``), once each, after a
collection so no garbage is frozen with it and once the response has been sent. Later
full passes walk only what requests make: the events page's 99th percentile fell to
1.3× its median. Objects frozen are still freed when nothing refers to them; only a
cycle among them that later becomes garbage stays (the objects frozen are the ones a
worker keeps until it exits).
"""

import gc
import itertools
import threading

from django.core.signals import request_finished

FREEZE_AFTER = frozenset({1, 10, 100, 1000})

_served = itertools.count(1)
_lock = threading.Lock()


def _freeze_if_due(sender, **kwargs) -> None:
    with _lock:
        served = next(_served)
    if served in FREEZE_AFTER:
        gc.collect()
        gc.freeze()


def freeze_after_requests() -> None:
    """Freeze the long-lived objects after this process's first requests (see above).
    For the server's entry point (``config.wsgi``), not for tests or commands."""
    request_finished.connect(_freeze_if_due, dispatch_uid="core.collector.freeze")
