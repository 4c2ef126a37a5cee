"""Reads of CPD records. A person sees only their own; a share's holder sees only the
records shared with it, and only while the share is neither revoked nor expired. Nothing
here returns another person's records to anyone: not host admins, not organisation
admins (their figures come from ``progress.organisation_peer_reflection``)."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from practice_commons.core.errors import NotFound

from . import frameworks
from .models import CpdRecord, CpdSettings, CpdShare, Evidence, RecordStatus, share_token_digest


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def records_for(user) -> QuerySet[CpdRecord]:
    if not _signed_in(user):
        return CpdRecord.objects.none()
    return CpdRecord.objects.filter(user_id=user.pk).order_by("-date", "-pk")


def record_for_owner(user, record_id) -> CpdRecord:
    """The record, if it is the user's own; ``NotFound`` otherwise (the same answer for a
    record that does not exist and for someone else's)."""
    try:
        record_id = int(record_id)
    except (TypeError, ValueError):
        raise NotFound from None
    record = (
        records_for(user)
        .filter(pk=record_id)
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .first()
    )
    if record is None:
        raise NotFound
    return record


def evidence_for_owner(user, record_id, evidence_id) -> Evidence:
    record = record_for_owner(user, record_id)
    evidence = next((e for e in record.evidence.all() if e.pk == evidence_id), None)
    if evidence is None:
        raise NotFound
    return evidence


def period_ends_on(user) -> dt.date | None:
    if not _signed_in(user):
        return None
    return (
        CpdSettings.objects.filter(user_id=user.pk).values_list("period_ends_on", flat=True).first()
    )


def framework_and_period(user, *, today: dt.date | None = None, year: int | None = None):
    """(framework, period) for the user: the period holding ``today``, or with ``year``
    the period holding that year's deadline day (for Social Work England, 1 December of
    the year before to 30 November of ``year``)."""
    today = today or timezone.localdate()
    framework = frameworks.framework_for(user)
    ends_on = period_ends_on(user) if not framework.fixed_period else None
    period = framework.period_for(today, period_ends_on=ends_on)
    if year is not None and year != period.end.year:
        try:
            day = period.end.replace(year=year)
        except ValueError:
            day = period.end.replace(year=year, day=28)
        period = framework.period_for(day, period_ends_on=ends_on)
    return framework, period


def records_in_period(user, period) -> QuerySet[CpdRecord]:
    return (
        records_for(user)
        .filter(date__gte=period.start, date__lte=period.end)
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by("date", "pk")
    )


def final_records_in_period(user, period) -> QuerySet[CpdRecord]:
    return records_in_period(user, period).filter(status=RecordStatus.FINAL)


# --- Shares -----------------------------------------------------------------------------------


def shares_for(user) -> QuerySet[CpdShare]:
    if not _signed_in(user):
        return CpdShare.objects.none()
    return (
        CpdShare.objects.filter(owner_id=user.pk)
        .prefetch_related(Prefetch("records", queryset=CpdRecord.objects.order_by("-date", "-pk")))
        .order_by("-created_at", "-pk")
    )


def share_for_owner(user, share_id) -> CpdShare:
    share = shares_for(user).filter(pk=share_id).first()
    if share is None:
        raise NotFound
    return share


def share_for_token(token: str, *, now=None) -> CpdShare:
    """The share a link's token opens, if it is still usable (not revoked, not expired);
    ``NotFound`` otherwise, with no difference between the cases."""
    if not token or len(token) > 100:
        raise NotFound
    share = (
        CpdShare.objects.filter(token_digest=share_token_digest(token))
        .select_related("owner")
        .first()
    )
    if share is None or not share.is_usable(now):
        raise NotFound
    return share


def shared_records(share: CpdShare) -> QuerySet[CpdRecord]:
    """Only the records chosen for this share that still belong to its owner."""
    return (
        share.records.filter(user_id=share.owner_id)
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by("-date", "-pk")
    )


def shared_evidence(share: CpdShare, evidence_id: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(
            pk=evidence_id, record__shares=share, record__user_id=share.owner_id
        )
        .select_related("record")
        .first()
    )
    if evidence is None:
        raise NotFound
    return evidence
