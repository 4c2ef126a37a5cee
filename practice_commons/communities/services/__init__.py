"""Every write to communities, their rules and their memberships.

One function per use case, keyword-only, actor first, atomic. Permissions are checked
here (so the pages and the API cannot disagree), every text a person writes passes
through the confidentiality guard before it is stored, and moderation is audited.
Notifications and email are sent only after the transaction commits (``notify``).

One module per use case, all re-exported here (callers use ``services.<function>``):
``lifecycle`` (create, edit, archive, restore), ``rules`` (versions, acceptance),
``joining`` (join, ask, answer requests, leave), ``invitations``, ``moderation``
(remove, mute, roles) and ``leads`` (coordinators, safeguarding leads). Refusals are
``core.errors`` (``NotFound`` for a community the actor may not see, ``PermissionDenied``),
``ValidationError`` or the guard's ``ConfidentialityError``; permission questions
(``can_create_community``, ``can_archive``, ``can_moderate``…) are in ``selectors``.
"""

from .invitations import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_withdraw,
)
from .joining import community_join, community_leave, join_request_decide, membership_record_visit
from .leads import (
    membership_set_coordinator_title,
    safeguarding_lead_assign,
    safeguarding_lead_remove,
)
from .lifecycle import (
    EDITABLE_FIELDS,
    RESERVED_SLUGS,
    TEXT_FIELDS,
    community_archive,
    community_create,
    community_restore,
    community_update,
)
from .moderation import (
    MAX_MUTE_DAYS,
    MEMBERSHIP_NOTICE_KIND,
    membership_mute,
    membership_remove,
    membership_set_role,
    membership_unmute,
)
from .rules import clean_rules, community_rules_update, rules_accept

__all__ = [
    "EDITABLE_FIELDS",
    "MAX_MUTE_DAYS",
    "MEMBERSHIP_NOTICE_KIND",
    "RESERVED_SLUGS",
    "TEXT_FIELDS",
    "clean_rules",
    "community_archive",
    "community_create",
    "community_join",
    "community_leave",
    "community_restore",
    "community_rules_update",
    "community_update",
    "invitation_accept",
    "invitation_create",
    "invitation_resend",
    "invitation_withdraw",
    "join_request_decide",
    "membership_mute",
    "membership_record_visit",
    "membership_remove",
    "membership_set_coordinator_title",
    "membership_set_role",
    "membership_unmute",
    "rules_accept",
    "safeguarding_lead_assign",
    "safeguarding_lead_remove",
]
