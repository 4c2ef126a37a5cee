"""Collaboration: the directory's per-person settings, opportunities and expressions of
interest, written agreements (versions, acceptances, milestones) and work-shadowing."""

from .agreements import (
    Acceptance,
    Agreement,
    AgreementKind,
    AgreementMilestone,
    AgreementParty,
    AgreementState,
    AgreementVersion,
)
from .directory import DirectoryListing, DirectoryVisibility
from .opportunities import Interest, InterestStatus, Opportunity, OpportunityKind, Sector
from .shadowing import ShadowingKind, ShadowingListing, ShadowingResponse

__all__ = [
    "Acceptance",
    "Agreement",
    "AgreementKind",
    "AgreementMilestone",
    "AgreementParty",
    "AgreementState",
    "AgreementVersion",
    "DirectoryListing",
    "DirectoryVisibility",
    "Interest",
    "InterestStatus",
    "Opportunity",
    "OpportunityKind",
    "Sector",
    "ShadowingKind",
    "ShadowingListing",
    "ShadowingResponse",
]
