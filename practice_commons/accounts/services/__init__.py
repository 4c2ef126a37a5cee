"""Every write to people, profiles, organisations and the host's register goes through
here."""

from ..selectors import can_manage_organisation
from .affiliation import (
    affiliation_approve,
    affiliation_choose,
    affiliation_confirm,
    affiliation_decline,
    affiliation_from_sso,
    affiliation_link_resend,
    organisation_domain_add,
    organisation_domain_remove,
)
from .audit import audit_trail_export
from .common import audit_record, full_clean_with_lengths, unique_slug
from .erasure import (
    account_erase,
    account_erase_inactive,
    account_erase_with_password,
    account_erasure_blockers,
    former_member,
)
from .mfa import organisation_mfa_requirement_set
from .onboarding import onboarding_upload
from .onboarding_invitations import (
    onboarding_import_confirm,
    onboarding_invitation_accept,
    onboarding_invitations_accept_by_ids,
)
from .organisations import (
    organisation_create,
    organisation_membership_remove,
    organisation_membership_set_role,
)
from .personal_data import (
    personal_data_archive,
    personal_data_export_build,
    personal_data_export_request,
    personal_data_export_write,
    personal_data_exports_expire,
)
from .profiles import (
    PROFILE_FIELDS,
    PROFILE_GUARDED_FIELDS,
    NewOrganisation,
    expertise_tags_from_names,
    profile_texts_replace,
    profile_update,
)
from .register import (
    host_membership_end,
    host_membership_grant,
    host_membership_match_verified_email,
    host_memberships_expire,
)
from .register_claims import host_membership_claim, host_membership_claim_decide
from .register_import import RegisterImport, RowError, host_membership_import
from .register_rules import normalise_number
from .retention import audit_events_purge, idle_accounts

__all__ = [
    "idle_accounts",
    "account_erase",
    "account_erase_inactive",
    "account_erase_with_password",
    "account_erasure_blockers",
    "former_member",
    "PROFILE_FIELDS",
    "PROFILE_GUARDED_FIELDS",
    "NewOrganisation",
    "RegisterImport",
    "RowError",
    "affiliation_approve",
    "affiliation_choose",
    "affiliation_confirm",
    "affiliation_decline",
    "affiliation_from_sso",
    "affiliation_link_resend",
    "audit_events_purge",
    "audit_record",
    "audit_trail_export",
    "can_manage_organisation",
    "expertise_tags_from_names",
    "full_clean_with_lengths",
    "host_membership_claim",
    "host_membership_claim_decide",
    "host_membership_end",
    "host_membership_grant",
    "host_membership_import",
    "host_membership_match_verified_email",
    "host_memberships_expire",
    "normalise_number",
    "onboarding_import_confirm",
    "onboarding_invitation_accept",
    "onboarding_invitations_accept_by_ids",
    "onboarding_upload",
    "organisation_create",
    "organisation_domain_add",
    "organisation_domain_remove",
    "organisation_membership_remove",
    "organisation_membership_set_role",
    "organisation_mfa_requirement_set",
    "personal_data_archive",
    "personal_data_export_build",
    "personal_data_export_request",
    "personal_data_export_write",
    "personal_data_exports_expire",
    "profile_texts_replace",
    "profile_update",
    "unique_slug",
]
