"""Reports in the JSON API: the same selectors and services as the web pages.

A write the confidentiality guard blocks answers 422 with the findings' kinds and offsets
(``practice_commons.api.api`` handles ``ConfidentialityError`` for every router).

Who sees what:

* moderators (the leads a report is routed to; host admins for every report) see the
  queue, the report's details, the reported texts, the reporter and the audit trail —
  except that a moderator who owns the reported content is never told who reported it;
* the reporter sees their own report's status and outcome only (``review`` is null);
* anyone else gets 404 for a report, so its existence is not confirmed.
"""

from datetime import datetime
from typing import Literal
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from practice_commons.accounts import selectors as account_selectors
from practice_commons.confidentiality.guard import scan_texts
from practice_commons.core.api_cursor import seek_page
from practice_commons.core.api_pagination import (
    cursor_page,
    cursor_query,
    limit_query,
    next_field,
    offset_query,
    request_bind,
)
from practice_commons.core.api_schemas import MAX_ID, ErrorOut, GuardErrorOut, ObjectId, example
from practice_commons.core.api_scopes import admin_scope
from practice_commons.core.errors import NotFound

from . import selectors, services
from .models import DETAILS_MAX_LENGTH, Report
from .registry import reportable_for

router = Router(tags=["reports"])


class ReportIn(Schema):
    model_config = example(
        {
            "target": "discussions.post",
            "object_id": 1234,
            "reason": "confidentiality",
            "details": "The second paragraph gives a child's school and street.",
        }
    )

    target: str = Field(
        ...,
        max_length=100,
        description="The reported model as app_label.model, e.g. accounts.user",
        examples=["accounts.user"],
    )
    object_id: ObjectId
    reason: str = Field(
        ..., max_length=50, description="One of: " + ", ".join(Report.Reason.values)
    )
    details: str = Field(
        "",
        max_length=DETAILS_MAX_LENGTH,
        description=f"Optional, up to {DETAILS_MAX_LENGTH:,} "
        "characters. Must not identify anyone you work with.",
    )
    confidentiality_acknowledged: bool = Field(
        False,
        description="Resend with true after a 422 warning (no finding with "
        "confidence high) to confirm the details are not about people you work with.",
    )


class ReportOut(Schema):
    id: int
    target: str
    object_id: int
    reason: str
    status: str
    outcome: str
    created_at: datetime


class DetailOut(Schema):
    detail: str | dict


def report_out(report: Report) -> dict:
    return {
        "id": report.pk,
        "target": f"{report.content_type.app_label}.{report.content_type.model}",
        "object_id": report.object_id,
        "reason": report.reason,
        "status": report.status,
        "outcome": report.outcome,
        "created_at": report.created_at,
    }


@router.post(
    "",
    response={201: ReportOut, 400: DetailOut, 404: DetailOut, 422: GuardErrorOut},
    summary="Report a profile, post, thread, library item or event",
)
def create_report(request, payload: ReportIn):
    """Report something you can see (reporting what you cannot see is 404). The report
    goes to the safeguarding leads of the community or organisation it belongs to (the
    host's admins where there are none), who see every report in their queue; you are
    told the outcome. Reporting the same thing twice is
    400. The details pass the confidentiality guard (422)."""
    target = selectors.reportable_object_by_label(
        payload.target, payload.object_id, viewer=request.user
    )
    report = services.report_create(
        actor=request.user,
        target=target,
        reason=payload.reason,
        details=payload.details,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, report_out(report))


