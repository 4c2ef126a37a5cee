"""Query budgets of the list pages and API lists, at two data sizes: the count must
not grow with the number of answers or respondents."""

import pytest
from django.urls import reverse

from practice_commons.wellbeing import services

from .conftest import AUGUST, JULY, Q2_DAY, answer, staff

pytestmark = pytest.mark.django_db


def _answers(people, per_person):
    for person in people:
        for i in range(per_person):
            answer(person, [Q2_DAY, JULY, AUGUST][i % 3], feeling=1 + i % 5)


@pytest.mark.parametrize("size", [1, 6])
def test_personal_pages_and_api_list(
    client_for, api_client_for, org, size, django_assert_max_num_queries
):
    person = staff(org, 1)[0]
    _answers([person], size * 5)
    for _ in range(size):
        services.checkin_submit(actor=person, feeling=3, workload=3, support=3)
    client = client_for(person)
    api = api_client_for(person)
    for url in (reverse("wellbeing:mine"), reverse("wellbeing:home"), reverse("wellbeing:delete")):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/wellbeing/checkins").status_code == 200


@pytest.mark.parametrize("people", [12, 40])
def test_figures_page_csv_and_api(
    client_for, api_client_for, org, admin_of, host, people, django_assert_max_num_queries
):
    _answers(staff(org, people, team="duty"), 3)
    client = client_for(admin_of)
    api = api_client_for(host)
    # the first read builds the frozen releases; the budgets are for every read after
    api.get("/api/v1/wellbeing/aggregates?group=organisation")
    # The page's figures and its "what is changing" share one reading of the quarters
    # (a month view reads the quarters again for the changes).
    with django_assert_max_num_queries(10):
        page = client.get(reverse("wellbeing:aggregates"), {"group": "organisation"})
        assert page.status_code == 200
    with django_assert_max_num_queries(15):
        page = client.get(
            reverse("wellbeing:aggregates"), {"group": "organisation", "period": "month"}
        )
        assert page.status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("wellbeing:aggregates_csv")).status_code == 200
    for group in ("organisation", "profession", "nation"):
        with django_assert_max_num_queries(10):
            response = api.get(f"/api/v1/wellbeing/aggregates?group={group}&period=month")
            assert response.status_code == 200
