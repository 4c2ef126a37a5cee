"""``GET/POST /api/v1/jobs``: open listings (anyone with a token), and posting for an
employer whose organisation admin the caller is; ``GET /jobs/{id}``, ``PATCH /jobs/{id}``,
``POST /jobs/{id}/withdraw`` and ``GET /jobs/managed`` (the jobs you manage). The same
selectors and services as the pages."""

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
    example,
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
    model_config = example(
        {
            "employer": "riverside-council",
            "title": "Senior social worker, children's disability team",
            "location": "Riverside, hybrid",
            "nation": "england",
            "salary_min": 41000,
            "salary_max": 45500,
            "hours": "37 hours a week",
            "contract_type": "permanent",
            "profession": "social-worker",
            "closes_on": "2027-02-26",
            "apply_url": "https://jobs.riverside.example.org/vacancies/1234",
            "description": "Join a team that works alongside health and education colleagues "
            "to support disabled children and their families.",
        }
    )

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
    """Post an open listing for an organisation you administer (403 for anyone else).
    The title and description pass the confidentiality guard (422); an unknown employer
    or profession slug, or values the jobs page would refuse, are 400."""
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


class JobPatchIn(Schema):
    """Only the fields sent change."""

    model_config = example({"closes_on": "2027-03-12", "salary_max": 46500})

    title: name_field("Job title", TITLE_MAX_LENGTH) | None = None
    location: str | None = Field(None, max_length=SHORT_MAX_LENGTH)
    nation: Nation | None = None
    salary_min: int | None = Field(None, ge=0, le=services.MAX_SALARY)
    salary_max: int | None = Field(None, ge=0, le=services.MAX_SALARY)
    hours: str | None = Field(None, max_length=SHORT_MAX_LENGTH)
    contract_type: ContractType | None = None
    profession: Slug | None = None
    closes_on: date | None = None
    apply_url: str | None = Field(None, max_length=APPLY_MAX_LENGTH)
    apply_email: str | None = Field(None, max_length=254)
    description: str | None = Field(None, max_length=DESCRIPTION_MAX_LENGTH)
    confidentiality_acknowledged: bool = False


class ManagedJobOut(JobOut):
    status: str


class ManagedJobListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ManagedJobOut]
    next: str | None = next_field()


EDITABLE = (
    "title",
    "location",
    "nation",
    "salary_min",
    "salary_max",
    "hours",
    "contract_type",
    "profession",
    "closes_on",
    "apply_url",
    "apply_email",
    "description",
)


def managed_job_out(job) -> dict:
    return {**job_out(job), "status": job.status}


@router.get(
    "/managed",
    response={200: ManagedJobListOut, 400: ErrorOut, 401: ErrorOut},
    summary="The jobs you manage (your organisations' listings)",
)
def job_managed(
    request,
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Every listing, open, closed or withdrawn, of the organisations whose admin you
    are (every organisation's for host admins), newest first; empty for anyone else."""
    qs = selectors.jobs_managed_by(request.user)
    return cursor_page(
        request,
        qs,
        scope="jobs.managed",
        out=managed_job_out,
        cursor=cursor,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/{int:job_id}",
    response={200: JobOut, 401: ErrorOut, 404: ErrorOut},
    summary="A job",
)
def job_read(request, job_id: int):
    """An open listing, for anyone with a token; a closed or withdrawn one only for those
    who manage it (404 for anyone else)."""
    return job_out(selectors.job_for_reader(request.user, job_id))


@router.patch(
    "/{int:job_id}",
    response={
        200: ManagedJobOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Edit a job (the employer's organisation admins)",
)
def job_edit(request, job_id: int, payload: JobPatchIn):
    """404 for anyone who does not manage the job, as on the page; 409 once withdrawn."""
    job = selectors.job_for_manager(request.user, job_id)
    sent = payload.dict(exclude={"confidentiality_acknowledged"}, exclude_unset=True)
    data = {name: getattr(job, name) for name in EDITABLE}
    data.update(
        {k: v for k, v in sent.items() if v is not None or k in ("salary_min", "salary_max")}
    )
    if "profession" in sent:
        data["profession"] = Profession.objects.filter(slug=sent["profession"]).first()
    data["nation"] = str(data["nation"] or "")
    data["contract_type"] = str(data["contract_type"])
    job = services.job_update(
        actor=request.user,
        job=job,
        data=data,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return managed_job_out(job)


@router.post(
    "/{int:job_id}/withdraw",
    response={200: ManagedJobOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Withdraw a job (the employer's organisation admins)",
)
def job_withdraw(request, job_id: int):
    """The listing leaves the jobs list at once. 404 for anyone who does not manage it;
    409 when already withdrawn."""
    job = selectors.job_for_manager(request.user, job_id)
    return managed_job_out(services.job_withdraw(actor=request.user, job=job))
