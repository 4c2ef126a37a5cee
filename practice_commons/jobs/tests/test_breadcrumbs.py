"""A page deep in the jobs board shows the trail a reader followed to reach it."""

import pytest
from django.urls import reverse

from practice_commons.core.testing import breadcrumb_trail

from .test_jobs import post, world  # noqa: F401 (world is a fixture)

pytestmark = pytest.mark.django_db


def test_changing_a_listing_shows_jobs_the_job_and_change(client, world):  # noqa: F811
    job = post(world)
    client.force_login(world["admin"])
    response = client.get(reverse("jobs:edit", args=[job.pk]))
    assert response.status_code == 200
    links, current = breadcrumb_trail(response.content.decode())
    assert links == [
        ("Home", "/"),
        ("Jobs", reverse("jobs:list")),
        ("Social worker, children in need", job.get_absolute_url()),
    ]
    assert current == ["Change the listing"]


def test_a_job_sits_under_jobs(client, world):  # noqa: F811
    job = post(world)
    client.force_login(world["member"])
    links, current = breadcrumb_trail(client.get(job.get_absolute_url()).content.decode())
    assert links == [("Home", "/"), ("Jobs", reverse("jobs:list"))]
    assert current == ["Social worker, children in need"]
