"""Pages for people and organisations, one module per subject."""

from .affiliation import (
    affiliation_approve,
    affiliation_confirm,
    affiliation_decline,
    affiliation_resend,
    host_requests,
    organisation_domain_remove,
    organisation_domains,
    organisation_requests,
)
from .erasure import account_erase, account_erased
from .mfa import organisation_mfa_requirement
from .onboarding import onboarding_confirm, onboarding_home, onboarding_join, onboarding_status
from .organisations import organisation_people, organisation_remove_person, organisation_set_role
from .personal_data import personal_data_download, personal_data_request
from .profiles import profile, profile_edit

__all__ = [
    "account_erase",
    "account_erased",
    "affiliation_approve",
    "affiliation_confirm",
    "affiliation_decline",
    "affiliation_resend",
    "host_requests",
    "onboarding_confirm",
    "onboarding_home",
    "onboarding_join",
    "onboarding_status",
    "organisation_domain_remove",
    "organisation_domains",
    "organisation_mfa_requirement",
    "organisation_people",
    "organisation_remove_person",
    "organisation_requests",
    "organisation_set_role",
    "personal_data_download",
    "personal_data_request",
    "profile",
    "profile_edit",
]
