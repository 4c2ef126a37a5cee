"""Reads for the host's membership register pages: host admins only, except a person's
own claims. Fetch-and-check: each raises ``PermissionDenied`` for anyone who is not a
host admin and ``NotFound`` for an id that does not exist."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from practice_commons.core.errors import NotFound, PermissionDenied

from .models import ClaimStatus, HostMembershipClaim, HostMembershipRecord, User, valid_on_q

REGISTER_VIEWS = ("current", "ended", "all")


def require_register_reader(user) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_host_admin):
        raise PermissionDenied


def _matching(q: str) -> Q:
    compact = "".join(q.split())
    return (
        Q(email__icontains=q)
        | Q(number__icontains=compact)
        | Q(user__full_name__icontains=q)
        | Q(user__email__icontains=q)
    )


def register_rows(user, *, q: str = "", show: str = "current") -> QuerySet[HostMembershipRecord]:
    """Register rows, newest first: ``current`` (not ended, not past their last day,
    including those that start later), ``ended`` (ended, or past their last day) or
    ``all``; ``q`` searches addresses, numbers and matched people's names."""
    require_register_reader(user)
    today = timezone.localdate()
    rows = HostMembershipRecord.objects.select_related("user", "granted_by", "ended_by")
    past = Q(ended_at__isnull=False) | Q(valid_until__lt=today)
    if show == "current":
        rows = rows.exclude(past)
    elif show == "ended":
        rows = rows.filter(past)
    q = (q or "").strip()
    if q:
        rows = rows.filter(_matching(q))
    return rows.order_by("-granted_at", "-pk")


def register_record(user, record_id: int) -> HostMembershipRecord:
    require_register_reader(user)
    record = HostMembershipRecord.objects.select_related("user").filter(pk=record_id).first()
    if record is None:
        raise NotFound
    return record


def _with_register_match(claims: QuerySet[HostMembershipClaim]) -> QuerySet[HostMembershipClaim]:
    """Whether the register has an open row with the claim's number (for the reviewer)."""
    on_register = HostMembershipRecord.objects.filter(
        ended_at__isnull=True, number=OuterRef("number")
    ).exclude(number="")
    return claims.annotate(on_register=Exists(on_register))


def pending_claims(user) -> QuerySet[HostMembershipClaim]:
    require_register_reader(user)
    claims = HostMembershipClaim.objects.filter(status=ClaimStatus.PENDING).select_related(
        "user", "user__profession", "user__organisation"
    )
    return _with_register_match(claims).order_by("created_at", "pk")


def pending_claims_count(user) -> int:
    require_register_reader(user)
    return HostMembershipClaim.objects.filter(status=ClaimStatus.PENDING).count()


def claim_for_review(user, claim_id: int) -> HostMembershipClaim:
    require_register_reader(user)
    claims = HostMembershipClaim.objects.filter(pk=claim_id).select_related(
        "user", "user__profession", "user__organisation"
    )
    claim = _with_register_match(claims).first()
    if claim is None:
        raise NotFound
    return claim


def register_rows_for_number(user, number: str) -> QuerySet[HostMembershipRecord]:
    """Every row, open or ended, with this membership number (what a reviewer checks)."""
    require_register_reader(user)
    if not number:
        return HostMembershipRecord.objects.none()
    return HostMembershipRecord.objects.filter(number=number).select_related("user")


def latest_claim(person: User) -> HostMembershipClaim | None:
    """The person's own most recent claim, for their profile."""
    return HostMembershipClaim.objects.filter(user=person).order_by("-created_at", "-pk").first()


def current_record(person: User) -> HostMembershipRecord | None:
    """The register row that makes the person a member today, for their profile."""
    return (
        HostMembershipRecord.objects.filter(valid_on_q(timezone.localdate()), user=person)
        .order_by("valid_until", "pk")
        .first()
    )
