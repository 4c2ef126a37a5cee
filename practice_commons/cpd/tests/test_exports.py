"""Exports: CSV columns in the order of the regulator's form, JSON with the same fields,
a PDF portfolio with the records; the owner's records of the chosen period only."""

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.cpd import exports

pytestmark = pytest.mark.django_db

HEADERS = [
    "Record",
    "Status",
    "Type of activity",
    "Title",
    "Date",
    "Last day",
    "Hours",
    "What you did and why it is relevant",
    "What you learnt",
    "Impact on your practice and the people you work with",
    "Peer reflection",
    "Who you reflected with (roles)",
    "What you learnt from discussing it with a peer",
    "PCF domains",
    "Standards",
    "Evidence",
]


@pytest.fixture
def records(social_worker, make_record):
    final = make_record(
        social_worker,
        final=True,
        title="Action learning set on endings",
        activity_type="peer_reflection",
        peer_reflection=True,
        peer_roles="social workers in my team",
        pcf_domains=["6"],
        standards=["swe-4"],
    )
    draft = make_record(social_worker, title="=SUM(A1:A2) reading")
    old = make_record(social_worker, final=True, title="Old learning", date=dt.date(2024, 3, 1))
    make_record(UserFactory(regulator="swe"), final=True, title="Someone else's")
    return final, draft, old


def test_csv_has_the_columns_and_only_this_periods_records(client, social_worker, records):
    client.force_login(social_worker)
    response = client.get(reverse("cpd:export_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == HEADERS
    titles = [row[3] for row in rows[1:]]
    assert titles == ["Action learning set on endings", "'=SUM(A1:A2) reading"]
    final = dict(zip(HEADERS, rows[1], strict=True))
    assert final["Status"] == "Final" and final["Type of activity"] == "Reflective session"
    assert final["Peer reflection"] == "Yes"
    assert final["Who you reflected with (roles)"] == "social workers in my team"
    assert final["PCF domains"] == "6. Critical Reflection and Analysis"
    assert final["Standards"].startswith("4. Maintain my continuing professional development")
    assert final["What you learnt"]


def test_json_export_and_the_year_parameter(client, social_worker, records):
    client.force_login(social_worker)
    data = json.loads(client.get(reverse("cpd:export_json")).content)
    assert data["framework"] == "swe" and data["period_end"].endswith("-11-30")
    assert [r["title"] for r in data["records"]] == [
        "Action learning set on endings",
        "=SUM(A1:A2) reading",
    ]
    assert list(data["records"][0]) == [c.key for c in exports.COLUMNS]
    old = json.loads(client.get(reverse("cpd:export_json") + "?year=2024").content)
    assert old["period_start"] == "2023-12-01" and old["period_end"] == "2024-11-30"
    assert [r["title"] for r in old["records"]] == ["Old learning"]
    # A nonsense year is the current period, never an error.
    assert client.get(reverse("cpd:export_json") + "?year=abc").status_code == 200


def test_pdf_portfolio_is_a_pdf_with_the_records(client, social_worker, records):
    client.force_login(social_worker)
    year = timezone.localdate().year + (1 if timezone.localdate().month == 12 else 0)
    response = client.get(reverse("cpd:export_pdf") + f"?year={year}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF") and len(body) > 1000
    from pypdf import PdfReader  # noqa: PLC0415 - only this test reads PDFs

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "CPD portfolio" in text and "Action learning set on endings" in text
    assert "Sam Social" in text and "Someone else" not in text and "Old learning" not in text


def test_exports_need_signing_in(client, records):
    for name in ("cpd:export_csv", "cpd:export_json", "cpd:export_pdf", "cpd:export"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_export_page_links_each_format(client, social_worker, records):
    client.force_login(social_worker)
    page = client.get(reverse("cpd:export")).content.decode()
    for name in ("cpd:export_pdf", "cpd:export_csv", "cpd:export_json"):
        assert reverse(name) in page
    assert "2024" in page
