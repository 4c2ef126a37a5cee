# ruff: noqa: E501  (a table: one entry a line reads best)
"""Which API operation covers each page of the site: the table behind
``tests/api/test_ui_api_parity.py`` and ``scripts/api_parity.py``.

One entry a URL pattern, keyed by its namespaced URL name (the route where it has none):

- ``"GET /events/{event_id}"`` (``METHOD path`` under ``/api/v1``, several joined by ``", "``):
  the operation(s) that do the same action or give the same information, with the same
  permissions (they call the same selectors and services);
- ``"not_api: <reason>"``: the page has no meaning for an API client (a confirmation, a form
  page whose action is another pattern, a download, feed, embed or calendar that is itself
  machine-readable, an emailed link, a development tool);
- ``"gap: <what is missing>"``: a member can do or read this on the page but not through
  the API. The list of gaps is in practice_commons/api/README.md.
"""

import re
from typing import NamedTuple

# Patterns the comparison leaves out, and why.
EXCLUDED_NAMESPACES = {
    "api-v1": "the API itself",
    "admin": "Django's admin: host staff's back office, not a member capability",
}
EXCLUDED_URLCONFS = {
    "allauth.urls": "allauth's /account/ pages (sign-in, sign-up, password, email, "
    "two-factor, single sign-on): signing in is how a person gets a token, not something "
    "a token does",
}
EXCLUDED_VIEWS = {
    "django.views.static.serve": "static and media files served in development",
}

