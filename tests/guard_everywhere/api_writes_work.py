"""The API writes of events, notifications, collaboration and reflective sessions.

How to make a valid request to each, and which of its strings the guard reads
(``API_WRITES_WORK``) or why it need not (``API_EXEMPT_WORK``, "Schema.path" -> reason).
Merged into the tables of ``tests/test_guard_everywhere.py``, which tries every guarded
string with identifying text and expects a 422 with nothing stored.
"""

from datetime import timedelta

from django.utils import timezone

from .api_write import ApiWrite
from .objects import (
    _collab_agreement,
    _collab_interest,
    _collab_offer,
    _collab_response,
    _event_payload,
    _newsletter_draft,
)

# ``SeriesIn`` extends ``EventIn``: its event fields are exempt as the event's are
# (derived in tests/test_guard_everywhere.py from the ``EventIn`` entries).
API_EXEMPT_WORK: dict[str, str] = {
    "SeriesIn.rule": "an iCalendar recurrence rule, parsed and checked by the service",
    "CheckInIn.code": "a signed ticket code, looked up among the event's tickets",
    "QuietHoursIn.timezone": "a time-zone name, checked against the time-zone database",
    "QuietHoursIn.days.*[]": "times of day (HH:MM-HH:MM), parsed by the service",
    "ThreadKeyIn.thread_key": "a conversation's key, looked up among the caller's notifications",
    "NewsletterIn.items[]": "keys of the items offered to the audience, looked up",
    "InterestReplyIn.status": "one of the interest statuses, checked by the service",
    "DirectorySettingsIO.visibility": "one of the directory visibilities, checked by the service",
    "ReflectionScheduleIn.online_url": "a URL, validated by the form (shown only with a place)",
    "ReflectionScheduleIn.address": "the event's address, exempt as EventIn.address is",
}

_EVENT_TEXTS = (
    "title",
    "description",
    "title_cy",
    "description_cy",
    "venue",
    "venue_notes",
    "area",
)
_AGREEMENT_TEXTS = (
    "title",
    "purpose",
    "responsibilities[]",
    "milestones[]",
    "communication_internal",
    "communication_external",
    "recognition",
    "data_sharing",
)


def _series_payload(w):
    return {
        **_event_payload(w),
        "rule": "FREQ=WEEKLY;COUNT=3",
        "start_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "start_time": "18:00:00",
        "end_time": "20:00:00",
    }


def _agreement_terms_payload(w):
    return {
        "title": "Joint training on neglect",
        "purpose": "Joint training, twice a year.",
        "responsibilities": ["Runs the sessions.", "Hosts the sessions."],
        "start_on": timezone.localdate().isoformat(),
        "review_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
    }


def _session_path(name):
    return lambda w: {"session_id": getattr(w, name).pk}


_newsletter = {
    "payload": lambda w: {"subject": "Practice highlights", "body": "Thank you all."},
    "guarded": ("NewsletterIn.subject", "NewsletterIn.body"),
}

