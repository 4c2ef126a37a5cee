"""The jobs API."""

from ninja import Router

router = Router(tags=["jobs"])
