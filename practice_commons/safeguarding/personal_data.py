"""The safeguarding part of a subject-access export (``core.personal_data``).

- Reports the person made: what they reported (kind and id), why, their own details,
  status and outcome. Who else received the report stays out.
- Reports about the person's own content, once closed: the fact (which of their things,
  the reason, when) and the outcome, never who reported it nor what the reporter wrote.
  Open reports are left out: telling the author while a confidentiality or safeguarding
  report is still being looked at could prejudice it (the conservative choice; a host
  admin handling a subject-access request can add them by hand once it is closed).
- The scopes they are a safeguarding lead for, and how many reports were routed to them
  (never those reports' content: that is other people's).
"""

from django.contrib.contenttypes.models import ContentType

from practice_commons.core.personal_data import register_exporter, rows

from .models import Report, SafeguardingLead

# The field that names a piece of content's author, on whichever model it lives.
OWNER_FIELDS = ("author", "created_by", "poster", "sender", "user")


def _content_kind(report) -> str:
    return report.content_type.model_class()._meta.label if report.content_type_id else ""


def _about_their_content(user) -> list[dict]:
    closed = Report.objects.exclude(status__in=Report.OPEN_STATUSES)
    found = []
    for type_id in closed.values_list("content_type_id", flat=True).distinct().order_by():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        owner = next((f for f in OWNER_FIELDS if f in names), None)
        if owner is None:
            continue
        theirs = model._default_manager.filter(**{owner: user}).values("pk")
        for report in closed.filter(content_type_id=type_id, object_id__in=theirs).order_by(
            "created_at"
        ):
            found.append(
                {
                    "content_kind": model._meta.label,
                    "content_id": report.object_id,
                    "reason": report.reason,
                    "status": report.status,
                    "outcome": report.outcome,
                    "created_at": report.created_at,
                    "closed_at": report.closed_at,
                }
            )
    return found


def export(user) -> dict:
    return {
        "reports_made": rows(
            Report.objects.filter(reporter=user)
            .select_related("content_type")
            .order_by("created_at"),
            "object_id",
            "reason",
            "details",
            "status",
            "outcome",
            "created_at",
            "closed_at",
            content_kind=_content_kind,
        ),
        "reports_about_your_content": _about_their_content(user),
        "safeguarding_lead_for": rows(
            SafeguardingLead.objects.filter(user=user).select_related("scope_type"),
            "scope_id",
            "created_at",
            scope_kind=lambda lead: lead.scope_type.model_class()._meta.label,
            scope_name=lambda lead: str(lead.scope) if lead.scope is not None else "",
        ),
        "reports_routed_to_you_count": Report.objects.filter(routed_to=user).count(),
    }


register_exporter(
    "safeguarding", export, covers=["safeguarding.Report", "safeguarding.SafeguardingLead"]
)
