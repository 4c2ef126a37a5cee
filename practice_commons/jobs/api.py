"""``GET/POST /api/v1/jobs``: open listings (anyone with a token), and posting for an
employer whose organisation admin the caller is. The same selectors and services as
the pages."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from practice_commons.accounts.models import Nation, Organisation, Profession
from practice_commons.core.api_pagination import (
    cursor_page,
    cursor_query,
    limit_query,
    next_field,
    offset_query,
)
from practice_commons.core.api_schemas import (
    CHOICE_MAX_LENGTH,
    QUERY_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    ErrorOut,
    GuardErrorOut,
    Slug,
    name_field,
)

from . import selectors, services
from .models import (
    APPLY_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    SHORT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ContractType,
)

router = Router(tags=["jobs"])
MAX_LIMIT = 50


class JobOut(Schema):
    id: int
    title: str
    employer: str
    employer_name: str
    location: str
    nation: str
    salary_min: int | None
    salary_max: int | None
    hours: str
    contract_type: str
    profession: str
    closes_on: date
    apply_url: str
    apply_email: str
    description: str
    url: str
    created_at: datetime


class JobListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[JobOut]
    next: str | None = next_field()


class JobIn(Schema):
    employer: Slug = Field(..., description="The organisation's slug (you must be its admin).")
    title: name_field("Job title", TITLE_MAX_LENGTH)
    location: str = Field(..., max_length=SHORT_MAX_LENGTH)
    nation: Nation | None = None
    salary_min: int | None = Field(None, ge=0, le=services.MAX_SALARY)
    salary_max: int | None = Field(None, ge=0, le=services.MAX_SALARY)
    hours: str = Field("", max_length=SHORT_MAX_LENGTH)
    contract_type: ContractType
    profession: Slug
    closes_on: date
    apply_url: str = Field("", max_length=APPLY_MAX_LENGTH)
    apply_email: str = Field("", max_length=254)
    description: str = Field(..., max_length=DESCRIPTION_MAX_LENGTH)
    confidentiality_acknowledged: bool = False


def job_out(job) -> dict:
    return {
        "id": job.pk,
        "title": job.title,
        "employer": job.organisation.slug,
        "employer_name": job.organisation.name,
        "location": job.location,
        "nation": job.nation,
        "salary_min": job.salary_min,
        "salary_max": job.salary_max,
        "hours": job.hours,
        "contract_type": job.contract_type,
        "profession": job.profession.slug,
        "closes_on": job.closes_on,
        "apply_url": job.apply_url,
        "apply_email": job.apply_email,
        "description": job.description,
        "url": job.get_absolute_url(),
        "created_at": job.created_at,
    }


@router.get("", response={200: JobListOut, 400: ErrorOut, 401: ErrorOut}, summary="Jobs")
def job_list(
    request,
    q: str = Query("", max_length=QUERY_MAX_LENGTH),
    profession: str = Query("", max_length=SLUG_MAX_LENGTH),
    employer: str = Query("", max_length=SLUG_MAX_LENGTH),
    contract_type: str = Query("", max_length=CHOICE_MAX_LENGTH),
    nation: str = Query("", max_length=CHOICE_MAX_LENGTH),
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Open listings before their closing date, soonest closing first."""
    qs = selectors.jobs_list(
        filters={
            "q": q,
            "profession": profession,
            "organisation": employer,
            "contract_type": contract_type,
            "nation": nation,
        }
    )
    return cursor_page(
        request, qs, scope="jobs", out=job_out, cursor=cursor, limit=limit, offset=offset
    )


@router.post(
    "",
    response={
        201: JobOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Post a job (the employer's organisation admins)",
)
def job_create(request, payload: JobIn):
    data = payload.dict()
    ack = data.pop("confidentiality_acknowledged")
    employer = Organisation.objects.filter(slug=data.pop("employer")).first()
    profession = Profession.objects.filter(slug=data["profession"]).first()
    data["profession"] = profession
    data["nation"] = str(data["nation"] or "")
    data["contract_type"] = str(data["contract_type"])
    if employer is None:
        raise ValidationError({"employer": _("No organisation with that slug.")})
    job = services.job_create(
        actor=request.user, organisation=employer, data=data, confidentiality_acknowledged=ack
    )
    return Status(201, job_out(job))
