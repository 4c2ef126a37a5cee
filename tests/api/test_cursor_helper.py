"""The keyset cursor every API list pages with (core/api_cursor.py; here, not under core,
because it pages a real model of a higher app): every row exactly once in the queryset's
order (ascending, descending, ties, NULLs, datetimes), one query a page, and a refused
cursor when it is malformed, tampered with or from another list or filter."""

import base64
import datetime as dt
import json

import pytest
from django.core import signing
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from ninja.errors import HttpError

from practice_commons.accounts.tests.factories import OrganisationFactory, ProfessionFactory
from practice_commons.core.api_cursor import SALT, seek_page
from practice_commons.jobs.models import Job

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=123456)


@pytest.fixture
def make_job(db):
    organisation, profession = OrganisationFactory(), ProfessionFactory()

    def make(**fields):
        base = {
            "title": "Job",
            "organisation": organisation,
            "profession": profession,
            "location": "Leeds",
            "contract_type": "permanent",
            "closes_on": dt.date(2030, 1, 1),
            "description": "A job.",
            "created_at": NOW,
        }
        return Job.objects.create(**{**base, **fields})

    return make


def walk(queryset, limit, scope="test", bind=None, between=None):
    """Every page's pks, following ``next`` to the end; ``between(page_number)`` runs
    after each page (to insert rows mid-walk)."""
    pages, cursor = [], ""
    while True:
        page = seek_page(queryset, cursor=cursor, limit=limit, scope=scope, bind=bind)
        pages.append([row.pk for row in page.items])
        if between:
            between(len(pages))
        if page.next is None:
            return pages
        cursor = page.next


def flat(pages):
    return [pk for page in pages for pk in page]


def test_ascending_with_ties_covers_every_row_once_in_order(make_job):
    for i in range(7):
        make_job(title=f"T{i % 2}")  # ties on title: the pk breaks them
    qs = Job.objects.order_by("title")
    pages = walk(qs, limit=3)
    assert flat(pages) == list(qs.order_by("title", "pk").values_list("pk", flat=True))
    assert [len(p) for p in pages] == [3, 3, 1]


def test_descending_datetimes_keep_microseconds(make_job):
    for i in range(5):
        make_job(created_at=NOW - dt.timedelta(microseconds=i))
    make_job(created_at=NOW)  # a tie with the first
    qs = Job.objects.order_by("-created_at")
    expected = list(qs.order_by("-created_at", "pk").values_list("pk", flat=True))
    assert flat(walk(qs, limit=2)) == expected


def test_descending_pk_and_dates(make_job):
    for i in range(5):
        make_job(closes_on=dt.date(2030, 1, 1 + i % 2))
    qs = Job.objects.order_by("-closes_on", "-pk")
    assert flat(walk(qs, limit=2)) == list(qs.values_list("pk", flat=True))


@pytest.mark.parametrize("ordering", ["salary_min", "-salary_min"])
def test_nulls_sort_as_the_largest_value(make_job, ordering):
    for salary in [None, 30000, None, 20000, 30000, None]:
        make_job(salary_min=salary)
    pages = walk(Job.objects.order_by(ordering), limit=2)
    salaries = [Job.objects.get(pk=pk).salary_min for pk in flat(pages)]
    if ordering.startswith("-"):
        assert salaries == [None, None, None, 30000, 30000, 20000]
    else:
        assert salaries == [20000, 30000, 30000, None, None, None]
    assert sorted(flat(pages)) == sorted(Job.objects.values_list("pk", flat=True))


def test_explicit_nulls_first_is_respected(make_job):
    for salary in [None, 30000, 20000, None]:
        make_job(salary_min=salary)
    qs = Job.objects.order_by(F("salary_min").asc(nulls_first=True))
    salaries = [Job.objects.get(pk=pk).salary_min for pk in flat(walk(qs, limit=1))]
    assert salaries == [None, None, 20000, 30000]


def test_rows_inserted_between_pages_never_repeat_or_go_missing(make_job):
    for i in range(6):
        make_job(closes_on=dt.date(2030, 1, 10 + i))
    inserted = []

    def insert(page_number):
        # one before the walk's position (never seen) and one after it (seen once)
        inserted.append(make_job(closes_on=dt.date(2030, 1, 1)).pk)
        inserted.append(make_job(closes_on=dt.date(2030, 2, 1)).pk)

    pages = walk(Job.objects.order_by("closes_on"), limit=2, between=insert)
    seen = flat(pages)
    assert len(seen) == len(set(seen))
    original = set(Job.objects.exclude(pk__in=inserted).values_list("pk", flat=True))
    assert original <= set(seen)
    late = set(Job.objects.filter(closes_on=dt.date(2030, 2, 1)).values_list("pk", flat=True))
    assert late - {inserted[-1]} <= set(seen)  # the last was inserted after the last page


