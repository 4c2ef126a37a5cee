"""The search API."""

from ninja import Router

router = Router(tags=["search"])
