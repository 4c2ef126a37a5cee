"""Pages for people and organisations, one module per subject."""

from .organisations import organisation_people, organisation_remove_person, organisation_set_role
from .profiles import profile, profile_edit

__all__ = [
    "organisation_people",
    "organisation_remove_person",
    "organisation_set_role",
    "profile",
    "profile_edit",
]
