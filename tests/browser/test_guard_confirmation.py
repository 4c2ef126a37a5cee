"""In a real browser: a title that names a colleague ("Zoë") is only an uncertain
finding, so the writer is asked, not refused; confirming saves it as written. A text
with an NHS number is refused with no such option."""

import re

import pytest

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.discussions.models import Thread

pytestmark = pytest.mark.django_db(transaction=True)

CONFIRM = "I have checked: these are not details of people I work with"


@pytest.fixture
def member_on_new_thread(signed_in_page):
    community = make_community(name="Early help practice")
    member = UserFactory(full_name="Mia Member")
    add_member(community, member)
    page = signed_in_page(member)
    page.goto(f"/communities/{community.slug}/threads/new/?kind=problem_solving")
    return page


def test_an_uncertain_name_can_be_confirmed_and_saved(member_on_new_thread, assert_accessible):
    page = member_on_new_thread
    page.get_by_label("Title").fill("Thoughts from Zoë on the new framework")
    page.locator("textarea[name=body]").fill("I spoke to Kai about this yesterday.")
    page.get_by_role("button", name="Post thread").click()
    page.wait_for_load_state()

    assert page.get_by_text("may contain details that could identify").first.is_visible()
    assert page.locator("mark.pc-guard-mark", has_text="Zoë").is_visible()
    assert_accessible(page)
    assert not Thread.objects.exists()

    page.get_by_label(CONFIRM).check()
    page.get_by_role("button", name="Post thread").click()
    page.wait_for_url(re.compile(r"/threads/\d+/$"))
    thread = Thread.objects.get()
    assert thread.title == "Thoughts from Zoë on the new framework"


def test_an_identifier_is_refused_without_the_confirmation(member_on_new_thread):
    page = member_on_new_thread
    page.get_by_label("Title").fill("A question")
    page.locator("textarea[name=body]").fill(f"NHS number {NHS_NUMBER}, what next?")
    page.get_by_role("button", name="Post thread").click()
    page.wait_for_load_state()
    assert page.get_by_text("This contains details that could identify").first.is_visible()
    assert page.get_by_label(CONFIRM).count() == 0
    assert page.get_by_role("button", name="Redact and continue").is_visible()
    assert not Thread.objects.exists()
