"""The API writes of communities, threads, messages, the library, jobs and leads.

How to make a valid request to each, and which of its strings the guard reads
(``API_WRITES_PEOPLE``) or why it need not (``API_EXEMPT_PEOPLE``, "Schema.path" ->
reason). Merged into the tables of ``tests/test_guard_everywhere.py``, which tries every
guarded string with identifying text and expects a 422 with nothing stored.
"""

from .api_write import ApiWrite
from .objects import _job, _library_item

_LIBRARY_LOOKUPS = {
    "topics[]": "topic slugs, looked up",
    "professions[]": "profession slugs, looked up",
    "organisations[]": "organisation slugs, looked up",
    "nations[]": "nation values, checked by the service",
    "age_groups[]": "age group values, checked by the service",
    "pcf_domains[]": "PCF domain values, checked by the service",
    "agencies[]": "organisation kinds, checked by the service",
}

API_EXEMPT_PEOPLE: dict[str, str] = {
    "CommunityUpdateIn.visibility": "one of the visibility values, checked by the service",
    "CommunityUpdateIn.joining_policy": "one of the joining policies, checked by the service",
    "CommunityUpdateIn.host_organisation": "an organisation slug, looked up",
    "CommunityUpdateIn.professions[]": "profession slugs, looked up",
    "CommunityUpdateIn.nations[]": "nation values, checked by the service",
    "InviteIn.email": "an email address, validated as one by the service",
    "OrganisationLeadIn.email": "an email address, looked up among the organisation's people",
    "MoveIn.community": "a community slug, looked up among those the mover facilitates",
    "ItemPatchIn.url": "the resource's web address, validated as a URL by the service",
    **{f"ItemPatchIn.{path}": reason for path, reason in _LIBRARY_LOOKUPS.items()},
    "JobPatchIn.profession": "a profession slug, looked up",
    "JobPatchIn.apply_url": "a web address, validated by job_update",
    "JobPatchIn.apply_email": "an email address, validated by job_update",
    "RegisterGrantIn.email": "an email address, validated by host_membership_grant",
    "RegisterGrantIn.number": "a membership number: letters, digits, - . / only (checked)",
    "RegisterImportIn.csv": "the register file: addresses, numbers and dates, each checked "
    "by host_membership_import (the page's upload is not guarded either)",
    "RegisterImportIn.rows[].email": "an email address, checked by host_membership_import",
    "RegisterImportIn.rows[].membership_number": "a membership number, checked by the import",
    "RegisterImportIn.rows[].valid_from": "a date, parsed by the import",
    "RegisterImportIn.rows[].valid_until": "a date, parsed by the import",
    "MembershipClaimIn.number": "a membership number: letters, digits, - . / only (checked)",
    "OrganisationDomainIn.domain": "an email domain: letters, digits, - and . only, checked "
    "by organisation_domain_add (the page's form is not guarded either)",
    "ProfilePatchIn.full_name": "the person's own name, as on the profile page (theirs to give)",
    "ProfilePatchIn.profession": "a profession slug, looked up",
    "ProfilePatchIn.registration_number": "the person's own registration number, as on the page",
    "OnboardingUploadIn.csv": "the staff file: names and addresses checked per row, and each "
    "team passed through the guard row by row by onboarding_upload, a finding being an error "
    "on that row (as the page's upload)",
    "EmbedOriginsIn.origins[]": "website origins, each checked by normalise_embed_origin",
    "AccountEraseIn.confirm_email": "compared with the sign-in address, never stored",
    "AccountEraseIn.password": "checked against the password's hash, never stored",
}

_COMMUNITY_TEXTS = (
    "name",
    "purpose",
    "name_cy",
    "purpose_cy",
    "domain_statement",
    "practice_statement",
    "areas",
    "meeting_rhythm",
    "topics[]",
)
_ITEM_TEXTS = (
    "title",
    "summary",
    "title_cy",
    "summary_cy",
    "context",
    "what_was_done",
    "outcomes",
    "evidence",
    "before_trying",
)


