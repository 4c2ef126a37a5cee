"""The home page's wellbeing prompt (``wellbeing.home``)."""

from django.urls import reverse

from practice_commons.wellbeing import home, services


def test_prompts_until_the_person_checks_in_this_month(user):
    block = home.wellbeing_prompt(user)
    [item] = block.items
    assert item.url == reverse("wellbeing:checkin")
    services.checkin_submit(actor=user, feeling=4, workload=3, support=4)
    block = home.wellbeing_prompt(user)
    assert block.items == []
    assert block.empty_link.url == reverse("wellbeing:mine")
