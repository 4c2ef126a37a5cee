"""Writing one's own CPD records: create, edit, finalise, return to draft, delete, evidence,
and the person's CPD settings.

Only the owner may write a record; anyone else is told it does not exist (``NotFound``),
so a record's id confirms nothing. Every text passes the confidentiality guard before
anything is written. Bad input is a ``ValidationError`` keyed by field, with a message
that says what to do, and changes nothing.
"""

import datetime as dt
import os
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.confidentiality.attachments import (
    AttachmentRejected,
    attachment_texts,
    read_attachment,
)
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import Conflict, NotFound
from practice_commons.core.text import clean_name_field, too_long_message

from .. import frameworks
from ..models import REFLECTIVE_FIELDS, ActivityType, CpdRecord, CpdSettings, Evidence, RecordStatus

EDITABLE = (
    "title",
    "activity_type",
    "date",
    "end_date",
    "hours",
    "description",
    "what_learnt",
    "impact",
    "peer_reflection",
    "peer_roles",
    "peer_learning",
    "pcf_domains",
    "standards",
)
# Free text the guard reads (every one of them, on every write).
GUARDED = ("title", "description", "what_learnt", "impact", "peer_roles", "peer_learning")
TEXT_LABELS = {
    "description": gettext_lazy("What you did and why it is relevant"),
    "what_learnt": gettext_lazy("What you learnt"),
    "impact": gettext_lazy("How it changes your practice"),
    "peer_roles": gettext_lazy("Who you reflected with"),
    "peer_learning": gettext_lazy("What you learnt from the peer discussion"),
}
FINAL_MESSAGES = {
    "description": gettext_lazy(
        "Write what you did and why it is relevant before making the record final."
    ),
    "what_learnt": gettext_lazy("Write what you learnt before making the record final."),
    "impact": gettext_lazy("Write how it changes your practice before making the record final."),
}
MAX_HOURS_PER_DAY = Decimal(24)
MAX_SPAN_DAYS = 366
MAX_EVIDENCE = 10


def _require_owner(actor, record: CpdRecord) -> None:
    if not getattr(actor, "is_authenticated", False) or record.user_id != actor.pk:
        raise NotFound


def _as_date(value, field: str, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            {field: _("%(label)s must be a real date, like 2026-11-27.") % {"label": label}}
        ) from None


def _as_hours(value) -> Decimal:
    try:
        hours = Decimal(str(value if value not in (None, "") else 0))
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": _("Hours must be a number, like 1.5.")}) from None
    if not hours.is_finite():
        raise ValidationError({"hours": _("Hours must be a number, like 1.5.")})
    return hours


def _codes(value, field: str) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str) or not all(isinstance(v, str | int) for v in value):
        raise ValidationError({field: _("Choose from the list.")})
    return list(dict.fromkeys(str(v) for v in value))


