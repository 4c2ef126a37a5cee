"""Reminders before reviews and milestones (idempotent), the overdue view, the daily
jobs, and the PDF export."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from practice_commons.collaboration import selectors, services, tasks
from practice_commons.collaboration.models import Agreement
from practice_commons.notifications.models import Notification
from practice_commons.notifications.scheduler import _registered_jobs

from .conftest import agreed, make_terms, today

pytestmark = pytest.mark.django_db


def test_review_and_milestone_reminders_once(world):
    agreement = agreed(
        world,
        terms=make_terms(
            review_on=today() + dt.timedelta(days=10),
            milestones=[(today() + dt.timedelta(days=3), "First joint session")],
        ),
    )
    sent = services.agreement_reminders_send(today=today())
    assert sent == 4  # two contacts × (review + milestone)
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {"review_due", "reminder"}
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {world["council_admin"].pk, world["police_contact"].pk}
    assert services.agreement_reminders_send(today=today()) == 0  # idempotent
    # a done milestone is not reminded; an overdue review is, once more
    services.milestone_mark_done(actor=world["council_admin"], milestone=agreement.milestones.get())
    later = today() + dt.timedelta(days=11)
    assert services.agreement_reminders_send(today=later) == 2
    assert services.agreement_reminders_send(today=later) == 0


def test_no_reminders_for_drafts_or_ended(world):
    from .conftest import draft

    draft(world, terms=make_terms(review_on=today() + dt.timedelta(days=1)))
    ended = agreed(world, terms=make_terms(review_on=today() + dt.timedelta(days=1)))
    services.agreement_end(actor=world["council_admin"], agreement=ended)
    assert services.agreement_reminders_send(today=today()) == 0


def test_overdue_view(world, client):
    agreement = agreed(world)
    Agreement.objects.filter(pk=agreement.pk).update(review_on=today() - dt.timedelta(days=2))
    agreement.milestones.update(due_on=today() - dt.timedelta(days=1))
    found = selectors.overdue_for(world["police_admin"])
    assert list(found["reviews"]) == [agreement] and found["milestones"].count() == 1
    assert not selectors.overdue_for(world["other_admin"])["reviews"].exists()
    client.force_login(world["police_admin"])
    html = client.get(reverse("collaboration:overdue")).content.decode()
    assert agreement.title in html and "First joint session" in html
    client.force_login(world["other_admin"])
    assert agreement.title not in client.get(reverse("collaboration:overdue")).content.decode()


def test_daily_jobs_are_registered_and_run():
    assert "collaboration-agreement-reminders" in _registered_jobs
    assert "collaboration-agreements-activate" in _registered_jobs
    assert tasks.send_agreement_reminders.call() == 0
    assert tasks.activate_due_agreements.call() == 0


def test_pdf_export(world, client):
    agreement = agreed(world)
    client.force_login(world["police_contact"])
    response = client.get(reverse("collaboration:agreement_pdf", args=[agreement.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    version = agreement.versions.get()
    assert "Joint neglect training" in text
    assert "Riverside Council" in text and "Northshire Police" in text
    assert version.text_hash in text.replace("\n", "")
    assert "Paz Contact for Northshire Police" in text
