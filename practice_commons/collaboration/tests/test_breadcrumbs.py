"""A page deep in collaboration shows the trail a person followed to reach it."""

import pytest
from django.urls import reverse

from practice_commons.core.testing import breadcrumb_trail

from .conftest import agreed, draft

pytestmark = pytest.mark.django_db


def _to_the_agreement(agreement):
    return [
        ("Home", "/"),
        ("Collaboration", reverse("collaboration:home")),
        ("Agreements", reverse("collaboration:agreements")),
        ("Joint neglect training", agreement.get_absolute_url()),
    ]


def test_editing_an_agreement_shows_collaboration_agreements_the_agreement_and_edit(
    client_for, world
):
    agreement = draft(world)
    response = client_for(world["council_admin"]).get(
        reverse("collaboration:agreement_edit", args=[agreement.pk])
    )
    assert response.status_code == 200
    links, current = breadcrumb_trail(response.content.decode())
    assert links == _to_the_agreement(agreement)
    assert current == ["Edit"]


def test_a_version_of_an_agreement_is_named_by_its_number(client_for, world):
    agreement = agreed(world)
    response = client_for(world["police_contact"]).get(
        reverse("collaboration:agreement_version", args=[agreement.pk, 1])
    )
    assert response.status_code == 200
    links, current = breadcrumb_trail(response.content.decode())
    assert links == _to_the_agreement(agreement)
    assert current == ["Version 1"]
