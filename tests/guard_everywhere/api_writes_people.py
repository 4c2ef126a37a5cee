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
}

_COMMUNITY_TEXTS = (
    "name",
    "purpose",
    "domain_statement",
    "practice_statement",
    "areas",
    "meeting_rhythm",
    "topics[]",
)
_ITEM_TEXTS = (
    "title",
    "summary",
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
}