def validate_record(record: CpdRecord, *, final: bool, check_standards: bool = True) -> None:
    """Every rule a record must meet, as one ``ValidationError`` keyed by field. A final
    record must also have its reflective parts written. ``check_standards=False`` leaves
    standards chosen under an earlier regulator alone when a write does not touch them
    (the person changed regulator; the export still names them)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    today = timezone.localdate()
    try:
        record.title = clean_name_field(
            record.title, field="title", label=_("Title"), max_length=200
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                add(field, message)
    if record.activity_type not in ActivityType.values:
        add("activity_type", _("Choose a type of activity from the list."))
    if record.date is None:
        add("date", _("Enter the date of the activity."))
    elif record.date > today:
        add("date", _("The date cannot be in the future: record learning once it has happened."))
    if record.end_date is not None and record.date is not None:
        if record.end_date < record.date:
            add("end_date", _("The last day must be the same as or after the first day."))
        elif record.end_date > today:
            add("end_date", _("The last day cannot be in the future."))
        elif (record.end_date - record.date).days >= MAX_SPAN_DAYS:
            add("end_date", _("An activity can span at most a year: record each part."))
    hours = Decimal(str(record.hours)) if record.hours is not None else Decimal(0)
    record.hours = hours
    if hours < 0:
        add("hours", _("Hours cannot be negative."))
    elif record.date is not None and "end_date" not in errors:
        days = record.days
        if hours > MAX_HOURS_PER_DAY * days:
            add(
                "hours",
                _("Hours cannot be more than 24 a day: at most %(max)s for %(days)s.")
                % {
                    "max": MAX_HOURS_PER_DAY * days,
                    "days": _("1 day") if days == 1 else _("%(n)s days") % {"n": days},
                },
            )
    if hours.as_tuple().exponent < -1:
        add("hours", _("Give hours to one decimal place, like 1.5."))
    for name, label in TEXT_LABELS.items():
        value = getattr(record, name) or ""
        max_length = record._meta.get_field(name).max_length
        if max_length and len(value) > max_length:
            add(name, too_long_message(label, max_length, len(value)))
    if any(code not in frameworks.PCF_CODES for code in record.pcf_domains or []):
        add("pcf_domains", _("Choose PCF domains from the list."))
    framework = frameworks.framework_for(record.user)
    allowed = frameworks.all_standard_codes(framework)
    if check_standards and any(code not in allowed for code in record.standards or []):
        add(
            "standards",
            _("Choose standards from the list for %(framework)s.") % {"framework": framework.name},
        )
    if final:
        for name in REFLECTIVE_FIELDS:
            if not (getattr(record, name) or "").strip():
                add(name, str(FINAL_MESSAGES[name]))
    if errors:
        raise ValidationError(errors)


def _apply(record: CpdRecord, data: dict) -> None:
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This cannot be changed.")})
    for name, value in data.items():
        if name in ("date", "end_date"):
            label = _("Date") if name == "date" else _("Last day")
            value = _as_date(value, name, label)
        elif name == "hours":
            value = _as_hours(value)
        elif name in ("pcf_domains", "standards"):
            value = _codes(value, name)
        elif name == "peer_reflection":
            value = bool(value)
        elif value is None:
            value = ""
        elif isinstance(value, str) and name != "title":
            value = value.strip()
        setattr(record, name, value)
    if not record.peer_reflection:
        record.peer_roles, record.peer_learning = "", ""


def _guard(record: CpdRecord, acknowledged: bool) -> None:
    guard_texts(
        texts={name: getattr(record, name) or "" for name in GUARDED}, acknowledged=acknowledged
    )


@transaction.atomic
def record_create(*, actor, data: dict, confidentiality_acknowledged: bool = False) -> CpdRecord:
    """A new record of the actor's own, as a draft (``record_finalise`` makes it final)."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFound
    record = CpdRecord(user=actor, status=RecordStatus.DRAFT, date=None)
    _apply(record, data)
    validate_record(record, final=False)
    _guard(record, confidentiality_acknowledged)
    now = timezone.now()
    record.created_at = record.updated_at = now
    record.save()
    return record


@transaction.atomic
def record_update(
    *, actor, record: CpdRecord, data: dict, confidentiality_acknowledged: bool = False
) -> CpdRecord:
    """Change the given fields. A final record stays final, so it must still meet the
    rules for one (its reflective parts cannot be emptied)."""
    _require_owner(actor, record)
    record = CpdRecord.objects.select_for_update().get(pk=record.pk)
    _apply(record, data)
    validate_record(record, final=record.is_final, check_standards="standards" in data)
    _guard(record, confidentiality_acknowledged)
    record.updated_at = timezone.now()
    record.save()
    return record


