"""The audit page's one write: exporting the trail is itself audited."""

from django.db.models import QuerySet

from ..audit_selectors import audit_entries
from ..models import AuditEvent
from .common import audit_record

# Filters named in the ``audit.export`` entry; the actor search is recorded as used or
# not, never the text typed.
_RECORDED_FILTERS = ("action", "target_type", "target_id", "date_from", "date_to")


def audit_trail_export(*, actor, **filters) -> QuerySet[AuditEvent]:
    """The entries ``audit_entries`` selects for ``filters`` (host admins only,
    ``PermissionDenied`` otherwise), after recording ``audit.export`` with the filters
    used. The export's own entry is not in the rows it returns."""
    entries = audit_entries(actor, **filters)
    recorded = {k: str(filters[k]) for k in _RECORDED_FILTERS if filters.get(k)}
    if filters.get("actor_email"):
        recorded["actor_search"] = True
    entry = audit_record(actor=actor, action="audit.export", data={"filters": recorded})
    return entries.exclude(pk=entry.pk)
