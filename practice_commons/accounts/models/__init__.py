"""People, professions, organisations and the audit trail (one module per subject)."""

from .people import (
    AuditEvent,
    ExpertiseTag,
    HostMembership,
    HostRole,
    Nation,
    Organisation,
    OrganisationMembership,
    Profession,
    Regulator,
    User,
    UserManager,
)

__all__ = [
    "AuditEvent",
    "ExpertiseTag",
    "HostMembership",
    "HostRole",
    "Nation",
    "Organisation",
    "OrganisationMembership",
    "Profession",
    "Regulator",
    "User",
    "UserManager",
]
