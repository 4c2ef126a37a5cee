"""Signals collaboration sends after its transaction commits, with ids and plain values
only. Higher apps connect one thin handler each (``cpd.handlers``)."""

from django.dispatch import Signal

# A work-shadowing day took place (its host marked it completed). Sent once per
# agreement, for the person who shadowed, with:
#   user_id, source_id (the agreement's id), title (already through the guard),
#   date, end_date, hours, organisation_name (the host organisation).
# cpd makes a draft "shadowing" CPD record from it (cpd.services.cpd_draft_from_shadowing).
shadowing_completed = Signal()
