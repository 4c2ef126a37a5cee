"""Reads of reports, leads and holds, already filtered to what the reader may see.

Listing pages of other apps hide held content with one subquery::

    posts = Post.objects.exclude(pk__in=selectors.hidden_ids(Post))

and detail pages with ``if selectors.hidden_from(request.user, post): raise NotFound``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from practice_commons.accounts.models import AuditEvent, HostRole, User
from practice_commons.core.errors import NotFound

from .models import ContentHold, Report, SafeguardingLead
from .registry import reportable_for, reportable_models, scope_for


def _ct(model_or_obj) -> ContentType:
    # ContentType's manager caches per process, so this costs no query after the first.
    return ContentType.objects.get_for_model(model_or_obj)


# --- Holds ------------------------------------------------------------------------------


def is_hidden(obj) -> bool:
    """Whether ``obj`` is under a hold (hidden from everyone but moderators)."""
    return ContentHold.objects.filter(content_type=_ct(obj), object_id=obj.pk).exists()


def hidden_ids(model) -> QuerySet:
    """Ids of ``model``'s held rows, as a lazy queryset: use it as a subquery
    (``exclude(pk__in=hidden_ids(Post))``) so a listing pays no extra query."""
    return ContentHold.objects.filter(content_type=_ct(model)).values_list("object_id", flat=True)


def exclude_hidden(queryset: QuerySet, viewer) -> QuerySet:
    """``queryset`` without held rows, unless the viewer is a host admin. Safeguarding
    leads review held content from the moderation queue, not from listings."""
    if getattr(viewer, "is_authenticated", False) and viewer.is_host_admin:
        return queryset
    return queryset.exclude(pk__in=hidden_ids(queryset.model))


def hidden_from(viewer, obj) -> bool:
    """Whether a detail page must 404 for ``viewer``: held, and not their report to review."""
    return is_hidden(obj) and not can_see_hidden(viewer, obj)


def can_see_hidden(viewer, obj) -> bool:
    if not getattr(viewer, "is_authenticated", False):
        return False
    if viewer.is_host_admin:
        return True
    return Report.objects.filter(content_type=_ct(obj), object_id=obj.pk, routed_to=viewer).exists()


# --- Leads and routing ----------------------------------------------------------------


def host_admins() -> QuerySet[User]:
    return User.objects.filter(
        Q(host_role=HostRole.HOST_ADMIN) | Q(is_superuser=True), is_active=True
    ).order_by("pk")


def leads_for(scope_object) -> QuerySet[User]:
    """The active safeguarding leads named for ``scope_object`` (none for ``None``)."""
    if scope_object is None:
        return User.objects.none()
    return User.objects.filter(
        safeguarding_leads__scope_type=_ct(scope_object),
        safeguarding_leads__scope_id=scope_object.pk,
        is_active=True,
    ).order_by("pk")


def lead_assignments_for(scope_object) -> QuerySet[SafeguardingLead]:
    return SafeguardingLead.objects.filter(
        scope_type=_ct(scope_object), scope_id=scope_object.pk
    ).select_related("user", "user__profession")


def lead_assignment_for_manager(actor, lead_id: int) -> SafeguardingLead:
    """The assignment, if ``actor`` may remove it; 404 otherwise."""
    lead = SafeguardingLead.objects.select_related("user", "scope_type").filter(pk=lead_id).first()
    if lead is None or lead.scope is None or not can_manage_leads(actor, lead.scope):
        raise NotFound
    return lead


def can_manage_leads(actor, scope_object) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_host_admin:
        return True
    registration = scope_for(scope_object)
    return registration is not None and bool(registration.can_manage(actor, scope_object))


def route_for(obj) -> tuple[object | None, list[User]]:
    """Who receives a report about ``obj``: its scope's leads, or host admins if none."""
    registration = reportable_for(obj)
    scope = registration.scope(obj) if registration else None
    people = list(leads_for(scope))
    return scope, people or list(host_admins())


# --- Reports ----------------------------------------------------------------------------


