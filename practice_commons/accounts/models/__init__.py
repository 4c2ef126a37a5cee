"""People, professions, organisations, the host's register and the audit trail (one
module per subject)."""

from .affiliation import (
    AffiliationRequest,
    OnboardingImport,
    OnboardingInvitation,
    OrganisationDomain,
)
from .people import (
    AuditEvent,
    AuditTrailAppendOnly,
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
from .personal_data import ExportStatus, PersonalDataExport
from .register import (
    ClaimStatus,
    HostMembership,
    HostMembershipClaim,
    HostMembershipRecord,
    RegisterSource,
    valid_on_q,
)

__all__ = [
    "AffiliationRequest",
    "AuditEvent",
    "AuditTrailAppendOnly",
    "ClaimStatus",
    "ExpertiseTag",
    "ExportStatus",
    "HostMembership",
    "HostMembershipClaim",
    "HostMembershipRecord",
    "HostRole",
    "Nation",
    "OnboardingImport",
    "OnboardingInvitation",
    "Organisation",
    "OrganisationDomain",
    "OrganisationMembership",
    "PersonalDataExport",
    "Profession",
    "RegisterSource",
    "Regulator",
    "User",
    "UserManager",
    "valid_on_q",
]
