"""Writing records: the rules for dates, hours and final records, with clear messages
and nothing changed; ownership; the guard on every free-text field; evidence."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.confidentiality.guard import ConfidentialityBlocked
from practice_commons.confidentiality.testing import (
    IDENTIFYING_TEXT,
    assert_service_guarded,
    make_pdf,
)
from practice_commons.core.errors import Conflict, NotFound
from practice_commons.cpd import services
from practice_commons.cpd.models import CpdRecord, Evidence

from .conftest import REFLECTION

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _refused(call, field):
    with pytest.raises(ValidationError) as exc:
        call()
    assert field in exc.value.message_dict, exc.value.message_dict
    return " ".join(exc.value.message_dict[field])


def test_a_future_date_is_refused(social_worker):
    tomorrow = _today() + dt.timedelta(days=1)
    message = _refused(
        lambda: services.record_create(
            actor=social_worker, data={"title": "Course", "date": tomorrow, "hours": 1}
        ),
        "date",
    )
    assert "cannot be in the future" in message
    assert not CpdRecord.objects.exists()
    message = _refused(
        lambda: services.record_create(
            actor=social_worker,
            data={"title": "Course", "date": _today(), "end_date": tomorrow, "hours": 1},
        ),
        "end_date",
    )
    assert "future" in message


def test_hours_negative_or_over_24_a_day_are_refused(social_worker, make_record):
    def create(hours, **extra):
        return services.record_create(
            actor=social_worker,
            data={"title": "Course", "date": _today(), "hours": hours, **extra},
        )

    assert "cannot be negative" in _refused(lambda: create(Decimal("-1")), "hours")
    assert "more than 24 a day" in _refused(lambda: create(Decimal("24.5")), "hours")
    assert "one decimal place" in _refused(lambda: create(Decimal("1.25")), "hours")
    assert "a number" in _refused(lambda: create("lots"), "hours")
    assert not CpdRecord.objects.exists()
    assert create(Decimal(24)).hours == Decimal(24)
    # Three days allow up to 72 hours.
    start = _today() - dt.timedelta(days=2)
    assert create(Decimal(60), date=start, end_date=_today()).days == 3
    message = _refused(lambda: create(Decimal(73), date=start, end_date=_today()), "hours")
    assert "at most 72 for 3 days" in message
    assert "same as or after" in _refused(
        lambda: create(1, date=_today(), end_date=start), "end_date"
    )


def test_a_final_record_needs_its_reflective_parts(social_worker, make_record):
    record = make_record(social_worker)
    with pytest.raises(ValidationError) as exc:
        services.record_finalise(actor=social_worker, record=record)
    errors = exc.value.message_dict
    assert set(errors) == {"description", "what_learnt", "impact"}
    assert "what you learnt" in errors["what_learnt"][0]
    record.refresh_from_db()
    assert record.status == "draft" and record.finalised_at is None
    services.record_update(actor=social_worker, record=record, data=REFLECTION)
    final = services.record_finalise(actor=social_worker, record=record)
    assert final.status == "final" and final.finalised_at is not None
    with pytest.raises(Conflict):
        services.record_finalise(actor=social_worker, record=final)
    # A final record's reflection cannot be emptied; whitespace is empty.
    message = _refused(
        lambda: services.record_update(actor=social_worker, record=final, data={"impact": "  "}),
        "impact",
    )
    assert "before making the record final" in message
    final.refresh_from_db()
    assert final.impact == REFLECTION["impact"]
    draft = services.record_return_to_draft(actor=social_worker, record=final)
    assert draft.status == "draft" and draft.finalised_at is None


def test_other_checks_have_plain_messages(social_worker):
    def create(**data):
        return services.record_create(
            actor=social_worker, data={"title": "Course", "date": _today(), **data}
        )

    assert "Enter title" in _refused(lambda: create(title="  "), "title")
    assert "from the list" in _refused(lambda: create(activity_type="party"), "activity_type")
    assert "PCF domains" in _refused(lambda: create(pcf_domains=["10"]), "pcf_domains")
    assert "real date" in _refused(lambda: create(date="2026-02-30"), "date")
    assert "4,000 characters or fewer" in _refused(lambda: create(impact="x" * 4001), "impact")
    assert "cannot be changed" in _refused(lambda: create(user=1), "user")
    assert not CpdRecord.objects.exists()


def test_only_the_owner_writes(social_worker, make_record):
    record = make_record(social_worker)
    for other in (UserFactory(), HostAdminFactory()):
        with pytest.raises(NotFound):
            services.record_update(actor=other, record=record, data={"title": "Mine now"})
        with pytest.raises(NotFound):
            services.record_finalise(actor=other, record=record)
        with pytest.raises(NotFound):
            services.record_delete(actor=other, record=record)
        with pytest.raises(NotFound):
            services.evidence_add(actor=other, record=record, label="X", url="https://a.example")
    record.refresh_from_db()
    assert record.title == "Joint training on neglect"


@pytest.mark.parametrize(
    "field", ["title", "description", "what_learnt", "impact", "peer_roles", "peer_learning"]
)
def test_every_free_text_field_is_guarded(social_worker, make_record, field):
    def create(text):
        return services.record_create(
            actor=social_worker,
            data={"title": "Course", "date": _today(), "peer_reflection": True, field: text},
        )

    assert_service_guarded(create, model=CpdRecord)
    record = make_record(social_worker, peer_reflection=True)

    def update(text):
        return services.record_update(actor=social_worker, record=record, data={field: text})

    assert_service_guarded(update)
    record.refresh_from_db()
    assert "943" not in (getattr(record, field) or "")


def test_peer_details_are_kept_only_with_peer_reflection(social_worker):
    record = services.record_create(
        actor=social_worker,
        data={
            "title": "Supervision",
            "activity_type": "supervision",
            "date": _today(),
            "peer_reflection": False,
            "peer_roles": "my supervisor",
        },
    )
    assert record.peer_roles == ""


def test_evidence_links_and_files(social_worker, make_record, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record = make_record(social_worker)
    link = services.evidence_add(
        actor=social_worker, record=record, label="Certificate", url="https://example.org/c"
    )
    assert link.kind == "link"
    upload = SimpleUploadedFile("certificate.pdf", make_pdf("Certificate of attendance"))
    stored = services.evidence_add(
        actor=social_worker, record=record, label="Slides", upload=upload
    )
    assert stored.kind == "file" and stored.file_name == "certificate.pdf"
    assert "certificate" not in stored.file.name  # an unguessable stored name
    with pytest.raises(ValidationError):
        services.evidence_add(actor=social_worker, record=record, label="Both missing")
    with pytest.raises(ValidationError):
        services.evidence_add(
            actor=social_worker,
            record=record,
            label="Script",
            upload=SimpleUploadedFile("run.exe", b"MZ\x90\x00"),
        )
    with pytest.raises(ConfidentialityBlocked):
        services.evidence_add(
            actor=social_worker,
            record=record,
            label="Notes",
            upload=SimpleUploadedFile("notes.pdf", make_pdf(IDENTIFYING_TEXT)),
        )
    with pytest.raises(ValidationError):
        services.evidence_add(actor=social_worker, record=record, label="X", url="ftp://a")
    assert record.evidence.count() == 2
    assert_service_guarded(
        lambda text: services.evidence_add(
            actor=social_worker, record=record, label=text[:200], url="https://example.org"
        ),
        model=Evidence,
    )
    services.evidence_remove(actor=social_worker, evidence=link)
    assert list(record.evidence.values_list("label", flat=True)) == ["Slides"]


def test_delete_removes_the_record(social_worker, make_record):
    record = make_record(social_worker)
    services.record_delete(actor=social_worker, record=record)
    assert not CpdRecord.objects.exists()