def is_moderator(user) -> bool:
    """Whether the queue is for ``user``: host admins, named leads, anyone routed reports."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        user.is_host_admin
        or SafeguardingLead.objects.filter(user=user).exists()
        or Report.objects.filter(routed_to=user).exists()
    )


def _with_hold(queryset: QuerySet[Report]) -> QuerySet[Report]:
    held = ContentHold.objects.filter(
        content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
    )
    return queryset.annotate(is_held=Exists(held))


def reports_for_moderator(user, *, open_only: bool = True) -> QuerySet[Report]:
    """Reports ``user`` reviews: routed to them, or every report for host admins."""
    queryset = Report.objects.all() if user.is_host_admin else Report.objects.filter(routed_to=user)
    statuses = Report.OPEN_STATUSES
    queryset = (
        queryset.filter(status__in=statuses) if open_only else queryset.exclude(status__in=statuses)
    )
    return _with_hold(
        queryset.select_related("reporter", "content_type").prefetch_related("content_object")
    ).order_by("-created_at", "-pk")


def report_for_moderator(user, pk: int) -> Report:
    """The report if ``user`` reviews it; 404 otherwise, so its existence is not confirmed."""
    queryset = Report.objects.filter(pk=pk)
    if not user.is_host_admin:
        queryset = queryset.filter(routed_to=user)
    report = (
        _with_hold(queryset.select_related("reporter", "content_type", "scope_type"))
        .prefetch_related("routed_to")
        .first()
    )
    if report is None:
        raise NotFound
    return report


def can_moderate(user, report: Report) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_host_admin or report.routed_to.filter(pk=user.pk).exists()


def reports_made_by(user) -> QuerySet[Report]:
    """The reporter's own reports: status and outcome only are shown to them."""
    return (
        Report.objects.filter(reporter=user)
        .select_related("content_type")
        .prefetch_related("content_object")
        .order_by("-created_at", "-pk")
    )


def report_made_by(user, pk: int) -> Report:
    report = Report.objects.filter(pk=pk, reporter=user).first()
    if report is None:
        raise NotFound
    return report


def report_trail(report: Report):
    """Every audited action on the report, oldest first (who, when, what, why)."""
    return (
        AuditEvent.objects.filter(target_type=Report._meta.label_lower, target_id=str(report.pk))
        .select_related("actor")
        .order_by("created_at", "pk")
    )


def reportable_object(content_type_id: int, object_id: int, *, viewer):
    """The object a report page is about; 404 if its model cannot be reported, or if
    ``viewer`` may not see it (the same answer as for an object that does not exist)."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    if model is None or model not in reportable_models():
        raise NotFound
    obj = model._default_manager.filter(pk=object_id).first()
    if obj is None:
        raise NotFound
    registration = reportable_for(obj)
    if registration.visible_to is not None and not registration.visible_to(viewer, obj):
        raise NotFound
    return obj


def reportable_object_by_label(label: str, object_id: int, *, viewer):
    """The same, for the API, which names models as ``app_label.model``."""
    app_label, _, model_name = (label or "").lower().partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
    except ContentType.DoesNotExist:
        raise NotFound from None
    return reportable_object(content_type.pk, object_id, viewer=viewer)


def report_url(obj) -> str:
    """Where to report ``obj`` (``{% report_link obj %}`` in templates)."""
    return reverse(
        "safeguarding:report", kwargs={"content_type_id": _ct(obj).pk, "object_id": obj.pk}
    )


def person_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()


def reporter_hidden_from(user, report: Report) -> bool:
    """The writer of reported content is never told who reported it, even when they are
    one of the leads the report is routed to. When the owner is unknown, assume it may be
    this moderator."""
    target = report.content_object
    registration = reportable_for(report.content_type.model_class()) if target else None
    if registration is None:
        return False
    try:
        owner = registration.owner(target)
    except Exception:  # noqa: BLE001 - unknown owner: treat the viewer as a possible owner
        return True
    return getattr(owner, "pk", None) == user.pk
