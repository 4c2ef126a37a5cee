"""``/api/v1/cpd``, beyond records: deleting a record or returning it to draft, its
evidence links, the PCF coverage, your registration period, shares with a supervisor,
and an organisation's one aggregate figure. (Deleting a record is in ``cpd.api``, beside
the record's other operations on the same path.)

The same selectors and services as the pages: everything here is the caller's own
(another person's record, evidence or share is 404, whoever asks), except the
organisation figure, which its admins and host admins read and which is suppressed for
a group smaller than ``progress.MIN_GROUP``.
"""

import datetime as dt

from django.urls import reverse
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from practice_commons.accounts import selectors as account_selectors
from practice_commons.core.api_schemas import (
    LIST_MAX,
    MAX_ID,
    ErrorOut,
    GuardErrorOut,
    ObjectId,
    example,
)

from . import progress, selectors, services
from .api import EvidenceOut, RecordOut, evidence_out, record_out

router = Router(tags=["cpd"])

SHARES_LISTED = 50


# --- A record's state and evidence ---------------------------------------------------------


@router.post(
    "/records/{record_id}/draft",
    response={200: RecordOut, 404: ErrorOut, 409: ErrorOut},
    summary="Return a final record to draft",
)
def record_draft(request, record_id: int):
    """Returns one of the caller's final records to draft, so it can be changed; a
    record that is already a draft is 409."""
    record = selectors.record_for_owner(request.user, record_id)
    services.record_return_to_draft(actor=request.user, record=record)
    return record_out(selectors.record_for_owner(request.user, record_id))


class EvidenceIn(Schema):
    model_config = example(
        {
            "label": "Certificate of attendance",
            "url": "https://training.example.org/certificates/4821",
            "confidentiality_acknowledged": False,
        }
    )

    label: str = Field(max_length=200, description="What it is, in a few words.")
    url: str = Field(max_length=500, description="A link starting with https:// or http://.")
    confidentiality_acknowledged: bool = False


@router.post(
    "/records/{record_id}/evidence",
    response={201: EvidenceOut, 400: ErrorOut, 404: ErrorOut, 422: GuardErrorOut},
    summary="Add a link as evidence to one of your records",
)
def evidence_add(request, record_id: int, payload: EvidenceIn):
    """Adds a link, with a label saying what it is, to one of the caller's records (at
    most 10 pieces of evidence a record, 400 beyond). The label and the link pass the
    confidentiality guard (422 unless acknowledged). A file is added with
    ``POST /records/{record_id}/evidence/file``."""
    record = selectors.record_for_owner(request.user, record_id)
    evidence = services.evidence_add(
        actor=request.user,
        record=record,
        label=payload.label,
        url=payload.url,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, evidence_out(evidence))


class EvidenceFileIn(Schema):
    label: str = Field(max_length=200, description="What it is, in a few words.")
    confidentiality_acknowledged: bool = False


@router.post(
    "/records/{record_id}/evidence/file",
    response={201: EvidenceOut, 400: ErrorOut, 404: ErrorOut, 422: GuardErrorOut},
    summary="Add a file as evidence to one of your records",
)
def evidence_file_add(
    request, record_id: int, payload: Form[EvidenceFileIn], file: File[UploadedFile]
):
    """Adds a file (PDF, Word, Excel, PowerPoint or OpenDocument; an image where the host
    allows them), sent as ``multipart/form-data`` with a ``label`` saying what it is, to
    one of the caller's records. The file is checked as on the record's page: its type
    from its bytes, the size limits, and its text read by the confidentiality guard with
    the label and the file's name (422 unless acknowledged; nothing is stored on any
    refusal). At most 10 pieces of evidence a record (400 beyond). The file is private:
    the record's owner downloads it from the record's page."""
    record = selectors.record_for_owner(request.user, record_id)
    evidence = services.evidence_add(
        actor=request.user,
        record=record,
        label=payload.label,
        upload=file,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, evidence_out(evidence))


@router.delete(
    "/records/{record_id}/evidence/{evidence_id}",
    response={204: None, 404: ErrorOut},
    summary="Remove a piece of evidence from one of your records",
)
def evidence_remove(request, record_id: int, evidence_id: int):
    """Removes a link or a file (the file is deleted from storage once the change is
    saved); evidence of another person's record is 404."""
    evidence = selectors.evidence_for_owner(request.user, record_id, evidence_id)
    services.evidence_remove(actor=request.user, evidence=evidence)
    return Status(204, None)


# --- Coverage and settings -----------------------------------------------------------------


class DomainOut(Schema):
    code: str
    name: str
    group: str
    this_period: int = Field(description="Your records mapped to it in the current period.")
    all_time: int


class PcfOut(Schema):
    period_start: dt.date
    period_end: dt.date
    domains: list[DomainOut]


@router.get("/pcf", response=PcfOut, summary="Your records against the PCF's nine domains")
def pcf_coverage(request):
    """How many of the caller's records, draft or final, are mapped to each domain of the
    Professional Capabilities Framework, in the current registration period and ever."""
    _framework, period = selectors.framework_and_period(request.user)
    return {
        "period_start": period.start,
        "period_end": period.end,
        "domains": [
            {
                "code": c.domain.code,
                "name": str(c.domain.title),
                "group": str(c.group),
                "this_period": c.this_period,
                "all_time": c.all_time,
            }
            for c in progress.pcf_coverage(request.user, period)
        ],
    }


