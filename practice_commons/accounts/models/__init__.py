"""People, professions, organisations, the host's register and the audit trail (one
module per subject)."""

from .people import (
    AuditEvent,
    ExpertiseTag,
    HostRole,
    Nation,
    Organisation,
    OrganisationMembership,
    Profession,
    Regulator,
    User,
    UserManager,
)
from .register import (
    ClaimStatus,
    HostMembership,
    HostMembershipClaim,
    HostMembershipRecord,
    RegisterSource,
    valid_on_q,
)

__all__ = [
    "AuditEvent",
    "ClaimStatus",
    "ExpertiseTag",
    "HostMembership",
    "HostMembershipClaim",
    "HostMembershipRecord",
    "HostRole",
    "Nation",
    "Organisation",
    "OrganisationMembership",
    "Profession",
    "RegisterSource",
    "Regulator",
    "User",
    "UserManager",
    "valid_on_q",
]
