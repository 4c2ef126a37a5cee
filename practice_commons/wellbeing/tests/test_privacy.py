"""Answers are kept apart from identity and only ever shown to the person who gave them:
not in another person's pages, not through the API, not in the Django admin, not in
log lines or error reports; and a person can delete all their answers."""

import hashlib
import logging

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.views.debug import ExceptionReporter

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.confidentiality.reporting import ConfidentialExceptionReporterFilter
from practice_commons.wellbeing import selectors, services
from practice_commons.wellbeing.models import Release, ReleaseCell, Response
from practice_commons.wellbeing.pseudonym import seal, subject_key, unseal

from .conftest import JULY, answer, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(org):
    return staff(org, 1)[0]


def test_no_foreign_key_or_identifier_of_the_person_is_stored(person):
    row = services.checkin_submit(actor=person, feeling=1, workload=2, support=3)
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "subject", "kind", "month", "scores", "answers", "sealed"}
    assert not any(f.is_relation for f in Response._meta.get_fields())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, subject, kind, month, scores, answers, sealed FROM wellbeing_response"
        )
        stored = " ".join(str(v) for v in cursor.fetchone())
    for identifying in (
        person.email,
        person.full_name,
        f'"{person.pk}"',
        person.organisation.slug,
        person.profession.slug,
    ):
        assert identifying not in stored
    assert row.month.day == 1  # the day itself is sealed


def test_the_subject_key_needs_the_secret_and_changes_with_it(person):
    key = subject_key(person.pk)
    assert len(key) == 64
    for unkeyed in (str(person.pk), f"user:{person.pk}"):  # not a plain hash of the id
        assert key != hashlib.sha256(unkeyed.encode()).hexdigest()
    assert subject_key(person.pk) == key
    assert subject_key(person.pk + 1) != key
    with override_settings(WELLBEING_PSEUDONYM_KEY="another secret"):
        other = subject_key(person.pk)
    assert other != key
    with override_settings(SECRET_KEY="a different site secret"):
        assert subject_key(person.pk) != key


def test_the_envelope_opens_only_with_the_secret():
    token = seal({"day": "2026-07-15", "groups": ["organisation:leeds"]})
    assert "leeds" not in token
    assert unseal(token)["groups"] == ["organisation:leeds"]
    with override_settings(WELLBEING_PSEUDONYM_KEY="another secret"):
        assert unseal(token) == {}


def test_groups_are_slugs_and_the_organisation_only_when_verified(org):
    verified = staff(org, 1, team="Duty and Assessment")[0]
    groups = services.group_ids_of(verified)
    assert f"organisation:{org.slug}" in groups
    assert f"organisation:{org.slug}/team:duty-and-assessment" in groups
    unverified = UserFactory(organisation=org, org_role=False)  # no membership row
    assert not any(g.startswith("organisation:") for g in services.group_ids_of(unverified))


def test_only_the_person_sees_their_answers_on_any_page(client_for, person, org, host, admin_of):
    row = services.checkin_submit(actor=person, feeling=1, workload=2, support=3)
    others = [host, admin_of, staff(org, 1)[0]]
    client = client_for(person)
    url = reverse("wellbeing:result", args=[selectors.answer_token(person, row.pk)])
    assert client.get(url).status_code == 200
    assert str(row.pk) not in url and str(row.pk).replace("-", "") not in url
    for other in others:
        client = client_for(other)
        assert client.get(url).status_code == 404
        own_token = selectors.answer_token(other, row.pk)  # made for someone else
        assert client.get(reverse("wellbeing:result", args=[own_token])).status_code == 404
        mine = client.get(reverse("wellbeing:mine")).content.decode()
        assert "You have not checked in yet" in mine
        assert selectors.my_answers(other) == []


