"""Differencing attacks, tried for real: each test reads only what the API (or the CSV)
returns to someone allowed to see it, works out a hidden group's figures by subtraction
the way an attacker would, and must fail, or learn only about 10 or more people.

The attacker's tool: from a total and the parts they can see, the people left over and
the sum of their values. The suppression is safe when that is impossible (a needed cell
is hidden) or the left-over group has at least K people."""

import csv
import io

import pytest
from django.urls import reverse
from freezegun import freeze_time

from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
from practice_commons.wellbeing import services
from practice_commons.wellbeing.suppression import K

from .conftest import AUGUST, JULY, SEPTEMBER, answer, staff

pytestmark = pytest.mark.django_db


def cells(client, **params):
    response = client.get("/api/v1/wellbeing/aggregates", params)
    assert response.status_code == 200, response.content
    return response.json()["cells"]


def by_group(rows, period=None):
    return {c["group"]: c for c in rows if period is None or c["period"] == period}


def left_over(total, parts):
    """(people, sum of values) of ``total`` not in ``parts``; ``None`` if any is hidden."""
    if total is None or total["suppressed"] or any(p["suppressed"] for p in parts):
        return None
    n = total["n"] - sum(p["n"] for p in parts)
    value = total["n"] * total["mean"] - sum(p["n"] * p["mean"] for p in parts)
    return n, value


def assert_safe(derived, hidden_people):
    """Either nothing could be worked out, or it is about K or more people (never the
    hidden group on its own)."""
    if derived is not None:
        n, _value = derived
        assert n == 0 or n >= K, f"{n} people isolated (hidden group: {hidden_people})"


@pytest.fixture
def leeds_q3(org):
    """Leeds: 20 social workers (feeling 4) and 3 occupational therapists (feeling 1)
    answered in July."""
    social_workers = staff(org, 20, profession="social-worker", team="duty")
    ots = staff(org, 3, profession="occupational-therapist", team="duty")
    for person in social_workers:
        answer(person, JULY, feeling=4)
    for person in ots:
        answer(person, JULY, feeling=1)
    return social_workers, ots


def test_across_groups_total_minus_the_other_cells(api_client_for, admin_of, leeds_q3):
    rows = by_group(
        cells(api_client_for(admin_of), group="organisation", key="leeds", period="quarter"),
        "2026-Q3",
    )
    total = rows["organisation:leeds"]
    sw = rows["organisation:leeds/profession:social-worker"]
    ot = rows["organisation:leeds/profession:occupational-therapist"]
    assert not total["suppressed"] and total["n"] == 23
    assert ot["suppressed"] and ot["n"] is None and ot["mean"] is None
    assert ot["distribution"] is None
    # total minus the social workers would give the three OTs' answers: hidden too
    assert sw["suppressed"]
    assert_safe(left_over(total, [sw]), 3)


def test_across_overlapping_groupings_org_by_profession_against_org(
    api_client_for, admin_of, host, org, leeds_q3
):
    """The host sees every organisation's total; the admin sees the organisation by
    profession and by team. Combining the two readers' views recovers nothing."""
    host_rows = by_group(cells(api_client_for(host), group="organisation"), "2026-Q3")
    admin_rows = by_group(
        cells(api_client_for(admin_of), group="organisation", key="leeds"), "2026-Q3"
    )
    total = host_rows["organisation:leeds"]
    team = admin_rows["organisation:leeds/team:duty"]
    professions = [r for g, r in admin_rows.items() if "/profession:" in g]
    assert_safe(left_over(total, [team]), 3)
    assert_safe(left_over(total, [p for p in professions if not p["suppressed"]]), 3)
    assert_safe(
        left_over(total, [admin_rows["organisation:leeds/profession:social-worker"]]),
        3,
    )
    # the host's profession figures (all organisations) against Leeds' own
    prof_rows = by_group(cells(api_client_for(host), group="profession"), "2026-Q3")
    ot_all = prof_rows.get("profession:occupational-therapist")
    assert ot_all is None or ot_all["suppressed"]


