import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.utils import timezone

from practice_commons.core import bulk


def test_batched_is_lazy_and_keeps_the_remainder():
    drawn = []

    def source():
        for i in range(7):
            drawn.append(i)
            yield i

    batches = bulk.batched(source(), 3)
    assert next(batches) == [0, 1, 2]
    assert drawn == [0, 1, 2], "batched must not read ahead"
    assert list(batches) == [[3, 4, 5], [6]]


def test_batched_refuses_a_zero_size():
    with pytest.raises(ValueError):
        list(bulk.batched([1], 0))


@pytest.mark.django_db
def test_insert_rows_writes_every_row_in_batches_and_counts_them():
    rows = ((f"group {i}",) for i in range(7))

    assert bulk.insert_rows(Group, ["name"], rows, batch_size=3) == 7
    assert sorted(Group.objects.values_list("name", flat=True)) == [f"group {i}" for i in range(7)]


@pytest.mark.django_db
def test_insert_rows_adapts_datetimes_for_the_database():
    expires = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)

    bulk.insert_rows(
        Session,
        ["session_key", "session_data", "expire_date"],
        [("k1", "data", expires)],
        batch_size=10,
    )

    assert Session.objects.get(session_key="k1").expire_date == expires
