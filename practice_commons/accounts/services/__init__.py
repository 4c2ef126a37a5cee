"""Every write to people, profiles and organisations goes through here."""

from ..selectors import can_manage_organisation
from .common import audit_record, full_clean_with_lengths, unique_slug
from .organisations import (
    organisation_create,
    organisation_membership_remove,
    organisation_membership_set_role,
)
from .profiles import (
    PROFILE_FIELDS,
    PROFILE_GUARDED_FIELDS,
    NewOrganisation,
    expertise_tags_from_names,
    profile_texts_replace,
    profile_update,
)

__all__ = [
    "PROFILE_FIELDS",
    "PROFILE_GUARDED_FIELDS",
    "NewOrganisation",
    "audit_record",
    "can_manage_organisation",
    "expertise_tags_from_names",
    "full_clean_with_lengths",
    "organisation_create",
    "organisation_membership_remove",
    "organisation_membership_set_role",
    "profile_texts_replace",
    "profile_update",
    "unique_slug",
]
