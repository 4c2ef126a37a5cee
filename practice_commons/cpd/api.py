"""``/api/v1/cpd``: the signed-in person's CPD records and progress."""

from ninja import Router

router = Router(tags=["cpd"])
