"""The home page's moderation block (``safeguarding.home``)."""

import pytest
from django.urls import reverse

from practice_commons.safeguarding import home, services
from practice_commons.safeguarding.models import Report

pytestmark = pytest.mark.django_db


def test_reports_wait_for_the_lead_they_are_routed_to_and_host_admins(
    practitioner, lead, other_lead, host_admin, subject
):
    report = services.report_create(
        actor=practitioner, target=subject, reason=Report.Reason.CONFIDENTIALITY
    )
    block = home.reports_waiting(lead)
    [item] = block.items
    assert item.title == f"Report {report.pk}: Confidentiality breach"
    assert item.url == reverse("safeguarding:report_detail", args=[report.pk])
    assert item.tag == "Content held"
    assert [i.url for i in home.reports_waiting(host_admin).items] == [item.url]
    # Another organisation's lead has an empty queue; the reporter reviews nothing.
    other = home.reports_waiting(other_lead)
    assert other.items == [] and other.empty_link.url == reverse("safeguarding:queue")
    assert home.reports_waiting(practitioner) is None