class SettingsOut(Schema):
    framework: str = Field(description="The CPD framework of your regulator.")
    regulator: str
    fixed_period: bool = Field(description="True when the regulator sets the year for everyone.")
    period_ends_on: dt.date | None = Field(description="Your own renewal date, if given.")
    period_start: dt.date
    period_end: dt.date


class SettingsIn(Schema):
    model_config = example({"period_ends_on": "2027-08-31"}, {"period_ends_on": None})

    period_ends_on: dt.date | None = Field(
        description="The day your registration or revalidation period ends (within the last "
        "year or the next five); null to forget it."
    )


def _settings_out(user) -> dict:
    framework, period = selectors.framework_and_period(user)
    return {
        "framework": str(framework.name),
        "regulator": str(framework.regulator_label),
        "fixed_period": bool(framework.fixed_period),
        "period_ends_on": selectors.period_ends_on(user),
        "period_start": period.start,
        "period_end": period.end,
    }


@router.get("/settings", response=SettingsOut, summary="Your CPD framework and period")
def settings_read(request):
    """The caller's framework (from their regulator) and the registration period their
    progress is counted over."""
    return _settings_out(request.user)


@router.put(
    "/settings",
    response={200: SettingsOut, 400: ErrorOut},
    summary="Set the day your registration period ends",
)
def settings_write(request, payload: SettingsIn):
    """For regulators whose period is each person's own (revalidation, renewal): the day
    it ends, within the last year or the next five (400 otherwise). Regulators with one
    year for everyone ignore it."""
    services.settings_update(actor=request.user, period_ends_on=payload.period_ends_on)
    return _settings_out(request.user)


# --- Shares ----------------------------------------------------------------------------------


class ShareOut(Schema):
    id: int
    recipient: str
    record_ids: list[int]
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    last_viewed_at: dt.datetime | None
    usable: bool = Field(description="Neither revoked nor expired.")


class ShareCreatedOut(ShareOut):
    link: str = Field(description="The link for the reader: shown this once, never stored.")


class ShareIn(Schema):
    model_config = example(
        {
            "record_ids": [4821, 4822],
            "recipient": "My supervisor",
            "days": 30,
            "confidentiality_acknowledged": False,
        }
    )

    record_ids: list[ObjectId] = Field(max_length=LIST_MAX, description="Your own records.")
    recipient: str = Field(max_length=120, description="Who it is for, by role, not by name.")
    # Bounded only against overflow: the service refuses 0 or 91 with the page's message.
    days: int = Field(30, ge=-MAX_ID, le=MAX_ID, description="How long the link works: 1 to 90.")
    confidentiality_acknowledged: bool = False


def _share_out(share) -> dict:
    return {
        "id": share.pk,
        "recipient": share.recipient,
        "record_ids": [r.pk for r in share.records.all()],
        "created_at": share.created_at,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "last_viewed_at": share.last_viewed_at,
        "usable": share.is_usable(),
    }


@router.get("/shares", response=list[ShareOut], summary="Your shares, newest first")
def share_list(request):
    """The caller's shares (the latest 50), with the records each shows and whether its
    link still works. The links themselves are shown only when made."""
    return [_share_out(s) for s in selectors.shares_for(request.user)[:SHARES_LISTED]]


@router.post(
    "/shares",
    response={201: ShareCreatedOut, 400: ErrorOut, 422: GuardErrorOut},
    summary="Share some of your records with a reader through a link",
)
def share_create(request, payload: ShareIn):
    """A link that shows the chosen records (only your own, up to 100; 400 otherwise) to
    a reader without an account, for 1 to 90 days. The recipient is a role; it passes the
    confidentiality guard (422 unless acknowledged). The answer holds the link once."""
    share, token = services.share_create(
        actor=request.user,
        record_ids=payload.record_ids,
        recipient=payload.recipient,
        days=payload.days,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    link = request.build_absolute_uri(reverse("cpd:shared", args=[token]))
    return Status(
        201, {**_share_out(selectors.share_for_owner(request.user, share.pk)), "link": link}
    )


@router.post(
    "/shares/{share_id}/revoke",
    response={200: ShareOut, 404: ErrorOut, 409: ErrorOut},
    summary="Stop a share's link working, at once",
)
def share_revoke(request, share_id: int):
    """The link stops working at once; revoking it again is 409, another person's share
    404."""
    share = selectors.share_for_owner(request.user, share_id)
    return _share_out(services.share_revoke(actor=request.user, share=share))


# --- An organisation's figure ---------------------------------------------------------------


class OrganisationCpdOut(Schema):
    organisation: str
    group_size: int = Field(description="Verified staff whose framework asks for peer reflection.")
    met: int | None = Field(description="How many met it this period; null when suppressed.")
    suppressed: bool
    min_group: int = Field(description="The smallest group a figure is given for.")


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationCpdOut, 404: ErrorOut},
    summary="An organisation's peer-reflection figure (its admins, host admins)",
)
def organisation_figure(request, slug: str):
    """One aggregate figure: of the organisation's verified staff whose framework asks
    for peer reflection, how many have met it this period, suppressed for fewer than 10
    people so nobody's progress can be inferred. Nobody's records are ever listed. For the
    organisation's admins and host admins; 404 for anyone else."""
    organisation = account_selectors.organisation_for_manager(request.user, slug)
    figure = progress.organisation_peer_reflection(organisation)
    return {
        "organisation": organisation.slug,
        "group_size": figure.group_size,
        "met": figure.met,
        "suppressed": figure.suppressed,
        "min_group": progress.MIN_GROUP,
    }
