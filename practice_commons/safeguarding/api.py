"""Reports in the JSON API: the same services as the web pages.

A write the confidentiality guard blocks answers 422 with the findings' kinds and offsets
(``practice_commons.api.api`` handles ``ConfidentialityError`` for every router).
"""

from datetime import datetime

from ninja import Field, Router, Schema, Status

from practice_commons.core.api_schemas import GuardErrorOut

from . import selectors, services
from .models import DETAILS_MAX_LENGTH, Report

router = Router(tags=["reports"])


class ReportIn(Schema):
    target: str = Field(
        ...,
        description="The reported model as app_label.model, e.g. accounts.user",
        examples=["accounts.user"],
    )
    object_id: int
    reason: str = Field(..., description="One of: " + ", ".join(Report.Reason.values))
    details: str = Field(
        "",
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
    target = selectors.reportable_object_by_label(payload.target, payload.object_id)
    report = services.report_create(
        actor=request.user,
        target=target,
        reason=payload.reason,
        details=payload.details,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, report_out(report))


@router.get("", response=list[ReportOut], summary="Reports you have made, with outcomes")
def list_my_reports(request, limit: int = 50, offset: int = 0):
    limit = max(1, min(limit, 100))
    reports = selectors.reports_made_by(request.user)[max(offset, 0) : max(offset, 0) + limit]
    return [report_out(r) for r in reports]
