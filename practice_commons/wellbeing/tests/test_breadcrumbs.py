"""A page deep in wellbeing shows the trail a practitioner followed to reach it, and
still offers the exit-this-page control."""

import pytest
from django.urls import reverse

from practice_commons.core.testing import breadcrumb_trail
from practice_commons.wellbeing.instruments import INSTRUMENTS

from .conftest import staff

pytestmark = pytest.mark.django_db


def test_questionnaire_scores_show_wellbeing_questionnaires_and_the_questionnaire(client_for, org):
    instrument = INSTRUMENTS["proqol"]
    client = client_for(staff(org, 1, team="duty")[0])
    data = {f"item_{i.number}": "3" for i in instrument.items}
    taken = client.post(reverse("wellbeing:instrument_take", args=["proqol"]), data)
    assert taken.status_code == 302
    html = client.get(taken["Location"]).content.decode()
    links, current = breadcrumb_trail(html)
    assert links == [
        ("Home", "/"),
        ("Wellbeing", reverse("wellbeing:home")),
        ("Questionnaires", reverse("wellbeing:instruments")),
        ("ProQOL 5", reverse("wellbeing:instrument_take", args=["proqol"])),
    ]
    assert current == ["Your scores"]
    assert "govuk-exit-this-page" in html
