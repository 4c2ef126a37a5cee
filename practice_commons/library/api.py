"""``/api/v1/...``: the library API."""

from ninja import Router

router = Router(tags=["library"])
