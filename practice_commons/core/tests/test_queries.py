"""``core.queries.rows_of_either``: either side's rows, each once, in the given order."""

import pytest
from django.contrib.contenttypes.models import ContentType

from practice_commons.core.queries import rows_of_either

pytestmark = pytest.mark.django_db


def test_rows_of_either_side_come_once_in_order_in_one_query(django_assert_num_queries):
    auth = ContentType.objects.filter(app_label="auth")
    users = ContentType.objects.filter(model__in=["user", "group"])
    with django_assert_num_queries(1):
        rows = rows_of_either(auth, users, order_by=("-app_label", "model"))
    expected = ContentType.objects.filter(pk__in=auth.union(users).values("pk")).order_by(
        "-app_label", "model"
    )
    assert [r.pk for r in rows] == [r.pk for r in expected]
    assert len({r.pk for r in rows}) == len(rows)
    assert auth.filter(model="group").exists()  # in both sides, so the case is exercised
