"""Every write in the library: keyword-only, actor first, atomic, permission- and
guard-checked, audited. Import from here: ``services.item_create(...)``.

Modules by use case: ``items`` (create, edit with versions, submit, review, review-by
reminders), ``solutions`` (drafts from solved threads, one-step publication),
``engagement`` (endorse, celebrate, reflected on), ``glossary`` (suggest, decide),
``links`` (the link check) and ``attachments`` (files, scanned before they are stored).
"""

from .attachments import attachment_add
from .common import images_allowed, review_required
from .engagement import endorsement_add, item_reflect
from .glossary import term_decide, term_suggest
from .items import (
    item_create,
    item_review,
    item_submit,
    item_update,
    record_version,
    review_reminders_send,
)
from .links import link_check, links_check
from .solutions import solution_draft_from_thread, solution_publish

__all__ = [
    "attachment_add",
    "endorsement_add",
    "images_allowed",
    "item_create",
    "item_reflect",
    "item_review",
    "item_submit",
    "item_update",
    "link_check",
    "links_check",
    "record_version",
    "review_reminders_send",
    "review_required",
    "solution_draft_from_thread",
    "solution_publish",
    "term_decide",
    "term_suggest",
]