def test_the_api_lists_only_your_own_checkins(api_client_for, person, org, host, admin_of):
    services.checkin_submit(actor=person, feeling=1, workload=2, support=3)
    assert api_client_for(person).get("/api/v1/wellbeing/checkins").json()["count"] == 1
    for other in (host, admin_of, staff(org, 1)[0]):
        body = api_client_for(other).get("/api/v1/wellbeing/checkins").json()
        assert body["count"] == 0 and body["items"] == []


def test_deleting_removes_every_answer_of_that_person_only(person, org):
    neighbour = staff(org, 1)[0]
    services.checkin_submit(actor=person, feeling=1, workload=2, support=3)
    services.checkin_submit(actor=person, feeling=2, workload=2, support=3)
    services.conditions_submit(
        actor=person,
        extra_hours=5,
        days_unwell=2,
        satisfaction=3,
        leave="no",
        pressures=["caseload"],
        helps=[],
    )
    services.checkin_submit(actor=neighbour, feeling=5, workload=5, support=5)
    assert services.answers_delete_all(actor=person) == 3
    assert selectors.my_answers(person) == []
    assert len(selectors.my_answers(neighbour)) == 1
    assert services.answers_delete_all(actor=person) == 0


def test_no_answers_in_the_django_admin(client_for, host, person):
    services.checkin_submit(actor=person, feeling=1, workload=2, support=3)
    assert Response not in admin.site._registry
    assert Release not in admin.site._registry and ReleaseCell not in admin.site._registry
    client = client_for(host)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Support services" in index and "Response" not in index
    page = client.get(reverse("admin:wellbeing_supportservice_changelist"))
    assert page.status_code == 200 and "Samaritans" in page.content.decode()


def test_no_log_line_carries_an_answer(client_for, person, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_for(person)
    client.post(reverse("wellbeing:checkin"), {"feeling": "1", "workload": "2", "support": "3"})
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "feeling" not in text and "workload" not in text
    assert str(Response.objects.get().scores) not in text


def test_error_reports_hide_what_was_posted(person, settings):
    assert settings.DEFAULT_EXCEPTION_REPORTER_FILTER.endswith(
        "ConfidentialExceptionReporterFilter"
    )
    request = RequestFactory().post(
        reverse("wellbeing:checkin"), {"feeling": "1", "workload": "2", "support": "3"}
    )
    request.user = person
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        reporter = ExceptionReporter(request, type(exc), exc, exc.__traceback__)
        reporter.filter = ConfidentialExceptionReporterFilter()
        report = reporter.get_traceback_text()
    assert "'1'" not in report and "feeling = '1'" not in report
    assert "********************" in report


def test_a_response_never_prints_its_answers(person):
    row = services.checkin_submit(actor=person, feeling=1, workload=2, support=3)
    assert str(row) == "Wellbeing response (Quick check-in)"
    assert "feeling" not in repr(row)


def test_figures_come_only_from_closed_quarters(api_client_for, host, org):
    for p in staff(org, 12):
        answer(p, JULY)
        services.checkin_submit(actor=p, feeling=1, workload=1, support=1)  # today, open
    cells = (
        api_client_for(host)
        .get("/api/v1/wellbeing/aggregates", {"group": "organisation", "period": "month"})
        .json()["cells"]
    )
    assert {c["period"] for c in cells} == {"2026-07", "2026-08", "2026-09"}


def test_deleting_an_account_deletes_its_answers(person, org):
    neighbour = staff(org, 1)[0]
    services.checkin_submit(actor=person, feeling=1, workload=2, support=3)
    services.checkin_submit(actor=neighbour, feeling=1, workload=2, support=3)
    person.delete()
    assert Response.objects.count() == 1
    assert len(selectors.my_answers(neighbour)) == 1


def test_the_personal_export_holds_only_ones_own_answers(person, org):
    services.checkin_submit(actor=person, feeling=1, workload=2, support=3)
    services.checkin_submit(actor=staff(org, 1)[0], feeling=5, workload=5, support=5)
    exported = selectors.personal_export(person)
    assert len(exported) == 1 and exported[0]["answers"]["feeling"] == 1
