"""Every write of collaboration (import the package, not its modules)."""

from .agreements import (
    agreement_accept,
    agreement_create,
    agreement_end,
    agreement_propose,
    agreement_renew,
    agreement_set_published,
    agreement_start_review,
    agreement_update,
    agreements_activate_due,
    lock_agreement,
    milestone_mark_done,
)
from .directory import directory_settings_update
from .opportunities import (
    can_manage_opportunity,
    interest_express,
    interest_reply,
    opportunity_close,
    opportunity_create,
)
from .reminders import agreement_reminders_send
from .shadowing import (
    host_and_guest,
    shadowing_arrange,
    shadowing_complete,
    shadowing_listing_close,
    shadowing_listing_create,
    shadowing_respond,
)

__all__ = [
    "agreement_accept",
    "agreement_create",
    "agreement_end",
    "agreement_propose",
    "agreement_reminders_send",
    "agreement_renew",
    "agreement_set_published",
    "agreement_start_review",
    "agreement_update",
    "agreements_activate_due",
    "can_manage_opportunity",
    "directory_settings_update",
    "host_and_guest",
    "interest_express",
    "interest_reply",
    "lock_agreement",
    "milestone_mark_done",
    "opportunity_close",
    "opportunity_create",
    "shadowing_arrange",
    "shadowing_complete",
    "shadowing_listing_close",
    "shadowing_listing_create",
    "shadowing_respond",
]