@transaction.atomic
def record_finalise(*, actor, record: CpdRecord) -> CpdRecord:
    """The person says the record is complete. Refused with a message per missing part."""
    _require_owner(actor, record)
    record = CpdRecord.objects.select_for_update().get(pk=record.pk)
    if record.is_final:
        raise Conflict(_("This record is already final."))
    validate_record(record, final=True, check_standards=False)
    now = timezone.now()
    record.status = RecordStatus.FINAL
    record.finalised_at = record.updated_at = now
    record.save(update_fields=["status", "finalised_at", "updated_at", "title"])
    return record


@transaction.atomic
def record_return_to_draft(*, actor, record: CpdRecord) -> CpdRecord:
    _require_owner(actor, record)
    if not record.is_final:
        raise Conflict(_("This record is already a draft."))
    record.status = RecordStatus.DRAFT
    record.finalised_at = None
    record.updated_at = timezone.now()
    record.save(update_fields=["status", "finalised_at", "updated_at"])
    return record


@transaction.atomic
def record_delete(*, actor, record: CpdRecord) -> None:
    """Delete a record and its evidence files. A draft made from a source is not made
    again by a repeated signal only while it exists, which is the point of deleting it."""
    _require_owner(actor, record)
    files = [e.file.name for e in record.evidence.all() if e.file]
    record.delete()
    if files:
        storage = Evidence._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])


# --- Evidence ---------------------------------------------------------------------------------


@transaction.atomic
def evidence_add(
    *,
    actor,
    record: CpdRecord,
    label: str,
    url: str = "",
    upload=None,
    confidentiality_acknowledged: bool = False,
) -> Evidence:
    """A link or a file (one of the two) with a short label saying what it is."""
    _require_owner(actor, record)
    label = clean_name_field(label, field="label", label=_("What it is"), max_length=200)
    url = (url or "").strip()
    if bool(url) == bool(upload):
        raise ValidationError({"url": _("Give either a link or a file.")})
    if record.evidence.count() >= MAX_EVIDENCE:
        message = _("A record can have at most %(n)s pieces of evidence.") % {"n": MAX_EVIDENCE}
        raise ValidationError({"label": message})
    file_name, checked = "", None
    if url:
        if not url.startswith(("https://", "http://")) or len(url) > 500:
            raise ValidationError(
                {"url": _("Enter a link starting with https://, up to 500 characters.")}
            )
    else:
        try:
            checked = read_attachment(upload)
        except AttachmentRejected as exc:
            raise ValidationError({"file": str(exc)}) from None
        file_name = checked.name[:200]
    # The label, the link, the file's name and the text read from the file, in one guard.
    texts = {"label": label, "url": url, "file_name": file_name}
    if checked is not None:
        texts.update(attachment_texts([checked]))
    guard_texts(texts=texts, acknowledged=confidentiality_acknowledged)
    evidence = Evidence(
        record=record,
        kind=Evidence.Kind.LINK if url else Evidence.Kind.FILE,
        label=label,
        url=url,
        file_name=file_name,
    )
    if upload is not None:
        # An unguessable stored name: the writer's file name is kept only as the label.
        extension = checked.sniffed.extension or os.path.splitext(file_name)[1].lower()
        evidence.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence) -> None:
    _require_owner(actor, evidence.record)
    name = evidence.file.name if evidence.file else ""
    evidence.delete()
    if name:
        storage = Evidence._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(name))


# --- Settings ---------------------------------------------------------------------------------


@transaction.atomic
def settings_update(*, actor, period_ends_on: dt.date | None) -> CpdSettings:
    """The day the person's registration (or revalidation) period ends, for regulators
    whose period is the person's own."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFound
    today = timezone.localdate()
    if period_ends_on is not None and not (
        today - dt.timedelta(days=366) <= period_ends_on <= today + dt.timedelta(days=5 * 366)
    ):
        raise ValidationError(
            {"period_ends_on": _("Enter a date within the last year or the next five years.")}
        )
    settings, _created = CpdSettings.objects.update_or_create(
        user=actor, defaults={"period_ends_on": period_ends_on, "updated_at": timezone.now()}
    )
    return settings