def _member_path(w):
    return {"slug": w.community.slug, "membership_id": w.member_membership.pk}


def _other_community(w):
    """A second community the world's facilitator also facilitates (a thread's move)."""
    from practice_commons.communities.models import Role
    from practice_commons.communities.tests.factories import add_member, make_community

    other = make_community(owner=w.owner, name="Adolescent practice")
    add_member(other, w.facilitator, role=Role.FACILITATOR)
    return other


def _register_entry(w):
    """A register entry a host admin may end (the practitioner's own)."""
    return w.practitioner.host_membership_records.get()


def _affiliation_request(w):
    """Someone waiting for the world's organisation's admins to confirm they work there."""
    from practice_commons.accounts.models import AffiliationRequest
    from practice_commons.accounts.tests.factories import UserFactory

    return AffiliationRequest.objects.create(
        user=UserFactory(organisation=None, full_name="Ari Applicant"),
        organisation=w.organisation,
        route=AffiliationRequest.Route.ORGANISATION_ADMINS,
    )


def _pending_claim(w):
    """A claim waiting for a host admin, by someone who is not a member."""
    from practice_commons.accounts import services
    from practice_commons.accounts.models import HostMembership
    from practice_commons.accounts.tests.factories import UserFactory

    claimant = UserFactory(host_membership=HostMembership.NON_MEMBER, full_name="Cai Claimant")
    return services.host_membership_claim(actor=claimant, number="CAPA-4040")