PARITY = {
    # core
    "core:home": "not_api: the landing page for visitors (what the site is, sign in)",
    "core:dashboard": "GET /me/today",
    "core:accessibility": "not_api: the accessibility statement (static text)",
    "core:privacy": "not_api: the privacy notice (static text)",
    "core:processing_record": "not_api: the record of processing (static text)",
    "core:healthz": "not_api: the load balancer's health probe, already machine-readable",
    "core:manifest": "not_api: the web app manifest, already machine-readable",
    "core:service_worker": "not_api: the browser's service worker script",
    "core:pwa_icon": "not_api: the installed app's icon (an image)",
    "core:pwa_icon_maskable": "not_api: the installed app's icon (an image)",
    "core:offline": "not_api: lists pages and drafts the browser itself holds on the device",
    "core:dev_mailbox": "not_api: the development mailbox (DEBUG only)",
    "core:dev_mailbox_message": "not_api: the development mailbox (DEBUG only)",
    # accounts
    "accounts:profile": "GET /me",
    "accounts:profile_edit": "PATCH /me",
    "language:switch": "PATCH /me",
    "accounts:account_erase": "POST /me/erasure",
    "accounts:account_erased": "not_api: the confirmation after erasing an account",
    "accounts:personal_data_request": "GET /me/personal-data, POST /me/personal-data",
    "accounts:personal_data_download": "not_api: the download of a personal data export",
    "accounts:register": "GET /register",
    "accounts:register_grant": "POST /register",
    "accounts:register_import": "POST /register/import",
    "accounts:register_end": "POST /register/{record_id}/end",
    "accounts:register_claims": "GET /register/claims",
    "accounts:register_claim_decide": "GET /register/claims/{claim_id}, POST /register/claims/{claim_id}/decision",
    "accounts:membership_claim": "GET /me/membership-claim, POST /me/membership-claim",
    "accounts:audit": "GET /audit",
    "accounts:audit_export": "not_api: a CSV download of the audit trail page",
    "accounts:organisation_people": "GET /organisations/{slug}/people, GET /organisations/{slug}/two-factor",
    "accounts:organisation_set_role": "PUT /organisations/{slug}/people/{membership_id}/role",
    "accounts:organisation_remove_person": "DELETE /organisations/{slug}/people/{membership_id}",
    "accounts:organisation_mfa_requirement": "PUT /organisations/{slug}/two-factor",
    "accounts:affiliation_resend": "POST /me/affiliation/resend",
    "accounts:affiliation_confirm": "not_api: the link emailed to confirm an affiliation",
    "accounts:host_requests": "GET /affiliation-requests",
    "accounts:affiliation_approve": "POST /affiliation-requests/{request_id}/approve",
    "accounts:affiliation_decline": "POST /affiliation-requests/{request_id}/decline",
    "accounts:organisation_requests": "GET /organisations/{slug}/affiliation-requests",
    "accounts:organisation_domains": "GET /organisations/{slug}/domains, POST /organisations/{slug}/domains",
    "accounts:organisation_domain_remove": "DELETE /organisations/{slug}/domains/{domain_id}",
    "accounts:onboarding_home": "GET /organisations/{slug}/onboarding, POST /organisations/{slug}/onboarding",
    "accounts:onboarding_status": "GET /organisations/{slug}/onboarding/{import_id}",
    "accounts:onboarding_confirm": "POST /organisations/{slug}/onboarding/{import_id}/confirm",
    "accounts:onboarding_join": "not_api: the link emailed to a new member of staff",
    "organisation_embed:settings": "GET /organisations/{slug}/embed, PUT /organisations/{slug}/embed",
    # notifications
    "notifications:list": "GET /notifications",
    "notifications:bell": "GET /notifications/unread-count, GET /notifications",
    "notifications:mark_all_read": "POST /notifications/read-all",
    "notifications:mark_read": "POST /notifications/{notification_id}/read",
    "notifications:open": "POST /notifications/{notification_id}/read",
    "notifications:preferences": "GET /notifications/preferences, PATCH /notifications/preferences",
    "notifications:push_preferences": "PATCH /notifications/preferences",
    "notifications:push_remove": "DELETE /push/subscriptions/{subscription_id}",
    "notifications:push_subscribe": "POST /push/subscriptions",
    "notifications:quiet_hours": "GET /notifications/quiet-hours, PATCH /notifications/quiet-hours",
    "notifications:thread_mute": "POST /notifications/threads/mute",
    "notifications:thread_unmute": "POST /notifications/threads/unmute",
    "notifications:unsubscribe": "not_api: the one-click unsubscribe link in emails",
    "notifications:newsletters": "GET /notifications/newsletters",
    "notifications:newsletter_detail": "GET /notifications/newsletters/{newsletter_id}",
    "notifications:newsletter_edit": "PATCH /notifications/newsletters/{newsletter_id}, GET /notifications/newsletters/audiences/{scope_kind}/{scope_id}/candidates",
    "notifications:newsletter_send": "POST /notifications/newsletters/{newsletter_id}/send",
    "notifications:newsletter_archive": "GET /notifications/newsletters/audiences/{scope_kind}/{scope_id}",
    "notifications:newsletter_compose": "POST /notifications/newsletters/audiences/{scope_kind}/{scope_id}, GET /notifications/newsletters/audiences/{scope_kind}/{scope_id}/candidates",
    # safeguarding
    "safeguarding:report": "POST /reports",
    "safeguarding:report_sent": "not_api: the confirmation after a report",
    "safeguarding:my_reports": "GET /reports",
    "safeguarding:queue": "GET /reports/queue",
    "safeguarding:report_detail": "GET /reports/{report_id}, POST /reports/{report_id}/actions",
    "safeguarding:organisation_leads": "GET /safeguarding/organisations/{slug}/leads, "
    "POST /safeguarding/organisations/{slug}/leads",
    "safeguarding:lead_remove": "DELETE /safeguarding/leads/{lead_id}",
    # discussions
    "discussions:list": "GET /communities/{slug}/threads",
    "discussions:new": "POST /communities/{slug}/threads",
    "discussions:community_follow": "PUT /communities/{slug}/threads/following",
    "discussions:attachment": "not_api: the download of an attachment (listed in GET /threads/{thread_id})",
    "discussions:thread": "GET /threads/{thread_id}",
    "discussions:reply": "POST /threads/{thread_id}/replies",
    "discussions:follow": "PUT /threads/{thread_id}/following",
    "discussions:moderate": "POST /threads/{thread_id}/moderation",
    "discussions:move": "POST /threads/{thread_id}/move",
    "discussions:reveal": "POST /threads/{thread_id}/reveal",
    "discussions:library": "POST /threads/{thread_id}/library",
    "discussions:poll_new": "POST /threads/{thread_id}/poll",
    "discussions:poll_vote": "POST /threads/{thread_id}/poll/votes, GET /threads/{thread_id}/poll",
    "discussions:post_edit": "PATCH /threads/{thread_id}/posts/{post_id}",
    "discussions:post_delete": "DELETE /threads/{thread_id}/posts/{post_id}",
    "discussions:post_react": "POST /threads/{thread_id}/posts/{post_id}/reactions",
    "discussions:post_answer": "POST /threads/{thread_id}/answer, DELETE /threads/{thread_id}/answer",
    "discussions:post_history": "GET /threads/{thread_id}/posts/{post_id}/history",
    "discussions:post_hide": "POST /threads/{thread_id}/posts/{post_id}/hide",
    "discussions:post_unhide": "POST /threads/{thread_id}/posts/{post_id}/unhide",
    "messages:inbox": "GET /messages",
    "messages:new": "POST /messages",
    "messages:blocked": "GET /messages/blocked",
    "messages:block": "PUT /messages/people/{user_id}/block",
    "messages:conversation": "GET /messages/{conversation_id}, POST /messages/{conversation_id}/messages",
    "messages:leave": "POST /messages/{conversation_id}/leave",
    "community_feed": "not_api: the community's Atom feed, itself machine-readable",
    # communities
    "communities:directory": "GET /communities",
    "communities:create": "POST /communities",
    "communities:your_invitation": "GET /communities/invitations/yours/{invitation_id}, "
    "POST /communities/invitations/yours/{invitation_id}/accept",
    "communities:invitation": "not_api: the link emailed with an invitation to a community",
    "communities:detail": "GET /communities/{slug}",
    "communities:edit": "PATCH /communities/{slug}",
    "communities:archive": "POST /communities/{slug}/archive",
    "communities:restore": "POST /communities/{slug}/restore",
    "communities:create_subgroup": "POST /communities",
    "communities:rules": "GET /communities/{slug}",
    "communities:rules_edit": "PUT /communities/{slug}/rules",
    "communities:rules_accept": "POST /communities/{slug}/rules/accept",
    "communities:join": "POST /communities/{slug}/join",
    "communities:leave": "POST /communities/{slug}/leave",
    "communities:members": "GET /communities/{slug}/memberships",
    "communities:member_manage": "POST /communities/{slug}/memberships/{membership_id}/role, "
    "POST /communities/{slug}/memberships/{membership_id}/title, "
    "POST /communities/{slug}/memberships/{membership_id}/mute, "
    "POST /communities/{slug}/memberships/{membership_id}/unmute, "
    "POST /communities/{slug}/memberships/{membership_id}/remove",
    "communities:requests": "GET /communities/{slug}/memberships",
    "communities:request_decide": "POST /communities/{slug}/memberships/{membership_id}/approve, "
    "POST /communities/{slug}/memberships/{membership_id}/decline",
    "communities:invitations": "GET /communities/{slug}/invitations, POST /communities/{slug}/invitations",
    "communities:invitation_withdraw": "POST /communities/{slug}/invitations/{invitation_id}/withdraw",
    "communities:invitation_resend": "POST /communities/{slug}/invitations/{invitation_id}/resend",
    "communities:safeguarding_leads": "GET /communities/{slug}/safeguarding-leads, "
    "POST /communities/{slug}/safeguarding-leads, "
    "DELETE /communities/{slug}/safeguarding-leads/{lead_id}",
    # events
    "events:list": "GET /events",
    "events:atom_feed": "not_api: the events Atom feed, itself machine-readable",
    "events:month": "GET /events/calendar/{year}/{month}",
    "events:create": "POST /events",
    "events:mine": "GET /events/mine",
    "events:feed_regenerate": "not_api: makes the address of your calendar feed, which is for calendar apps",
    "events:feed_revoke": "not_api: turns off your calendar feed, which is for calendar apps",
    "events:feed": "not_api: your iCalendar feed, itself machine-readable",
    "events:your_invitation": "GET /events/invitations/{invitation_id}, POST /events/{event_id}/registrations",
    "events:invitation": "not_api: the link emailed with an invitation to an event",
    "events:series_create": "POST /events/series",
    "events:series_detail": "GET /events/series/{series_id}",
    "events:series_edit": "PUT /events/series/{series_id}",
    "events:series_register": "POST /events/series/{series_id}/registrations",
    "events:series_publish": "POST /events/series/{series_id}/publish",
    "events:series_skip": "POST /events/series/{series_id}/occurrences/{event_id}/skip",
    "events:detail": "GET /events/{event_id}",
    "events:edit": "PUT /events/{event_id}",
    "events:publish": "POST /events/{event_id}/publish",
    "events:cancel": "POST /events/{event_id}/cancel",
    "events:register": "POST /events/{event_id}/registrations",
    "events:unregister": "DELETE /events/{event_id}/registrations/me",
    "events:confirm_place": "POST /events/{event_id}/registrations/me/confirm",
    "events:registrations": "GET /events/{event_id}/registrations",
    "events:registrations_csv": "not_api: a CSV download of the registrations page",
    "events:check_in": "POST /events/{event_id}/check-in",
    "events:check_in_code": "GET /events/{event_id}/check-in/{code}, POST /events/{event_id}/check-in",
    "events:ticket": "GET /events/{event_id}/ticket",
    "events:invite": "POST /events/{event_id}/invitations, GET /events/{event_id}/invitations",
    "events:invitation_resend": "POST /events/{event_id}/invitations/{invitation_id}/resend",
    "events:invitation_withdraw": "POST /events/{event_id}/invitations/{invitation_id}/withdraw",
    "events:ics": "not_api: the event as iCalendar, itself machine-readable",
    "events:feedback": "PUT /events/{event_id}/feedback",
    "events:certificate": "not_api: the download of an attendance certificate (PDF)",
    # reflection
    "reflection:mine": "GET /reflection/sessions",
    "reflection:my_notes": "GET /reflection/notes",
    "reflection:notes_export": "not_api: a text download of your notes (GET /reflection/notes)",
    "reflection:note_delete": "DELETE /reflection/notes/{note_id}",
    "reflection:community": "GET /reflection/communities/{slug}/sessions",
    "reflection:schedule": "POST /reflection/communities/{slug}/sessions",
    "reflection:insights": "GET /reflection/communities/{slug}/insights",
    "reflection:insights_csv": "not_api: a CSV download of the insights page",
    "reflection:detail": "GET /reflection/sessions/{session_id}",
    "reflection:edit": "PATCH /reflection/sessions/{session_id}",
    "reflection:book": "POST /reflection/sessions/{session_id}/booking",
    "reflection:cancel_booking": "DELETE /reflection/sessions/{session_id}/booking",
    "reflection:rules": "POST /reflection/sessions/{session_id}/rules",
    "reflection:presenter": "PUT /reflection/sessions/{session_id}/presenter",
    "reflection:issue": "PUT /reflection/sessions/{session_id}/issue",
    "reflection:open": "POST /reflection/sessions/{session_id}/open",
    "reflection:live": "GET /reflection/sessions/{session_id}/live",
    "reflection:join": "POST /reflection/sessions/{session_id}/live/join",
    "reflection:leave": "POST /reflection/sessions/{session_id}/live/leave",
    "reflection:control": "POST /reflection/sessions/{session_id}/live/control",
    "reflection:note_add": "POST /reflection/sessions/{session_id}/notes",
    "reflection:summary": "PUT /reflection/sessions/{session_id}/summary",
    "reflection:action_add": "POST /reflection/sessions/{session_id}/actions",
    "reflection:action_delete": "DELETE /reflection/sessions/{session_id}/actions/{action_id}",
    "reflection:attendance": "GET /reflection/sessions/{session_id}/attendance, PUT /reflection/sessions/{session_id}/attendance",
    "reflection:feedback": "POST /reflection/sessions/{session_id}/feedback",
    # cpd
    "cpd:list": "GET /cpd/records",
    "cpd:new": "POST /cpd/records",
    "cpd:detail": "GET /cpd/records/{record_id}",
    "cpd:edit": "PATCH /cpd/records/{record_id}",
    "cpd:finalise": "POST /cpd/records/{record_id}/finalise",
    "cpd:draft": "POST /cpd/records/{record_id}/draft",
    "cpd:delete": "DELETE /cpd/records/{record_id}",
    "cpd:evidence_add": "POST /cpd/records/{record_id}/evidence, POST /cpd/records/{record_id}/evidence/file",
    "cpd:evidence_download": "not_api: the download of a piece of evidence",
    "cpd:evidence_remove": "DELETE /cpd/records/{record_id}/evidence/{evidence_id}",
    "cpd:progress": "GET /cpd/progress",
    "cpd:pcf": "GET /cpd/pcf",
    "cpd:settings": "GET /cpd/settings, PUT /cpd/settings",
    "cpd:export": "not_api: a form whose actions are the export downloads",
    "cpd:export_csv": "not_api: a CSV download of your records (GET /cpd/records)",
    "cpd:export_json": "not_api: a JSON download of your records, itself machine-readable",
    "cpd:export_pdf": "not_api: a PDF download of your records",
    "cpd:shares": "GET /cpd/shares, POST /cpd/shares",
    "cpd:share_revoke": "POST /cpd/shares/{share_id}/revoke",
    "cpd:shared": "not_api: the page a share's link opens, for a reader without an account",
    "cpd:shared_evidence": "not_api: evidence opened through a share's link",
    "cpd:organisation": "GET /cpd/organisations/{slug}",
    # library
    "library:home": "GET /library/items",
    "library:feed": "not_api: the library's Atom feed, itself machine-readable",
    "library:new": "POST /library/items",
    "library:item": "GET /library/items/{item_id}",
    "library:edit": "PATCH /library/items/{item_id}",
    "library:submit": "POST /library/items/{item_id}/submit",
    "library:review": "POST /library/items/{item_id}/review",
    "library:endorse": "POST /library/items/{item_id}/endorsements",
    "library:reflect": "POST /library/items/{item_id}/reflection",
    "library:versions": "GET /library/items/{item_id}",
    "library:attachment": "not_api: the download of an item's file",
    "library:review_queue": "GET /library/review-queue",
    "library:drafts": "GET /library/drafts",
    "library:solution_for_thread": "GET /library/threads/{thread_id}/solution, PATCH /library/items/{item_id}",
    "library:glossary": "GET /glossary/terms",
    "library:glossary_suggest": "POST /glossary/terms",
    "library:glossary_decide": "POST /glossary/terms/{term_id}/decision",
    "library:map": "GET /library/map",
    "library:map_csv": "not_api: a CSV download of the knowledge map",
    "library:community_map": "GET /library/map",
    # wellbeing
    "wellbeing:home": "GET /wellbeing/me",
    "wellbeing:checkin": "POST /wellbeing/checkins",
    "wellbeing:conditions": "POST /wellbeing/conditions",
    "wellbeing:result": "not_api: the page shown after a check-in (its answer is in POST /wellbeing/checkins)",
    "wellbeing:instruments": "GET /wellbeing/instruments",
    "wellbeing:instrument_take": "GET /wellbeing/instruments/{slug}, POST /wellbeing/instruments/{slug}/answers",
    "wellbeing:instrument_result": "GET /wellbeing/instruments/{slug}/answers/{answer_id}",
    "wellbeing:mine": "GET /wellbeing/checkins",
    "wellbeing:delete": "DELETE /wellbeing/me",
    "wellbeing:aggregates": "GET /wellbeing/aggregates",
    "wellbeing:aggregates_csv": "not_api: a CSV download of the aggregates",
    # collaboration
    "collaboration:home": "not_api: a landing page linking the collaboration pages",
    "collaboration:directory": "GET /directory",
    "collaboration:directory_settings": "GET /directory/settings, PUT /directory/settings",
    "collaboration:opportunities": "GET /opportunities",
    "collaboration:my_opportunities": "GET /opportunities/mine",
    "collaboration:opportunity_new": "POST /opportunities",
    "collaboration:opportunity": "GET /opportunities/{opportunity_id}",
    "collaboration:interest": "POST /opportunities/{opportunity_id}/interests",
    "collaboration:opportunity_close": "POST /opportunities/{opportunity_id}/close",
    "collaboration:interest_reply": "POST /interests/{interest_id}/reply",
    "collaboration:agreements": "GET /agreements",
    "collaboration:agreement_new": "POST /agreements",
    "collaboration:overdue": "GET /agreements/overdue",
    "collaboration:agreement": "GET /agreements/{agreement_id}",
    "collaboration:agreement_edit": "PUT /agreements/{agreement_id}",
    "collaboration:agreement_accept": "POST /agreements/{agreement_id}/accept",
    "collaboration:agreement_pdf": "not_api: a PDF download of an agreement",
    "collaboration:agreement_version": "GET /agreements/{agreement_id}",
    "collaboration:milestone_done": "PUT /agreements/{agreement_id}/milestones/{milestone_id}",
    "collaboration:agreement_action": "POST /agreements/{agreement_id}/{action}",
    "collaboration:register": "GET /agreements/register",
    "collaboration:shadowing": "GET /shadowing",
    "collaboration:shadowing_new": "POST /shadowing",
    "collaboration:shadowing_detail": "GET /shadowing/{listing_id}",
    "collaboration:shadowing_respond": "POST /shadowing/{listing_id}/responses",
    "collaboration:shadowing_close": "POST /shadowing/{listing_id}/close",
    "collaboration:shadowing_arrange": "POST /shadowing/responses/{response_id}/arrange",
    "collaboration:champions": "GET /champions",
    "collaboration:champion_page": "GET /champions/{slug}",
    # jobs
    "jobs:list": "GET /jobs",
    "jobs:feed": "not_api: the jobs Atom feed, itself machine-readable",
    "jobs:manage": "GET /jobs/managed",
    "jobs:new": "POST /jobs",
    "jobs:detail": "GET /jobs/{job_id}",
    "jobs:edit": "PATCH /jobs/{job_id}",
    "jobs:withdraw": "POST /jobs/{job_id}/withdraw",
    # search
    "search:results": "GET /search",
    "search:suggest": "GET /search/suggest",
    # insights
    "insights:networkers": "GET /insights/networkers",
    "insights:network_refresh": "POST /insights/networkers/refresh",
    "insights:health": "GET /insights/communities/{slug}/health",
    "insights:health_csv": "not_api: a CSV download of community health",
    "insights:report": "GET /insights/communities/{slug}/report",
    "insights:report_pdf": "not_api: a PDF download of the community report",
    "insights:stories": "GET /insights/communities/{slug}/stories",
    "insights:story_new": "POST /insights/communities/{slug}/stories",
    "insights:story_edit": "PATCH /insights/communities/{slug}/stories/{story_id}",
    "insights:story_delete": "DELETE /insights/communities/{slug}/stories/{story_id}",
    "insights:story_hide": "PATCH /insights/communities/{slug}/stories/{story_id}",
    "insights:story_feature": "PATCH /insights/communities/{slug}/stories/{story_id}",
    # api: embeds, tokens, webhooks
    "embed:events": "not_api: an embed for other websites, itself JSON with ?format=json",
    "embed:jobs": "not_api: an embed for other websites, itself JSON with ?format=json",
    "embed:practice_examples": "not_api: an embed for other websites, itself JSON with ?format=json",
    "api:reference": "not_api: the OpenAPI document as a page (the document is /api/v1/openapi.json)",
    "api:tokens": "not_api: tokens are made by a person signed in; a token does not make tokens",
    "api:token_revoke": "not_api: tokens are revoked by a person signed in",
    "api:webhooks": "GET /organisations/{slug}/webhooks, POST /organisations/{slug}/webhooks",
    "api:webhook_detail": "GET /organisations/{slug}/webhooks/{endpoint_id}, "
    "GET /organisations/{slug}/webhooks/{endpoint_id}/deliveries",
    "api:webhook_active": "PATCH /organisations/{slug}/webhooks/{endpoint_id}",
    "api:webhook_delete": "DELETE /organisations/{slug}/webhooks/{endpoint_id}",
    "api:webhook_replay": "POST /organisations/{slug}/webhooks/{endpoint_id}/deliveries/{delivery_id}/replay",
}


