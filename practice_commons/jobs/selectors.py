"""Reads of job listings."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from practice_commons.core.errors import NotFound

from . import policies
from .models import Job


def open_q(today=None) -> Q:
    return Q(status=Job.Status.OPEN, closes_on__gte=today or timezone.localdate())


def jobs_list(*, filters: dict | None = None) -> QuerySet[Job]:
    """Open listings before their closing date, soonest closing first. Filters:
    profession, organisation (slugs), contract_type, nation, q (title or location)."""
    f = filters or {}
    qs = Job.objects.filter(open_q())
    if f.get("profession"):
        qs = qs.filter(profession__slug=f["profession"])
    if f.get("organisation"):
        qs = qs.filter(organisation__slug=f["organisation"])
    if f.get("contract_type"):
        qs = qs.filter(contract_type=f["contract_type"])
    if f.get("nation"):
        qs = qs.filter(nation=f["nation"])
    if f.get("q"):
        qs = qs.filter(Q(title__icontains=f["q"]) | Q(location__icontains=f["q"]))
    return qs.select_related("organisation", "profession").order_by("closes_on", "pk")


def job_for_reader(user, pk: int) -> Job:
    """Open jobs for anyone; a closed or withdrawn one only for who manages it."""
    found = Job.objects.select_related("organisation", "profession").filter(pk=pk).first()
    if found is None:
        raise NotFound
    if not found.is_open and not policies.can_manage_jobs(user, found.organisation):
        raise NotFound
    return found


def job_for_manager(user, pk: int) -> Job:
    found = Job.objects.select_related("organisation", "profession").filter(pk=pk).first()
    if found is None or not policies.can_manage_jobs(user, found.organisation):
        raise NotFound
    return found


def jobs_like(job: Job, limit: int = 5) -> QuerySet[Job]:
    """Open jobs like this one: the same profession first, then the same nation, then the
    same contract type; soonest closing first; never the job itself."""
    return (
        Job.objects.filter(open_q())
        .exclude(pk=job.pk)
        .filter(
            Q(profession_id=job.profession_id)
            | Q(nation=job.nation, contract_type=job.contract_type)
        )
        .annotate(
            score=Case(
                When(profession_id=job.profession_id, then=Value(4)),
                default=Value(0),
                output_field=IntegerField(),
            )
            + Case(
                When(nation=job.nation, then=Value(2)),
                default=Value(0),
                output_field=IntegerField(),
            )
            + Case(
                When(contract_type=job.contract_type, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .select_related("organisation", "profession")
        .order_by("-score", "closes_on", "pk")[:limit]
    )


def jobs_managed_by(user) -> QuerySet[Job]:
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    if user.is_host_admin:
        qs = Job.objects.all()
    else:
        qs = Job.objects.filter(organisation__in=policies.employers_for(user))
    return qs.select_related("organisation", "profession").order_by("-created_at", "-pk")
