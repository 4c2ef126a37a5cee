"""People with each regulator, and records made through the services."""

from decimal import Decimal

import pytest
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.cpd import services
from practice_commons.cpd.models import CpdRecord

REFLECTION = {
    "description": "A joint training day on recognising neglect, relevant to my duty work.",
    "what_learnt": "How health visitors weigh early signs differently from social workers.",
    "impact": "I will ask health colleagues for their view earlier in an assessment.",
}


@pytest.fixture
def social_worker(db):
    """A Social Work England registrant."""
    return UserFactory(full_name="Sam Social", regulator="swe")


@pytest.fixture
def make_record():
    """``make_record(user, **fields)``: a record through the service (a draft unless
    ``final=True``)."""

    def make(user, *, final=False, **fields) -> CpdRecord:
        data = {
            "title": "Joint training on neglect",
            "activity_type": "training",
            "date": timezone.localdate(),
            "hours": Decimal("3"),
            **(REFLECTION if final else {}),
            **fields,
        }
        record = services.record_create(actor=user, data=data)
        if final:
            record = services.record_finalise(actor=user, record=record)
        return record

    return make