def urlconf_module(resolver) -> str:
    name = resolver.urlconf_name
    return name if isinstance(name, str) else getattr(name, "__name__", "")


class Page(NamedTuple):
    route: str
    view: str  # dotted path of the view function


def page_patterns() -> dict[str, Page]:
    """Every page pattern of the site as ``{key: Page}``, leaving out the exclusions."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in EXCLUDED_NAMESPACES:
                    continue
                if urlconf_module(entry) in EXCLUDED_URLCONFS:
                    continue
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                view = entry.lookup_str
                if view in EXCLUDED_VIEWS:
                    continue
                route = prefix + str(entry.pattern)
                key = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
                yield key or route, Page(route, view)

    found: dict[str, Page] = {}
    for key, page in walk(get_resolver(), "/", ""):
        found.setdefault(key, page)
    return found


def operation_refs(entry: str) -> list[str]:
    """The API operations an entry names ("METHOD /path" or an operationId)."""
    if entry.startswith(("not_api:", "gap:")):
        return []
    return [ref.strip() for ref in entry.split(",") if ref.strip()]


def document_operations(document: dict) -> set[str]:
    """Every operation of the OpenAPI document as "METHOD /path" (under /api/v1) and by id."""
    known = set()
    for path, operations in document["paths"].items():
        short = path.removeprefix("/api/v1")
        for method, operation in operations.items():
            known.add(f"{method.upper()} {short}")
            known.add(operation["operationId"])
    return known


def capability(page: Page) -> str:
    """The app whose view serves the page (``practice_commons.<app>.views…``)."""
    parts = page.view.split(".")
    return parts[1] if parts[0] == "practice_commons" and len(parts) > 1 else "other"


def gaps_by_capability(table=None, patterns=None) -> dict[str, list[tuple[str, str]]]:
    """``{capability: [(key, what is missing), …]}``, sorted."""
    table = PARITY if table is None else table
    patterns = page_patterns() if patterns is None else patterns
    grouped: dict[str, list[tuple[str, str]]] = {}
    for key, entry in sorted(table.items()):
        if entry.startswith("gap:"):
            page = patterns.get(key, Page(key, ""))
            grouped.setdefault(capability(page), []).append(
                (key, entry.removeprefix("gap:").strip())
            )
    return dict(sorted(grouped.items()))


README_HEADING = "## What the API does not do yet"


def format_gaps_markdown(grouped) -> str:
    """The gap list as it stands in practice_commons/api/README.md, under README_HEADING."""
    total = sum(len(items) for items in grouped.values())
    summary = (
        f"What a member can do on the pages but not yet through `/api/v1/`: {total} page "
        "patterns, by capability, each named by its URL name."
        if total
        else "Nothing: every action a member can take on the pages can be taken through "
        "`/api/v1/` too, with the same permissions (downloads, emailed links and static "
        'pages are marked "not_api" with the reason).'
    )
    lines = [
        README_HEADING,
        "",
        f"{summary} The table is "
        "`tests/api/ui_api_parity.py` (every page pattern: the operations that cover it, "
        '"not_api" with the reason, or "gap"); `tests/api/test_ui_api_parity.py` fails on a '
        "new pattern without an entry, on an operation that is not in the OpenAPI document, "
        "and when this list differs from the table. Regenerate it with "
        "`python scripts/api_parity.py --markdown`.",
    ]
    for name, items in grouped.items():
        lines += ["", f"### {name} ({len(items)})", ""]
        lines.extend(f"- `{key}`: {what}" for key, what in items)
    return "\n".join(lines) + "\n"


def readme_gap_keys(text: str) -> set[str]:
    """The URL names listed under README_HEADING in the API README."""
    section = text.split(README_HEADING, 1)[1] if README_HEADING in text else ""
    section = section.split("\n## ", 1)[0]
    return set(re.findall(r"^- `([^`]+)`", section, flags=re.MULTILINE))


def format_gaps(grouped) -> str:
    total = sum(len(items) for items in grouped.values())
    lines = [f"{total} gaps between the pages and /api/v1/:"]
    for name, items in grouped.items():
        lines.append(f"\n{name} ({len(items)})")
        lines.extend(f"  - {key}: {what}" for key, what in items)
    return "\n".join(lines)
