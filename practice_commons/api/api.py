"""The JSON API at /api/v1/. Each capability contributes a router from its own ``api.py``;
endpoints are thin and call the same selectors and services as the web pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError

from practice_commons.accounts.api_audit import router as audit_router
from practice_commons.accounts.api_me import router as me_router
from practice_commons.accounts.api_onboarding import router as onboarding_router
from practice_commons.accounts.api_organisations import affiliation_router
from practice_commons.accounts.api_organisations import router as organisations_router
from practice_commons.accounts.api_register import router as register_router
from practice_commons.collaboration.api import router as collaboration_router
from practice_commons.collaboration.api_more import router as collaboration_more_router
from practice_commons.communities.api import router as communities_router
from practice_commons.communities.api_manage import router as communities_manage_router
from practice_commons.confidentiality.guard import ConfidentialityError
from practice_commons.core.errors import Conflict, NotFound
from practice_commons.cpd.api import router as cpd_router
from practice_commons.cpd.api_more import router as cpd_more_router
from practice_commons.discussions.api import community_router as community_threads_router
from practice_commons.discussions.api import router as threads_router
from practice_commons.discussions.api_more import community_router as community_threads_more_router
from practice_commons.discussions.api_more import messages_router
from practice_commons.discussions.api_more import router as threads_more_router
from practice_commons.events.api import router as events_router
from practice_commons.events.api_more import router as events_more_router
from practice_commons.insights.api import router as insights_router
from practice_commons.jobs.api import router as jobs_router
from practice_commons.library.api import router as library_router
from practice_commons.notifications.api import push_router
from practice_commons.notifications.api import router as notifications_router
from practice_commons.reflection.api import router as reflection_router
from practice_commons.reflection.api_sessions import router as reflection_sessions_router
from practice_commons.safeguarding.api import leads_router as safeguarding_leads_router
from practice_commons.safeguarding.api import router as reports_router
from practice_commons.search.api import router as search_router
from practice_commons.wellbeing.api import router as wellbeing_router

from .auth import BearerTokenAuth, TokenRateThrottle
from .dashboard import router as dashboard_router
from .openapi import complete_responses
from .parser import InvalidText, StrictJSONParser
from .webhooks.api import router as webhooks_router


class PracticeCommonsAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return complete_responses(super().get_openapi_schema(**kwargs))


api = PracticeCommonsAPI(
    title="Practice Commons API",
    version="1.0.0",
    urls_namespace="api-v1",
    parser=StrictJSONParser(),
    auth=BearerTokenAuth(),
    throttle=[TokenRateThrottle()],
    openapi_url="/openapi.json",
    docs_url=None,  # Swagger UI loads from a CDN; the OpenAPI document is enough
    description="Authenticate with `Authorization: Bearer <token>`. Create a token on the "
    "Personal access tokens page or with `manage.py create_api_token EMAIL`. A token's "
    "scope is `read` (GET only), `write` (also changes) or `admin` (also moderation and "
    "an organisation's webhooks); a token with too narrow a scope gets 403. Each token "
    "may make `API_TOKEN_RATE_LIMIT` requests (600 a minute unless configured); beyond "
    "that, 429 with `Retry-After` in seconds.",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Permission denied."}, status=403)


@api.exception_handler(Http404)
@api.exception_handler(NotFound)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(Conflict)
def conflict(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(ConfidentialityError)
def confidentiality_blocked(request, exc):
    """A blocked write: kinds and offsets only, never the text that was blocked."""
    detail = (
        "This text contains details that could identify someone you work with. Remove them "
        "and try again."
        if exc.blocking
        else "This text may contain details that could identify someone you work with. Remove "
        "them, or resend with confidentiality_acknowledged true if they are not details of "
        "people you work with."
    )
    return api.create_response(
        request,
        {"detail": detail, "blocking": exc.blocking, "findings": exc.as_api_errors()},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    """Ninja's own refusals; a body that is not valid Unicode says which string."""
    cause = exc.__cause__
    detail = str(cause) if isinstance(cause, InvalidText) else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=400)


api.add_router("/me", me_router)  # GET/PATCH /me, /me/personal-data, /me/erasure
api.add_router("/me", dashboard_router)  # /me/today: what needs you today
api.add_router("", register_router)  # /register/... (host admins), /me/membership-claim
api.add_router("", affiliation_router)  # /affiliation-requests/..., /me/affiliation/resend
api.add_router("/audit", audit_router)  # the audit trail (host admins)
api.add_router("/communities", communities_router)
api.add_router("/communities", communities_manage_router)  # facilitators, invitees
api.add_router("/communities", community_threads_router)
api.add_router("/communities", community_threads_more_router)  # …/threads/following
api.add_router("/threads", threads_router)
api.add_router("/threads", threads_more_router)  # following, moderation, polls, posts
api.add_router("/messages", messages_router)
# Before the events router: /mine, /calendar, /series and /invitations are not event ids.
api.add_router("/events", events_more_router)
api.add_router("/events", events_router)
api.add_router("/notifications", notifications_router)
api.add_router("/push", push_router)
api.add_router("/reflection", reflection_router)
# open, live, join, leave, control, insights; it also adds POST …/communities/{slug}/sessions
# and PATCH …/sessions/{session_id} to reflection_router (same paths as its GETs)
api.add_router("/reflection", reflection_sessions_router)
api.add_router("/reports", reports_router)
api.add_router("/safeguarding", safeguarding_leads_router)  # an organisation's leads
api.add_router("/cpd", cpd_router)
api.add_router("/cpd", cpd_more_router)  # evidence, PCF, settings, shares, organisations
api.add_router("", library_router)  # /library/... and /glossary/...
api.add_router("/wellbeing", wellbeing_router)
# Before the collaboration router: /agreements/overdue and /register are not agreement ids.
api.add_router("", collaboration_more_router)
api.add_router("", collaboration_router)  # /directory, /opportunities, /agreements, /shadowing
api.add_router("/jobs", jobs_router)
api.add_router("/search", search_router)
api.add_router("/insights", insights_router)
api.add_router("/organisations", webhooks_router)
api.add_router("/organisations", onboarding_router)  # …/onboarding, …/embed (its admins)
# …/people, …/two-factor, …/affiliation-requests (its admins), …/domains (host admins)
api.add_router("/organisations", organisations_router)
