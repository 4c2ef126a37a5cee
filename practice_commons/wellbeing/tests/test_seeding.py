"""Demo data: many respondents, so the demo organisation admin sees published figures,
others see some hidden; the demo member has a year of monthly check-ins; reseeding
replaces rather than doubles."""

from io import StringIO

import pytest
from django.core.management import call_command

from practice_commons.accounts.models import User
from practice_commons.wellbeing import selectors
from practice_commons.wellbeing.models import Response

pytestmark = pytest.mark.django_db


def test_seeded_figures_show_and_some_are_hidden(client_for):
    call_command("seed_demo", "--scale", "small", stdout=StringIO())
    made = Response.objects.count()
    assert made > 1000
    admin = User.objects.get(email="orgadmin@practicecommons.example")
    figures = selectors.aggregate_figures(admin, group="organisation", period="quarter")
    assert any(not f.suppressed for f in figures)
    host = User.objects.get(email="admin@practicecommons.example")
    nations = selectors.aggregate_figures(host, group="community", period="month")
    assert any(f.suppressed for f in nations) and any(not f.suppressed for f in nations)
    member = User.objects.get(email="member@practicecommons.example")
    assert len(selectors.my_answers(member, "checkin")) >= 12
    page = client_for(member).get("/wellbeing/mine/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    call_command("seed_demo", "--scale", "small", "--reset", stdout=StringIO())
    assert Response.objects.count() == made