API_WRITES_WORK: dict[str, ApiWrite] = {
    "POST /api/v1/events/series": ApiWrite(
        "org_admin",
        payload=_series_payload,
        guarded=tuple(f"SeriesIn.{name}" for name in _EVENT_TEXTS),
    ),
    "PUT /api/v1/events/series/{series_id}": ApiWrite(
        "org_admin",
        lambda w: {"series_id": w.series.pk},
        _event_payload,
        guarded=tuple(f"EventIn.{name}" for name in _EVENT_TEXTS),
    ),
    "PUT /api/v1/events/{event_id}": ApiWrite(
        "org_admin",
        lambda w: {"event_id": w.event.pk},
        _event_payload,
        guarded=tuple(f"EventIn.{name}" for name in _EVENT_TEXTS),
    ),
    "POST /api/v1/events/{event_id}/cancel": ApiWrite(
        "org_admin",
        lambda w: {"event_id": w.event.pk},
        guarded=("CancelIn.reason",),
    ),
    "PUT /api/v1/events/{event_id}/feedback": ApiWrite(
        "practitioner",
        lambda w: {"event_id": w.attended_event.pk},
        lambda w: {"rating": 4},
        guarded=("EventFeedbackIn.learnt", "EventFeedbackIn.impact", "EventFeedbackIn.comments"),
    ),
    "POST /api/v1/notifications/newsletters/audiences/{scope_kind}/{scope_id}": ApiWrite(
        "org_admin",
        lambda w: {"scope_kind": "organisation", "scope_id": w.organisation.pk},
        **_newsletter,
    ),
    "PATCH /api/v1/notifications/newsletters/{newsletter_id}": ApiWrite(
        "org_admin",
        lambda w: {"newsletter_id": _newsletter_draft(w).pk},
        **_newsletter,
    ),
    "POST /api/v1/reflection/communities/{slug}/sessions": ApiWrite(
        "facilitator",
        lambda w: {"slug": w.community.slug},
        lambda w: {
            "title": "Thursday reflective session",
            "theme": "Holding uncertainty",
            "starts_at": (timezone.now() + timedelta(days=3)).replace(microsecond=0).isoformat(),
            "where": "in_person",
            "venue": "Room 2, the civic centre",
        },
        guarded=(
            "ReflectionScheduleIn.title",
            "ReflectionScheduleIn.theme",
            "ReflectionScheduleIn.venue",
        ),
    ),
    "PATCH /api/v1/reflection/sessions/{session_id}": ApiWrite(
        "facilitator",
        _session_path("session"),
        lambda w: {"theme": "Staying curious"},
        guarded=("ReflectionEditIn.theme",),
    ),
    "PUT /api/v1/reflection/sessions/{session_id}/issue": ApiWrite(
        "member",
        _session_path("session"),
        lambda w: {"text": "Holding uncertainty with a family."},
        guarded=("PresenterIssueIn.text",),
        finding_field={"PresenterIssueIn.text": "issue_summary"},
    ),
    "PUT /api/v1/reflection/sessions/{session_id}/summary": ApiWrite(
        "member",
        _session_path("opened_session"),
        lambda w: {"text": "I name concerns earlier now."},
        guarded=("PresenterSummaryIn.text",),
        finding_field={"PresenterSummaryIn.text": "summary"},
    ),
    "POST /api/v1/reflection/sessions/{session_id}/actions": ApiWrite(
        "member",
        _session_path("opened_session"),
        lambda w: {"text": "Ask for an observed visit."},
        guarded=("PresenterActionIn.text",),
    ),
    "POST /api/v1/interests/{interest_id}/reply": ApiWrite(
        "org_admin",
        lambda w: {"interest_id": _collab_interest(w).pk},
        lambda w: {"status": "shortlisted", "reply": "Thank you."},
        guarded=("InterestReplyIn.reply",),
    ),
    "POST /api/v1/shadowing/{listing_id}/responses": ApiWrite(
        "practitioner",
        lambda w: {"listing_id": _collab_offer(w).pk},
        lambda w: {"message": "I would value a day with you."},
        guarded=("ShadowingResponseIn.message",),
    ),
    "POST /api/v1/shadowing/responses/{response_id}/arrange": ApiWrite(
        "org_admin",
        lambda w: {"response_id": _collab_response(w).pk},
        lambda w: {
            "start_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "place": "The team's base",
            "ground_rules": "Observe only.",
            "hours": 7,
        },
        guarded=("ShadowingArrangeIn.place", "ShadowingArrangeIn.ground_rules"),
    ),
    "PUT /api/v1/agreements/{agreement_id}": ApiWrite(
        "org_admin",
        lambda w: {"agreement_id": _collab_agreement(w).pk},
        _agreement_terms_payload,
        guarded=tuple(f"AgreementTermsIn.{name}" for name in _AGREEMENT_TEXTS),
        max_length={"AgreementTermsIn.title": 150, "AgreementTermsIn.milestones[]": 200},
        finding_field={"AgreementTermsIn.responsibilities[]": "responsibilities.0"},
    ),
}