API_WRITES_PEOPLE: dict[str, ApiWrite] = {
    "PATCH /api/v1/communities/{slug}": ApiWrite(
        "facilitator",
        lambda w: {"slug": w.community.slug},
        guarded=tuple(f"CommunityUpdateIn.{p}" for p in _COMMUNITY_TEXTS),
        max_length={"CommunityUpdateIn.topics[]": 80},
    ),
    "PUT /api/v1/communities/{slug}/rules": ApiWrite(
        "facilitator",
        lambda w: {"slug": w.community.slug},
        lambda w: {"rules": [{"title": "Confidentiality", "description": "It stays here."}]},
        guarded=("RulesIn.rules[].title", "RulesIn.rules[].description"),
        finding_field={
            "RulesIn.rules[].title": "rules.0.title",
            "RulesIn.rules[].description": "rules.0.description",
        },
    ),
    "POST /api/v1/communities/{slug}/memberships/{membership_id}/title": ApiWrite(
        "facilitator",
        _member_path,
        guarded=("CoordinatorTitleIn.coordinator_title",),
        max_length={"CoordinatorTitleIn.coordinator_title": 80},
    ),
    "POST /api/v1/communities/{slug}/memberships/{membership_id}/mute": ApiWrite(
        "facilitator",
        _member_path,
        lambda w: {"days": 3, "reason": "Off topic."},
        guarded=("MuteIn.reason",),
    ),
    "POST /api/v1/communities/{slug}/memberships/{membership_id}/remove": ApiWrite(
        "facilitator",
        _member_path,
        lambda w: {"reason": "Asked to leave."},
        guarded=("ReasonIn.reason",),
    ),
    "POST /api/v1/communities/{slug}/invitations": ApiWrite(
        "facilitator",
        lambda w: {"slug": w.community.slug},
        lambda w: {"email": "guest@example.org"},
        guarded=("InviteIn.message",),
    ),
    "POST /api/v1/threads/{thread_id}/reveal": ApiWrite(
        "lead",
        lambda w: {"thread_id": w.anonymous_thread.pk},
        guarded=("ModerationReasonIn.reason",),
    ),
    "POST /api/v1/threads/{thread_id}/posts/{post_id}/hide": ApiWrite(
        "facilitator",
        lambda w: {"thread_id": w.thread.pk, "post_id": w.reply.pk},
        guarded=("ModerationReasonIn.reason",),
    ),
    "POST /api/v1/threads/{thread_id}/move": ApiWrite(
        "facilitator",
        lambda w: {"thread_id": w.thread.pk},
        lambda w: {"community": _other_community(w).slug},
    ),
    "POST /api/v1/threads/{thread_id}/poll": ApiWrite(
        "member",
        lambda w: {"thread_id": w.thread.pk},
        lambda w: {"question": "Which works best?", "options": ["Joint", "Separate"]},
        guarded=("PollIn.question", "PollIn.options[]"),
        finding_field={"PollIn.options[]": "option_0"},
    ),
    "PATCH /api/v1/threads/{thread_id}/posts/{post_id}": ApiWrite(
        "member",
        lambda w: {"thread_id": w.thread.pk, "post_id": w.opening_post.pk},
        lambda w: {"body": "How do other teams run them?"},
        guarded=("PostEditIn.body", "PostEditIn.title", "PostEditIn.details.*"),
    ),
    "POST /api/v1/messages": ApiWrite(
        "member",
        payload=lambda w: {"recipients": [w.other_member.pk], "body": "Can we talk?"},
        guarded=("ConversationIn.subject", "ConversationIn.body"),
    ),
    "POST /api/v1/messages/{conversation_id}/messages": ApiWrite(
        "other_member",
        lambda w: {"conversation_id": w.conversation.pk},
        guarded=("MessageIn.body",),
    ),
    "PATCH /api/v1/library/items/{item_id}": ApiWrite(
        "member",
        lambda w: {"item_id": _library_item(w, publish=False).pk},
        guarded=tuple(f"ItemPatchIn.{p}" for p in _ITEM_TEXTS),
    ),
    "POST /api/v1/library/items/{item_id}/review": ApiWrite(
        "facilitator",
        lambda w: {"item_id": _library_item(w, publish=False, submit=True).pk},
        lambda w: {"decision": "return"},
        guarded=("ItemReviewIn.note",),
    ),
    "PATCH /api/v1/jobs/{job_id}": ApiWrite(
        "org_admin",
        lambda w: {"job_id": _job(w).pk},
        guarded=tuple(f"JobPatchIn.{p}" for p in ("title", "location", "hours", "description")),
    ),
    "POST /api/v1/safeguarding/organisations/{slug}/leads": ApiWrite(
        "org_admin", lambda w: {"slug": w.organisation.slug}
    ),
    "POST /api/v1/register": ApiWrite(
        "host_admin",
        payload=lambda w: {"number": "CAPA-7070"},
        guarded=("RegisterGrantIn.reason",),
        max_length={"RegisterGrantIn.reason": 500},
    ),
    "POST /api/v1/register/{record_id}/end": ApiWrite(
        "host_admin",
        lambda w: {"record_id": _register_entry(w).pk},
        guarded=("RegisterEndIn.reason",),
        max_length={"RegisterEndIn.reason": 500},
    ),
    "POST /api/v1/register/claims/{claim_id}/decision": ApiWrite(
        "host_admin",
        lambda w: {"claim_id": _pending_claim(w).pk},
        lambda w: {"decision": "decline", "reason": "Not on our list."},
        guarded=("RegisterClaimDecisionIn.reason",),
        max_length={"RegisterClaimDecisionIn.reason": 500},
    ),
    "POST /api/v1/affiliation-requests/{request_id}/decline": ApiWrite(
        "org_admin",
        lambda w: {"request_id": _affiliation_request(w).pk},
        guarded=("AffiliationDeclineIn.reason",),
        max_length={"AffiliationDeclineIn.reason": 500},
    ),
    "PATCH /api/v1/me": ApiWrite(
        "practitioner",
        guarded=tuple(f"ProfilePatchIn.{p}" for p in ("bio", "pronouns", "area", "expertise[]")),
        # The profile form's limits, checked before the guard.
        max_length={
            "ProfilePatchIn.pronouns": 40,
            "ProfilePatchIn.area": 120,
            "ProfilePatchIn.expertise[]": 80,
        },
    ),
}
