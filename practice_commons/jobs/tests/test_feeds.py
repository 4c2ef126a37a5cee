"""``/jobs/feed.atom``: open listings as a visitor sees them, the same for everyone,
never a closed, expired or withdrawn one, within a fixed query budget."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrganisationFactory,
    ProfessionFactory,
    UserFactory,
)
from practice_commons.core.testing import atom_entries
from practice_commons.jobs import services
from practice_commons.jobs.models import Job

pytestmark = pytest.mark.django_db

URL = "/jobs/feed.atom"


@pytest.fixture
def world(db):
    employer = OrganisationFactory(name="Riverside Council")
    return {
        "employer": employer,
        "admin": UserFactory(organisation=employer, org_role="admin"),
        "member": UserFactory(organisation=employer),
        "host_admin": HostAdminFactory(),
        "sw": ProfessionFactory(name="Social worker"),
    }


def post(world, title, **overrides):
    data = {
        "title": title,
        "profession": world["sw"],
        "location": "Leeds",
        "salary_min": 35000,
        "salary_max": 42000,
        "contract_type": "permanent",
        "closes_on": timezone.localdate() + dt.timedelta(days=14),
        "apply_url": "https://jobs.example.org/1",
        "description": "Join our <b>team</b> of practitioners.",
        **overrides,
    }
    return services.job_create(actor=world["admin"], organisation=world["employer"], data=data)


def test_url_is_the_contract_path():
    assert reverse("jobs:feed") == URL


def test_open_jobs_only(client, world):
    open_job = post(world, "Social worker, children in need")
    expired = post(world, "Expired listing")
    Job.objects.filter(pk=expired.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    withdrawn = post(world, "Withdrawn listing")
    services.job_withdraw(actor=world["admin"], job=withdrawn)

    entries = atom_entries(client.get(URL))

    assert [e["title"] for e in entries] == ["Social worker, children in need, Riverside Council"]
    entry = entries[0]
    assert entry["link"] == f"http://testserver{open_job.get_absolute_url()}"
    assert entry["author"] == "Riverside Council"
    assert "Location: Leeds." in entry["summary"] and "£35,000 to £42,000" in entry["summary"]
    # The description's text, never markup.
    assert "Join our team of practitioners." in entry["summary"] and "<" not in entry["summary"]
    body = client.get(URL).content.decode()
    assert "Expired listing" not in body and "Withdrawn listing" not in body


def test_newest_first_and_at_most_thirty(client, world):
    for i in range(32):
        job = post(world, f"Job {i}")
        Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=40 - i))
    entries = atom_entries(client.get(URL))
    assert len(entries) == 30
    assert entries[0]["title"].startswith("Job 31,") and entries[-1]["title"].startswith("Job 2,")


@pytest.mark.parametrize("role", ("admin", "member", "host_admin"))
def test_the_same_for_everyone(client, world, role):
    post(world, "Open listing")
    withdrawn = post(world, "Withdrawn listing")
    services.job_withdraw(actor=world["admin"], job=withdrawn)
    signed_out = client.get(URL)
    client.force_login(world[role])
    signed_in = client.get(URL)
    assert signed_in.status_code == 200
    # Even the employer's admin, who may still open the withdrawn listing, gets the
    # visitors' feed.
    assert atom_entries(signed_in) == atom_entries(signed_out)
    assert "public" in signed_in["Cache-Control"]


@pytest.mark.parametrize("size", (2, 20))
def test_query_budget(client, world, size, django_assert_max_num_queries):
    for i in range(size):
        post(world, f"Job {i}", profession=ProfessionFactory())
    with django_assert_max_num_queries(2):
        response = client.get(URL)
    assert len(atom_entries(response)) == size


def test_list_page_links_to_the_feed(client, world):
    html = client.get(reverse("jobs:list")).content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Jobs (Atom feed)" href="{URL}">'
        in html
    )
    assert f'href="{URL}">Subscribe (Atom feed)</a>' in html
