"""Every write to CPD records, shares and settings (import the package, not its modules).

* ``drafts``: drafts from what people did (attendance, library, shadowing), made once.
* ``records``: the owner's own writes (create, update, finalise, return to draft,
  delete, evidence, settings), each validated and guarded.
* ``shares``: read-only links for a supervisor, revocable and expiring.
* ``reminders``: the daily deadline reminders.
"""

from ..models import ActivityType
from .drafts import (
    ACTIVITY_TYPES,
    cpd_draft_from_attendance,
    cpd_draft_from_library_item,
    cpd_draft_from_shadowing,
    cpd_draft_from_source,
)
from .records import (
    EDITABLE,
    GUARDED,
    evidence_add,
    evidence_remove,
    record_create,
    record_delete,
    record_finalise,
    record_return_to_draft,
    record_update,
    settings_update,
    validate_record,
)
from .reminders import cpd_reminders_send
from .shares import SHARE_DEFAULT_DAYS, SHARE_MAX_DAYS, share_create, share_revoke, share_viewed

__all__ = [
    "ACTIVITY_TYPES",
    "EDITABLE",
    "GUARDED",
    "SHARE_DEFAULT_DAYS",
    "SHARE_MAX_DAYS",
    "ActivityType",
    "cpd_draft_from_attendance",
    "cpd_draft_from_library_item",
    "cpd_draft_from_shadowing",
    "cpd_draft_from_source",
    "cpd_reminders_send",
    "evidence_add",
    "evidence_remove",
    "record_create",
    "record_delete",
    "record_finalise",
    "record_return_to_draft",
    "record_update",
    "settings_update",
    "share_create",
    "share_revoke",
    "share_viewed",
    "validate_record",
]