def test_last_page_has_no_next_and_an_exact_fit_has_no_empty_page(make_job):
    for _ in range(4):
        make_job()
    assert [len(p) for p in walk(Job.objects.order_by("pk"), limit=2)] == [2, 2]
    assert walk(Job.objects.none().order_by("pk"), limit=2) == [[]]


def test_one_query_a_page(make_job):
    for _ in range(5):
        make_job()
    qs = Job.objects.select_related("organisation").order_by("-created_at")
    first = seek_page(qs, cursor="", limit=2, scope="test")
    with CaptureQueriesContext(connection) as ctx:
        seek_page(qs, cursor=first.next, limit=2, scope="test")
    assert len(ctx.captured_queries) == 1


def test_deprecated_offset_still_pages_and_gives_a_next(make_job):
    jobs = [make_job().pk for _ in range(5)]
    page = seek_page(Job.objects.order_by("pk"), cursor="", limit=2, scope="t", offset=2)
    assert [j.pk for j in page.items] == jobs[2:4]
    rest = seek_page(Job.objects.order_by("pk"), cursor=page.next, limit=2, scope="t")
    assert [j.pk for j in rest.items] == jobs[4:]
    with pytest.raises(HttpError) as refused:
        seek_page(Job.objects.order_by("pk"), cursor=page.next, limit=2, scope="t", offset=2)
    assert refused.value.status_code == 400


def _next(make_job, **kwargs):
    for _ in range(3):
        make_job()
    return seek_page(Job.objects.order_by("pk"), cursor="", limit=1, **kwargs).next


@pytest.mark.parametrize("cursor", ["garbage", "x" * 40, "e30:abc", ":"])
def test_malformed_cursor_is_a_400(make_job, cursor):
    with pytest.raises(HttpError) as refused:
        seek_page(Job.objects.order_by("pk"), cursor=cursor, limit=2, scope="test")
    assert refused.value.status_code == 400
    assert "cursor" in str(refused.value)


def test_tampered_cursor_is_a_400(make_job):
    cursor = _next(make_job, scope="test")
    payload, signature = cursor.rsplit(":", 1)
    forged = base64.urlsafe_b64encode(json.dumps({"b": "x", "v": [0]}).encode()).decode()
    for bad in [f"{forged}:{signature}", cursor[:-2] + "AA", cursor + "A"]:
        with pytest.raises(HttpError) as refused:
            seek_page(Job.objects.order_by("pk"), cursor=bad, limit=2, scope="test")
        assert refused.value.status_code == 400


def test_signed_but_wrong_shape_is_a_400(make_job):
    for payload in [{"v": [1]}, {"b": "x", "v": [["nope", "1"]]}, {"b": "x", "v": [["dt", "?"]]}]:
        bad = signing.dumps(payload, salt=SALT + "test")
        with pytest.raises(HttpError) as refused:
            seek_page(Job.objects.order_by("pk"), cursor=bad, limit=2, scope="test")
        assert refused.value.status_code == 400


def test_cursor_from_another_list_filter_or_person_is_refused(make_job):
    cursor = _next(make_job, scope="jobs", bind={"q": "leeds", "user": 1})
    qs = Job.objects.order_by("pk")
    for scope, bind in [
        ("events", {"q": "leeds", "user": 1}),
        ("jobs", {"q": "york", "user": 1}),
        ("jobs", {"q": "leeds", "user": 2}),
    ]:
        with pytest.raises(HttpError) as refused:
            seek_page(qs, cursor=cursor, limit=2, scope=scope, bind=bind)
        assert refused.value.status_code == 400
    ok = seek_page(qs, cursor=cursor, limit=2, scope="jobs", bind={"q": "leeds", "user": 1})
    assert len(ok.items) == 2


def test_cursor_for_another_ordering_is_refused(make_job):
    cursor = _next(make_job, scope="test")  # one key: pk
    with pytest.raises(HttpError):
        seek_page(Job.objects.order_by("title"), cursor=cursor, limit=2, scope="test")


def test_random_or_expression_ordering_is_a_programming_error(make_job):
    with pytest.raises(TypeError):
        seek_page(Job.objects.order_by("?"), cursor="", limit=2, scope="test")


def test_seek_list_pages_a_list_in_memory_with_ties_and_descending_keys():
    from practice_commons.core.api_cursor import seek_list

    rows = [(dt.date(2030, 1, 1 + i % 3), f"id{i}") for i in range(7)]
    pages, cursor = [], ""
    while True:
        page = seek_list(
            rows,
            key=lambda r: r,
            descending=(True, False),
            cursor=cursor,
            limit=3,
            scope="mem",
            bind={"user": 1},
        )
        pages.append(page.items)
        if page.next is None:
            break
        cursor = page.next
    assert [r for p in pages for r in p] == sorted(rows, key=lambda r: (-r[0].toordinal(), r[1]))
    with pytest.raises(HttpError):
        seek_list(
            rows,
            key=lambda r: r,
            descending=(True, False),
            cursor=cursor,
            limit=3,
            scope="mem",
            bind={"user": 2},
        )