def test_across_periods_quarter_minus_its_months(api_client_for, admin_of, org):
    early = staff(org, 12)
    late = staff(org, 3)
    for person in early:
        answer(person, JULY, feeling=4)
    for person in late:
        answer(person, SEPTEMBER, feeling=1)
    client = api_client_for(admin_of)
    quarter = by_group(cells(client, group="organisation", key="leeds", period="quarter"))
    months = cells(client, group="organisation", key="leeds", period="month")
    total = quarter["organisation:leeds"]
    assert not total["suppressed"] and total["n"] == 15
    month_cells = [c for c in months if c["group"] == "organisation:leeds"]
    by_month = {c["period"]: c for c in month_cells}
    assert by_month["2026-09"]["suppressed"]  # the three late answers
    # quarter minus July (and August, empty) would isolate September's three
    assert by_month["2026-07"]["suppressed"]
    assert_safe(
        left_over(total, [c for c in month_cells if c["period"] in ("2026-07", "2026-08")]),
        3,
    )


def test_across_requests_before_and_after_one_person_answers(api_client_for, host, admin_of, org):
    people = staff(org, 15)
    for person in people:
        answer(person, AUGUST, feeling=3)
    newcomer = staff(org, 1)[0]
    client = api_client_for(host)
    queries = [
        {"group": "organisation", "period": "quarter"},
        {"group": "organisation", "period": "month"},
        {"group": "profession", "period": "quarter"},
        {"group": "nation", "period": "month"},
    ]
    before = [cells(client, **q) for q in queries]
    services.checkin_submit(actor=newcomer, feeling=1, workload=1, support=1)
    assert [cells(client, **q) for q in queries] == before
    # ... and after someone deletes every answer they gave
    services.answers_delete_all(actor=people[0])
    assert [cells(client, **q) for q in queries] == before
    # the newcomer's answer is counted only once its quarter has closed, in a cell
    # that was never published without it
    with freeze_time("2027-01-05"):
        after = cells(client, group="organisation", period="quarter")
    q4 = [c for c in after if c["period"] == "2026-Q4"]
    assert all(c["suppressed"] for c in q4)  # one person: hidden
    assert [c for c in after if c["period"] == "2026-Q3"] == [
        c for c in before[0] if c["period"] == "2026-Q3"
    ]


def test_across_nations_with_the_population_from_professions(api_client_for, host):
    orgs = [OrganisationFactory() for _ in range(3)]
    staff(orgs[0], 30, nation="england")
    staff(orgs[1], 12, nation="wales")
    staff(orgs[2], 3, nation="scotland")
    from practice_commons.accounts.models import User

    for person in User.objects.filter(host_role="practitioner"):
        answer(person, JULY, feeling=2 if person.nation == "scotland" else 4)
    client = api_client_for(host)
    nations = by_group(cells(client, group="nation"), "2026-Q3")
    professions = by_group(cells(client, group="profession"), "2026-Q3")
    population = professions["profession:social-worker"]
    assert not population["suppressed"] and population["n"] == 45
    assert nations["nation:scotland"]["suppressed"]
    shown = [c for c in nations.values() if not c["suppressed"]]
    assert_safe(left_over(population, shown), 3)


def test_the_csv_has_the_same_suppression(api_client_for, client_for, admin_of, leeds_q3):
    api_rows = cells(api_client_for(admin_of), group="organisation", key="leeds", period="quarter")
    response = client_for(admin_of).get(
        reverse("wellbeing:aggregates_csv"),
        {"group": "organisation", "key": "leeds", "period": "quarter", "measure": "feeling"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(table) == len(api_rows)
    for row, cell in zip(table, api_rows, strict=True):
        assert row["group"] == cell["group"] and row["period"] == cell["period"]
        assert row["suppressed"] == ("yes" if cell["suppressed"] else "no")
        if cell["suppressed"]:
            assert row["n"] == row["mean"] == ""
            assert all(row[k] == "" for k in row if k.startswith("count "))
        else:
            assert int(row["n"]) == cell["n"]


def test_no_cell_exists_for_a_single_answer_and_no_count_reveals_it(api_client_for, host, org):
    UserFactory(organisation=org)
    answer(staff(org, 1)[0], JULY)
    rows = cells(api_client_for(host), group="organisation")
    assert rows and all(c["suppressed"] and c["n"] is None for c in rows)
