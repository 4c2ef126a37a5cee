"""The collaboration API."""

from ninja import Router

router = Router(tags=["collaboration"])
