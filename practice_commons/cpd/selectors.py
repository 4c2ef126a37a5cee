"""Reads of CPD records: a person sees only their own."""

from django.db.models import QuerySet

from .models import CpdRecord


def records_for(user) -> QuerySet[CpdRecord]:
    if not getattr(user, "is_authenticated", False):
        return CpdRecord.objects.none()
    return CpdRecord.objects.filter(user_id=user.pk).order_by("-date", "-pk")
