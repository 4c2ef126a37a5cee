"""Signals collaboration sends after its transaction commits, with ids and plain values
only. Higher apps connect one thin handler each (``cpd.handlers``)."""

from django.dispatch import Signal

# A work-shadowing day took place (its host marked it completed). Sent once per
# agreement, for the person who shadowed, with:
#   user_id, source_id (the agreement's id), title (already through the guard),
#   date, end_date, hours, organisation_name (the host organisation).
# cpd makes a draft "shadowing" CPD record from it (cpd.services.cpd_draft_from_shadowing).
shadowing_completed = Signal()

# Sent after commit for the organisation webhooks (``api``), with ids only:
# an opportunity was posted: opportunity_id, organisation_id (None when posted by a person);
opportunity_created = Signal()
# someone expressed interest: interest_id, opportunity_id, organisation_id (or None);
interest_expressed = Signal()
# a party's contact accepted a version: agreement_id, version, party_ids (the
# ``AgreementParty`` ids accepted for), agreed (every party has now accepted).
agreement_accepted = Signal()