@router.get(
    "",
    response={200: list[ReportOut], 400: ErrorOut},
    summary="Reports you have made, with outcomes",
)
def list_my_reports(
    request,
    response: HttpResponse,
    limit: int = limit_query(50),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """A plain array (its shape from before cursors, kept so no client breaks): the next
    page's cursor is in the ``Link`` header (``<...?cursor=...>; rel="next"``), absent
    on the last page."""
    page = seek_page(
        selectors.reports_made_by(request.user),
        cursor=cursor,
        limit=limit,
        offset=offset,
        scope="safeguarding.mine",
        bind=request_bind(request),
    )
    if page.next:
        query = urlencode({"limit": limit, "cursor": page.next})
        response["Link"] = f'<{request.path}?{query}>; rel="next"'
    return [report_out(r) for r in page.items]


# --- Moderation -------------------------------------------------------------------------


class QueueItemOut(Schema):
    id: int
    target: str
    object_id: int
    description: str = Field(..., description="A short label for the reported content")
    reason: str
    status: str
    outcome: str
    is_held: bool = Field(..., description="Hidden from everyone but moderators")
    created_at: datetime


class QueueOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[QueueItemOut]
    next: str | None = next_field()


class PersonOut(Schema):
    id: int
    name: str


class ContentFindingOut(Schema):
    kind: str
    start: int
    end: int
    confidence: str


class ContentTextOut(Schema):
    label: str
    text: str
    findings: list[ContentFindingOut]


class TrailEntryOut(Schema):
    action: str
    actor: str | None = Field(None, description="Who did it; null when not shown to you")
    reason: str
    created_at: datetime


class ReviewOut(Schema):
    """What moderators see; never sent to the reporter or anyone else."""

    description: str
    details: str
    reporter: PersonOut | None = Field(
        None, description="Null for a deleted account, or when you own the reported content"
    )
    is_held: bool
    routed_to: list[PersonOut]
    texts: list[ContentTextOut]
    url: str
    available_actions: list[str]
    trail: list[TrailEntryOut]
    updated_at: datetime
    closed_at: datetime | None


class ReportDetailOut(ReportOut):
    review: ReviewOut | None = Field(
        None, description="Moderators only; null for the reporter, who sees status and outcome"
    )


class ActionIn(Schema):
    model_config = example(
        {"action": "redact", "reason": "Identifying details of a family removed."}
    )

    action: str = Field(
        ..., max_length=50, description="One of: " + ", ".join(services.MODERATION_ACTIONS)
    )
    reason: str = Field(
        "",
        max_length=services.REASON_MAX_LENGTH,
        description="Required; goes in the audit trail. Must not identify anyone you work with.",
    )
    confidentiality_acknowledged: bool = Field(
        False,
        description="Resend with true after a 422 warning (no finding with confidence high).",
    )


def _describe(report: Report) -> str:
    target = report.content_object
    registration = reportable_for(report.content_type.model_class()) if target else None
    if registration is None:
        return _("Content that no longer exists")
    return registration.describe(target)


def _texts(report: Report) -> list[dict]:
    target = report.content_object
    registration = reportable_for(report.content_type.model_class()) if target else None
    if registration is None or registration.texts is None:
        return []
    texts = registration.texts(target)
    findings = {ff.field: ff.findings for ff in scan_texts(texts)}
    return [
        {
            "label": label,
            "text": text or "",
            "findings": [
                {"kind": f.kind, "start": f.start, "end": f.end, "confidence": f.confidence}
                for f in findings.get(label, ())
            ],
        }
        for label, text in texts.items()
    ]


def _url(report: Report) -> str:
    target = report.content_object
    registration = reportable_for(report.content_type.model_class()) if target else None
    return registration.url(target) if registration and registration.url else ""


def _person(user) -> dict:
    return {"id": user.pk, "name": user.display_name}


def moderator_report_out(report: Report, viewer) -> dict:
    hide_reporter = selectors.reporter_hidden_from(viewer, report)
    reporter = report.reporter
    trail = [
        {
            "action": event.action,
            "actor": (
                None
                # The reporter's own entries (the report, the hold) would name them.
                if event.actor is None or (hide_reporter and event.actor_id == report.reporter_id)
                else event.actor.display_name
            ),
            "reason": event.reason,
            "created_at": event.created_at,
        }
        for event in selectors.report_trail(report)
    ]
    return {
        **report_out(report),
        "review": {
            "description": _describe(report),
            "details": report.details,
            "reporter": None if reporter is None or hide_reporter else _person(reporter),
            "is_held": report.is_held,
            "routed_to": [_person(p) for p in report.routed_to.all()],
            "texts": _texts(report),
            "url": _url(report),
            "available_actions": services.available_actions(report),
            "trail": trail,
            "updated_at": report.updated_at,
            "closed_at": report.closed_at,
        },
    }


@router.get(
    "/queue",
    response={200: QueueOut, 400: ErrorOut, 403: ErrorOut},
    summary="The moderation queue: reports routed to you (every report for host admins)",
)
@admin_scope
def queue(
    request,
    status: Literal["open", "closed"] = "open",
    limit: int = limit_query(25),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Open reports (open, acknowledged, escalated) by default; ``status=closed`` for
    decided ones. Newest first. The same rules as the moderation queue page."""
    if not selectors.is_moderator(request.user):
        raise PermissionDenied(_("The moderation queue is for safeguarding leads and host admins."))
    qs = selectors.reports_for_moderator(request.user, open_only=status == "open")
    return cursor_page(
        request,
        qs,
        scope=f"safeguarding.queue.{status}",
        out=lambda r: {**report_out(r), "description": _describe(r), "is_held": r.is_held},
        cursor=cursor,
        limit=limit,
        offset=offset,
    )


def _report_for(user, report_id: int) -> tuple[Report, bool]:
    """(report, as moderator) — moderators it is routed to, then its reporter; else 404."""
    try:
        return selectors.report_for_moderator(user, report_id), True
    except NotFound:
        return selectors.report_made_by(user, report_id), False


@router.get(
    "/{int:report_id}",
    response={200: ReportDetailOut, 404: ErrorOut},
    summary="One report: the full review for its moderators, status and outcome for its reporter",
)
def report_detail(request, report_id: int):
    """Its moderators (the safeguarding leads it is routed to, host admins) get the
    review: what was reported, its text as it stands and the actions open to them. Its
    reporter gets the status and outcome only. Anyone else: 404."""
    report, moderating = _report_for(request.user, report_id)
    if moderating:
        return moderator_report_out(report, request.user)
    return {**report_out(report), "review": None}


@router.post(
    "/{int:report_id}/actions",
    response={200: ReportDetailOut, 400: ErrorOut, 404: ErrorOut, 422: GuardErrorOut},
    summary="Acknowledge, redact, restore, remove or escalate a report, with a reason",
)
@admin_scope
def report_action(request, report_id: int, payload: ActionIn):
    """Only the actions in ``review.available_actions`` are allowed (400 otherwise). The
    reason passes the confidentiality guard (422 with kinds and offsets, never the text)
    and is recorded in the audit trail."""
    report = selectors.report_for_moderator(request.user, report_id)
    services.report_act(
        actor=request.user,
        report=report,
        action=payload.action,
        reason=payload.reason,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return moderator_report_out(
        selectors.report_for_moderator(request.user, report_id), request.user
    )


# An organisation's safeguarding leads, for its admins (the pages under
# /safeguarding/organisations/<slug>/leads/). Mounted at /api/v1/safeguarding by the api app.

leads_router = Router(tags=["safeguarding"])


class OrganisationLeadIn(Schema):
    model_config = example({"email": "sam@riverside.example.org"})

    email: str = Field(
        ...,
        min_length=1,
        max_length=254,
        description="The email address of a person in the organisation.",
        examples=["sam@riverside.example.org"],
    )


class OrganisationLeadOut(Schema):
    id: int
    user_id: int
    display_name: str
    email: str
    profession: str | None


class OrganisationLeadListOut(Schema):
    limit: int
    offset: int
    items: list[OrganisationLeadOut]
    next: str | None = next_field()


def _organisation_lead_out(lead) -> dict:
    return {
        "id": lead.pk,
        "user_id": lead.user_id,
        "display_name": lead.user.display_name,
        "email": lead.user.email,
        "profession": lead.user.profession.name if lead.user.profession else None,
    }


@leads_router.get(
    "/organisations/{slug}/leads",
    response={200: OrganisationLeadListOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="An organisation's safeguarding leads (its admins; admin scope)",
    description="404 for anyone who does not manage the organisation, as the page.",
)
@admin_scope
def organisation_leads(
    request,
    slug: str = Path(..., max_length=100),
    limit: int = limit_query(50),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    organisation = account_selectors.organisation_for_manager(request.user, slug)
    return cursor_page(
        request,
        selectors.lead_assignments_for(organisation).order_by("pk"),
        scope="safeguarding.organisation_leads",
        out=_organisation_lead_out,
        cursor=cursor,
        limit=limit,
        offset=offset,
        count=False,
    )


@leads_router.post(
    "/organisations/{slug}/leads",
    response={201: OrganisationLeadOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Name a person in the organisation as a safeguarding lead (its admins; admin scope)",
    description="They receive reports about the organisation's content. 400 when no one "
    "in the organisation has that email address. Naming someone twice changes nothing.",
)
@admin_scope
def organisation_lead_add(
    request, payload: OrganisationLeadIn, slug: str = Path(..., max_length=100)
):
    organisation = account_selectors.organisation_for_manager(request.user, slug)
    person = selectors.person_by_email(payload.email)
    if person is None:
        raise ValidationError(
            {
                "email": _("There is no one in %(org)s with that email address.")
                % {"org": organisation.name}
            }
        )
    lead = services.safeguarding_lead_assign(
        actor=request.user, user=person, scope_object=organisation
    )
    return Status(201, _organisation_lead_out(lead))


@leads_router.delete(
    "/leads/{lead_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Remove a safeguarding lead you manage (admin scope)",
    description="An organisation's or a community's lead, for those who may name its leads; "
    "404 for anyone else, as the page.",
)
@admin_scope
def lead_remove(request, lead_id: int = Path(..., ge=1, le=MAX_ID)):
    lead = selectors.lead_assignment_for_manager(request.user, lead_id)
    services.safeguarding_lead_remove(actor=request.user, lead=lead)
    return Status(204, None)
