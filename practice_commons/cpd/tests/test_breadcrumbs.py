"""A page deep in CPD shows the trail a practitioner followed to reach it."""

import pytest
from django.urls import reverse

from practice_commons.core.testing import breadcrumb_trail

pytestmark = pytest.mark.django_db


def test_adding_evidence_shows_cpd_the_record_and_add_evidence(client, social_worker, make_record):
    record = make_record(social_worker)
    client.force_login(social_worker)
    response = client.get(reverse("cpd:evidence_add", args=[record.pk]))
    assert response.status_code == 200
    links, current = breadcrumb_trail(response.content.decode())
    assert links == [
        ("Home", "/"),
        ("CPD", reverse("cpd:list")),
        ("Joint training on neglect", record.get_absolute_url()),
    ]
    assert current == ["Add evidence"]


def test_a_record_sits_under_cpd(client, social_worker, make_record):
    record = make_record(social_worker)
    client.force_login(social_worker)
    links, current = breadcrumb_trail(client.get(record.get_absolute_url()).content.decode())
    assert links == [("Home", "/"), ("CPD", reverse("cpd:list"))]
    assert current == ["Joint training on neglect"]
