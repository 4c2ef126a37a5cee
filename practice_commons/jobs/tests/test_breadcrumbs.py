"""A page deep in the jobs board shows the trail a reader followed to reach it."""

import re

import pytest
from django.urls import reverse

from .test_jobs import post, world  # noqa: F401 (world is a fixture)

pytestmark = pytest.mark.django_db


def _trail(html):
    nav = re.search(r'<nav class="govuk-breadcrumbs[^"]*"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no breadcrumbs on the page"
    links = re.findall(r'<a class="govuk-breadcrumbs__link" href="([^"]*)">([^<]*)</a>', nav[1])
    current = re.findall(r'aria-current="page">([^<]*)</li>', nav[1])
    return [(label, href) for href, label in links], current


def test_changing_a_listing_shows_jobs_the_job_and_change(client, world):  # noqa: F811
    job = post(world)
    client.force_login(world["admin"])
    response = client.get(reverse("jobs:edit", args=[job.pk]))
    assert response.status_code == 200
    links, current = _trail(response.content.decode())
    assert links == [
        ("Home", "/"),
        ("Jobs", reverse("jobs:list")),
        ("Social worker, children in need", job.get_absolute_url()),
    ]
    assert current == ["Change the listing"]


def test_a_job_sits_under_jobs(client, world):  # noqa: F811
    job = post(world)
    client.force_login(world["member"])
    links, current = _trail(client.get(job.get_absolute_url()).content.decode())
    assert links == [("Home", "/"), ("Jobs", reverse("jobs:list"))]
    assert current == ["Social worker, children in need"]
