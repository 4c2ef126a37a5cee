"""Demo data: many respondents, so the demo organisation admin sees published figures
and others see some hidden; the demo member has a year of monthly check-ins; seeding
again after a reset gives the same answers. Runs the seeders wellbeing depends on
(people, communities) and its own, as ``seed_demo`` orders them."""

import pytest

from practice_commons.accounts.models import User
from practice_commons.core.seeding import SCALES, SeedContext, discover_seeders, registered_seeders
from practice_commons.wellbeing import selectors
from practice_commons.wellbeing.models import Response

pytestmark = pytest.mark.django_db

NEEDED = ("accounts", "affiliations", "communities", "wellbeing")


def _run(ctx, *, reset=False):
    for seeder in registered_seeders():
        if seeder.name in NEEDED and (not reset or seeder.name == "wellbeing"):
            ctx.rng = ctx.random_for(seeder.name)
            if reset:
                seeder.reset(ctx)
            seeder.func(ctx)


def test_seeded_figures_show_and_some_are_hidden(client_for):
    discover_seeders()
    ctx = SeedContext(scale=SCALES["small"], log=lambda message: None)
    _run(ctx)
    made = Response.objects.count()
    assert made > 1000
    admin = User.objects.get(email="orgadmin@practicecommons.example")
    figures = selectors.aggregate_figures(admin, group="organisation", period="quarter")
    assert any(not f.suppressed for f in figures)
    host = User.objects.get(email="admin@practicecommons.example")
    communities = selectors.aggregate_figures(host, group="community", period="month")
    assert any(f.suppressed for f in communities)
    assert any(not f.suppressed for f in communities)
    member = User.objects.get(email="member@practicecommons.example")
    assert len(selectors.my_answers(member, "checkin")) >= 12
    page = client_for(member).get("/wellbeing/mine/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    _run(ctx, reset=True)
    assert Response.objects.count() == made
