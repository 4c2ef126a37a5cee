"""``/api/v1/...``: the wellbeing API."""

from ninja import Router

router = Router(tags=["wellbeing"])
