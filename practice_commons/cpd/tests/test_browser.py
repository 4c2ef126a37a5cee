"""In a real browser, what the issue calls done: a social worker who attended a reflective
session and a joint training event finds two drafts, completes them, sees their
registration-year progress go green, exports a PDF portfolio and shares one record with
a supervisor, who opens the link without an account and sees only that record. Every CPD
page on the way is axe-clean (WCAG 2.2 AA) without a CSP violation, and the list does
not overflow a phone's width."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from practice_commons.accounts.models import OrganisationMembership
from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.cpd.models import CpdRecord
from practice_commons.events import services as event_services
from practice_commons.events.models import Event
from tests.browser import conftest as browser

# The browser fixtures live in tests/browser/conftest.py; make them visible here.
chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFLECTION = {
    "What? What you did and why it is relevant": (
        "A session on endings with colleagues from three agencies, relevant to my work "
        "with young people leaving care."
    ),
    "So what? What you learnt": "Endings carry more weight for young people than I assumed.",
    "Now what? How it changes your practice": (
        "I will plan endings with young people from the first visit."
    ),
}


def _attended(organiser, community, person, *, title, kind, hours):
    start = timezone.now() + timedelta(days=2)
    event = event_services.event_create(
        actor=organiser,
        publish=True,
        data={
            "title": title,
            "description": "Practitioners from several agencies.",
            "kind": kind,
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "format": "online",
            "online_url": "https://meet.example.org/x",
            "community": community,
            "cpd_hours": Decimal(hours),
        },
    )
    registration = event_services.registration_create(actor=person, event=event)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(minutes=30), ends_at=timezone.now()
    )
    event.refresh_from_db()
    event_services.attendance_mark(actor=organiser, event=event, registration_ids=[registration.pk])
    return event


@pytest.fixture
def journey(db):
    organisation = OrganisationFactory(name="Leeds City Council", slug="leeds-city-council")
    UserFactory(organisation=organisation, org_role=OrganisationMembership.Role.ADMIN)
    community = make_community(name="Leaving care practice")
    facilitator = add_member(
        community, UserFactory(full_name="Fay Facilitator"), role="facilitator"
    )
    worker = add_member(community, UserFactory(full_name="Sam Social", regulator="swe"))
    _attended(
        facilitator,
        community,
        worker,
        title="Reflective session: endings",
        kind="reflective_session",
        hours="1.5",
    )
    _attended(
        facilitator,
        community,
        worker,
        title="Joint training: planning transitions",
        kind="joint_training",
        hours="3",
    )
    assert CpdRecord.objects.filter(user=worker).count() == 2
    return worker


def _complete(page, title, assert_accessible):
    page.goto("/cpd/")
    with page.expect_navigation():
        page.get_by_role("link", name=title).click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Edit", exact=True).click()
    assert_accessible(page)
    for label, text in REFLECTION.items():
        page.get_by_label(label).fill(text)
    page.get_by_label("6. Critical Reflection and Analysis").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Your changes are saved.").wait_for()
    with page.expect_navigation():
        page.get_by_role("link", name="Make final").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Make final").click()
    page.get_by_text("The record is final.").wait_for()


def test_done_means(journey, signed_in_page, new_page, assert_accessible, tmp_path):
    page = signed_in_page(journey)
    page.goto("/dashboard/")
    with page.expect_navigation():
        page.get_by_role("link", name="Your CPD records").first.click()
    page.get_by_role("heading", name="Your CPD records").wait_for()
    assert page.get_by_role("link", name="Reflective session: endings").count() == 1
    assert page.get_by_role("link", name="Joint training: planning transitions").count() == 1
    assert page.get_by_text("Still to do").count() >= 1
    assert_accessible(page)

    _complete(page, "Reflective session: endings", assert_accessible)
    _complete(page, "Joint training: planning transitions", assert_accessible)

    page.goto("/cpd/progress/")
    page.get_by_text("Requirements met").first.wait_for()
    assert "pc-cpd-progress--met" in page.content()
    assert_accessible(page)

    page.goto("/cpd/pcf/")
    assert_accessible(page)
    page.goto("/cpd/export/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF portfolio").click()
    path = tmp_path / "portfolio.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")

    page.goto("/cpd/shares/")
    assert_accessible(page)
    page.get_by_label("Who it is for, by role").fill("my supervisor")
    page.get_by_label("Reflective session: endings", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Make a link").click()
    page.get_by_text("Your link is ready").wait_for()
    assert_accessible(page)
    link = page.get_by_label("Read-only link").input_value()

    supervisor = new_page()
    supervisor.goto(link)
    supervisor.get_by_role("heading", name="Reflective session: endings").wait_for()
    assert "Joint training: planning transitions" not in supervisor.content()
    assert_accessible(supervisor)

    page.goto("/cpd/settings/")
    assert_accessible(page)
    page.goto("/cpd/new/")
    assert_accessible(page)


def test_list_fits_a_phone(journey, signed_in_page, assert_accessible):
    page = signed_in_page(journey, viewport=browser.MOBILE)
    for url in ("/cpd/", "/cpd/progress/", "/cpd/pcf/", "/cpd/shares/"):
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} overflows a phone by {overflow}px"
        assert_accessible(page)


def test_other_pages_and_errors_are_accessible(journey, signed_in_page, assert_accessible):
    from practice_commons.accounts.tests.factories import OrgAdminFactory

    record = CpdRecord.objects.filter(user=journey).first()
    page = signed_in_page(journey)
    for url in (
        f"/cpd/{record.pk}/finalise/",
        f"/cpd/{record.pk}/delete/",
        f"/cpd/{record.pk}/evidence/",
        "/cpd/?status=draft",
    ):
        page.goto(url)
        assert_accessible(page)
    page.goto(f"/cpd/{record.pk}/finalise/")
    assert page.get_by_text("The record cannot be final yet").count() == 1
    # The form with errors: a future date and too many hours.
    page.goto(f"/cpd/{record.pk}/edit/")
    page.get_by_label("Date", exact=True).fill(
        (timezone.localdate() + timedelta(days=5)).isoformat()
    )
    page.get_by_label("Hours").fill("30")
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()
    page.get_by_text("cannot be in the future").first.wait_for()
    assert_accessible(page)

    organisation = OrganisationFactory(name="Riverside Council", slug="riverside-council")
    admin = OrgAdminFactory(organisation=organisation, regulator="none")
    for _ in range(10):
        UserFactory(organisation=organisation, regulator="swe")
    admin_page = signed_in_page(admin)
    admin_page.goto("/cpd/")
    with admin_page.expect_navigation():
        admin_page.get_by_role("link", name="Riverside Council: peer reflection").click()
    admin_page.get_by_text("Have met their peer-reflection requirement").wait_for()
    assert_accessible(admin_page)
