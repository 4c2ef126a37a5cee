"""The insights API."""

from ninja import Router

router = Router(tags=["insights"])
