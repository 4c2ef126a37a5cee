"""Posting, changing and withdrawing job listings: the employer's organisation admins
(and host admins). Free text passes the confidentiality guard first."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.models import Nation
from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.core.people import is_signed_in
from practice_commons.core.text import clean_name

from . import policies
from .models import (
    APPLY_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    SHORT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ContractType,
    Job,
)

GUARDED = ("title", "location", "hours", "description")
MAX_DAYS_AHEAD = 365
MAX_SALARY = 1_000_000


def _clean(data: dict, *, existing: Job | None = None) -> dict:
    errors = {}
    out = {}
    try:
        out["title"] = clean_name(
            data.get("title") or "", label=_("Job title"), max_length=TITLE_MAX_LENGTH
        )
    except ValidationError as exc:
        errors["title"] = exc.messages[0]
    for name in ("location", "hours"):
        value = (data.get(name) or "").strip()
        if len(value) > SHORT_MAX_LENGTH:
            errors[name] = _("Keep this to %(n)s characters.") % {"n": SHORT_MAX_LENGTH}
        out[name] = value
    if not out["location"]:
        errors["location"] = _("Enter where the job is.")
    description = (data.get("description") or "").strip()
    if not description:
        errors["description"] = _("Describe the job.")
    elif len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = _("Keep the description to %(n)s characters.") % {
            "n": DESCRIPTION_MAX_LENGTH
        }
    out["description"] = description
    if data.get("contract_type") not in ContractType.values:
        errors["contract_type"] = _("Choose the contract type.")
    out["contract_type"] = data.get("contract_type")
    if data.get("profession") is None:
        errors["profession"] = _("Choose the profession.")
    out["profession"] = data.get("profession")
    nation = data.get("nation") or ""
    if nation not in ("", *Nation.values):
        errors["nation"] = _("Choose a nation from the list.")
    out["nation"] = nation
    lo, hi = data.get("salary_min"), data.get("salary_max")
    for name, value in (("salary_min", lo), ("salary_max", hi)):
        if value is not None and not (0 <= value <= MAX_SALARY):
            errors[name] = _("Enter a yearly salary in pounds, up to £1,000,000.")
    if lo is not None and hi is not None and hi < lo:
        errors["salary_max"] = _("The top of the range must not be below its bottom.")
    out["salary_min"], out["salary_max"] = lo, hi
    closes_on = data.get("closes_on")
    today = timezone.localdate()
    if not isinstance(closes_on, dt.date):
        errors["closes_on"] = _("Enter the closing date.")
    elif closes_on < today and (existing is None or closes_on != existing.closes_on):
        errors["closes_on"] = _("The closing date must be today or later.")
    elif closes_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        errors["closes_on"] = _("The closing date must be within a year.")
    out["closes_on"] = closes_on
    url = (data.get("apply_url") or "").strip()
    email = (data.get("apply_email") or "").strip()
    if url and (len(url) > APPLY_MAX_LENGTH or not _is_web_address(url)):
        errors["apply_url"] = _("Enter a web address starting https://.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["apply_email"] = _("Enter an email address like jobs@example.org.")
    if not url and not email:
        errors["apply_url"] = _("Say how to apply: a web address, an email address or both.")
    out["apply_url"], out["apply_email"] = url, email
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def job_create(
    *, actor, organisation, data: dict, confidentiality_acknowledged: bool = False
) -> Job:
    """Post a job for ``organisation`` (its verified admins, or host admins)."""
    if not is_signed_in(actor):
        raise PermissionDenied(_("Sign in first."))
    guard_texts(
        texts={k: data.get(k) or "" for k in GUARDED}, acknowledged=confidentiality_acknowledged
    )
    if organisation is None or not policies.can_manage_jobs(actor, organisation):
        raise PermissionDenied(_("Only the employer's organisation admins can post its jobs."))
    job = Job.objects.create(organisation=organisation, posted_by=actor, **_clean(data))
    audit_record(actor=actor, action="job.create", target=job)
    return job


@transaction.atomic
def job_update(*, actor, job: Job, data: dict, confidentiality_acknowledged: bool = False) -> Job:
    guard_texts(
        texts={k: data.get(k) or "" for k in GUARDED}, acknowledged=confidentiality_acknowledged
    )
    if not policies.can_manage_jobs(actor, job.organisation):
        raise PermissionDenied(_("Only the employer's organisation admins can change its jobs."))
    if job.status == Job.Status.WITHDRAWN:
        raise Conflict(_("This listing was withdrawn."))
    for name, value in _clean(data, existing=job).items():
        setattr(job, name, value)
    job.updated_at = timezone.now()
    job.save()
    audit_record(actor=actor, action="job.update", target=job)
    return job


@transaction.atomic
def job_withdraw(*, actor, job: Job) -> Job:
    if not policies.can_manage_jobs(actor, job.organisation):
        raise PermissionDenied(_("Only the employer's organisation admins can withdraw its jobs."))
    if job.status == Job.Status.WITHDRAWN:
        raise Conflict(_("This listing was already withdrawn."))
    job.status = Job.Status.WITHDRAWN
    job.updated_at = timezone.now()
    job.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="job.withdraw", target=job)
    return job


def _is_web_address(url: str) -> bool:
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        return False
    return True
