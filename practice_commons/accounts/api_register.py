"""``/api/v1/register``: the host's membership register for host admins (list, grant,
import, end, claims and their decisions), and ``/api/v1/me/membership-claim``, a
person's own claim.

The same selectors and services as the pages (``views/register.py``): only host admins
read or change the register (403 for anyone else, as the pages; an unknown entry or
claim is 404), with an ``admin`` token, like every other administrative operation.
Nobody puts themselves on the register or decides their own claim (403); every change
writes the same audit entries as the page; reasons pass the confidentiality guard.
"""

import csv
import datetime as dt
import io
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from practice_commons.core.api_pagination import cursor_page, cursor_query, limit_query, next_field
from practice_commons.core.api_schemas import (
    QUERY_MAX_LENGTH,
    ErrorDetailOut,
    ErrorOut,
    GuardErrorOut,
    ObjectIdPath,
    example,
)
from practice_commons.core.api_scopes import admin_scope

from . import register_selectors as selectors
from . import services
from .models.register import NUMBER_MAX_LENGTH, REASON_MAX_LENGTH
from .services.register_import import MAX_ROWS

router = Router(tags=["register"])

# What the pages accept: a number with spaces (normalised away), a 5 MB file.
NUMBER_INPUT_MAX = NUMBER_MAX_LENGTH + 20
CSV_MAX_CHARACTERS = 5 * 1024 * 1024
CLAIM_ROWS_LISTED = 100


# --- Output ------------------------------------------------------------------------------


class RegisterPersonOut(Schema):
    id: int
    name: str
    email: str


class RegisterEntryOut(Schema):
    id: int
    email: str = Field(description="The address the entry was issued to (may be empty).")
    number: str = Field(description="The membership number (may be empty).")
    label: str
    valid_from: dt.date
    valid_until: dt.date | None = Field(description="The last day (inclusive); null: none.")
    status: Literal["current", "future", "expired", "ended"]
    source: Literal["admin", "import", "claim"]
    person: RegisterPersonOut | None = Field(description="Who it is matched to; null: nobody yet.")
    granted_by: str | None
    granted_at: dt.datetime
    reason: str
    ended_at: dt.datetime | None
    ended_by: str | None
    end_reason: str


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.display_name, "email": user.email}


def _name(user) -> str | None:
    return user.display_name if user is not None else None


def entry_out(record) -> dict:
    return {
        "id": record.pk,
        "email": record.email,
        "number": record.number,
        "label": record.label,
        "valid_from": record.valid_from,
        "valid_until": record.valid_until,
        "status": record.status,
        "source": record.source,
        "person": _person(record.user),
        "granted_by": _name(record.granted_by),
        "granted_at": record.granted_at,
        "reason": record.reason,
        "ended_at": record.ended_at,
        "ended_by": _name(record.ended_by),
        "end_reason": record.end_reason,
    }


class RegisterEntryListOut(Schema):
    count: int
    limit: int
    items: list[RegisterEntryOut]
    pending_claims: int = Field(description="Claims waiting for a host admin's review.")
    next: str | None = next_field()


# --- The register ------------------------------------------------------------------------


@router.get(
    "/register",
    response={200: RegisterEntryListOut, 400: ErrorOut, 403: ErrorOut},
    summary="The host membership register (host admins; admin scope)",
)
@admin_scope
def register_list(
    request,
    q: str = Query(
        "",
        max_length=QUERY_MAX_LENGTH,
        description="Part of an email address, a membership number or a matched name.",
    ),
    show: Literal["current", "ended", "all"] = Query(
        "current",
        description="`current` (not ended, not past, including later starts), `ended` "
        "(ended or past their last day) or `all`.",
    ),
    limit: int = limit_query(50),
    cursor: str = cursor_query(),
):
    """The register's entries, newest first, as the register page lists them: search
    with `q`, choose `show`; each entry with who it is matched to, its dates, source and
    status, and `pending_claims`, how many claims wait for review. Host admins only (403
    for anyone else). Paged with `limit` and `cursor` (follow `next`)."""
    rows = selectors.register_rows(request.user, q=q, show=show)
    body = cursor_page(
        request, rows, scope="accounts.register", out=entry_out, cursor=cursor, limit=limit
    )
    return {**body, "pending_claims": selectors.pending_claims_count(request.user)}


class RegisterGrantIn(Schema):
    model_config = example(
        {
            "email": "sam.jones@example.org",
            "number": "CAPA-001234",
            "valid_from": "2026-04-01",
            "valid_until": "2027-03-31",
            "reason": "Renewed at the spring conference.",
            "confidentiality_acknowledged": False,
        }
    )

    email: str = Field(
        "",
        max_length=254,
        description="The address they are matched by, once they have verified it.",
    )
    number: str = Field(
        "", max_length=NUMBER_INPUT_MAX, description="Their membership number (spaces ignored)."
    )
    valid_from: dt.date | None = Field(None, description="First day; null or left out: today.")
    valid_until: dt.date | None = Field(None, description="Last day; null: no end date.")
    reason: str = Field("", max_length=REASON_MAX_LENGTH)
    confidentiality_acknowledged: bool = False


@router.post(
    "/register",
    response={201: RegisterEntryOut, 400: ErrorOut, 403: ErrorOut, 422: GuardErrorOut},
    summary="Add a person to the host membership register (host admins; admin scope)",
)
@admin_scope
def register_grant(request, payload: RegisterGrantIn):
    """Adds an entry by email address and/or membership number, as the register's *Add a
    member* page: an address someone has verified matches them at once (the answer's
    `person`); otherwise the entry waits for its owner to verify the address or claim
    with the number. 400 without either, for a bad address or number, a number already
    on the register, or a last day before the first; 403 for anyone but a host admin, and
    for a host admin adding themselves (another host admin must). The reason passes the
    confidentiality guard (422). Audited as `host_membership.grant`."""
    selectors.require_register_reader(request.user)
    record = services.host_membership_grant(
        actor=request.user,
        email=payload.email,
        number=payload.number,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        reason=payload.reason,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, entry_out(selectors.register_record(request.user, record.pk)))


class RegisterEndIn(Schema):
    model_config = example(
        {"reason": "Did not renew for 2026.", "confidentiality_acknowledged": False}
    )

    reason: str = Field(
        max_length=REASON_MAX_LENGTH,
        description="Why the membership ends: kept in the register's history.",
    )
    confidentiality_acknowledged: bool = False


@router.post(
    "/register/{record_id}/end",
    response={
        200: RegisterEntryOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: GuardErrorOut,
    },
    summary="End a host membership now (host admins; admin scope)",
)
@admin_scope
def register_end(request, payload: RegisterEndIn, record_id: int = ObjectIdPath):
    """Ends a register entry today; the entry stays, with who ended it, when and why, and
    the person is told. 400 without a reason, 409 when it has already ended, 403 for
    anyone but a host admin, 404 for an unknown entry. The reason passes the
    confidentiality guard (422). Audited as `host_membership.end`."""
    record = selectors.register_record(request.user, record_id)
    services.host_membership_end(
        actor=request.user,
        record=record,
        reason=payload.reason,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return entry_out(selectors.register_record(request.user, record_id))


# --- Import ------------------------------------------------------------------------------


class RegisterImportRowIn(Schema):
    email: str = Field("", max_length=254)
    membership_number: str = Field("", max_length=NUMBER_INPUT_MAX)
    valid_from: str = Field(max_length=20, description="2025-04-01 or 01/04/2025.")
    valid_until: str = Field("", max_length=20, description="Empty: no end date.")


class RegisterImportIn(Schema):
    model_config = example(
        {
            "csv": "email,membership_number,valid_from,valid_until\n"
            "sam.jones@example.org,CAPA-001234,2025-04-01,2026-03-31\n",
            "check_only": True,
        },
        {
            "rows": [
                {
                    "email": "sam.jones@example.org",
                    "membership_number": "CAPA-001234",
                    "valid_from": "2025-04-01",
                    "valid_until": "2026-03-31",
                }
            ],
            "check_only": False,
        },
    )

    csv: str | None = Field(
        None,
        max_length=CSV_MAX_CHARACTERS,
        description="The file's text: a header row naming the columns email, "
        "membership_number, valid_from and valid_until, then one row a member.",
    )
    rows: list[RegisterImportRowIn] | None = Field(
        None, max_length=MAX_ROWS, description="Or the rows themselves (row 2 is the first)."
    )
    check_only: bool = Field(False, description="Only check: change nothing.")


class RegisterImportErrorOut(Schema):
    line: int = Field(description="The row (the header is row 1); 0 for the file as a whole.")
    message: str


class RegisterImportOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    matched: int = Field(description="Entries matched to people by verified addresses.")
    check_only: bool
    written: bool = Field(description="False for a check, and when nothing changed.")


class RegisterImportRefusedOut(Schema):
    detail: str
    rows: int = Field(description="Readable rows.")
    errors: list[RegisterImportErrorOut]
    error: ErrorDetailOut | None = None


def _rows_as_csv(rows: list[RegisterImportRowIn]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["email", "membership_number", "valid_from", "valid_until"])
    for row in rows:
        writer.writerow([row.email, row.membership_number, row.valid_from, row.valid_until])
    return out.getvalue()


def _import_source(payload: RegisterImportIn) -> str:
    if (payload.csv is None) == (payload.rows is None):
        raise ValidationError({"csv": _("Send the file as csv, or its rows as rows: one of them.")})
    return payload.csv if payload.csv is not None else _rows_as_csv(payload.rows)


@router.post(
    "/register/import",
    response={
        200: RegisterImportOut,
        400: RegisterImportRefusedOut | ErrorOut,
        403: ErrorOut,
    },
    summary="Import the host membership register from CSV text or rows (host admins; admin scope)",
)
@admin_scope
def register_import(request, payload: RegisterImportIn):
    """The register page's CSV import, with the file's text as `csv` or its rows as
    `rows`. Every row is checked first, against the file and the register: if any is
    wrong, nothing is written and the 400 lists each problem with its row number (the
    header is row 1, so `rows[0]` is row 2; 0 for the file as a whole). With
    `check_only` nothing is changed: the answer says what importing would do. Importing
    the same rows again changes nothing. People are matched by addresses they have
    verified; a row that would change the caller's own membership is refused. Host
    admins only (403). Audited as `host_membership.import` when anything is written."""
    selectors.require_register_reader(request.user)
    result = services.host_membership_import(
        actor=request.user, csv_file=_import_source(payload), dry_run=payload.check_only
    )
    if not result.ok:
        count = len(result.errors)
        return Status(
            400,
            {
                "detail": _(
                    "Nothing has been imported: fix the %(count)d problem(s) listed, then "
                    "send the file again."
                )
                % {"count": count},
                "rows": result.rows,
                "errors": [{"line": e.line, "message": e.message} for e in result.errors],
            },
        )
    return {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "matched": result.matched,
        "check_only": result.dry_run,
        "written": result.written,
    }


# --- Claims ------------------------------------------------------------------------------


class RegisterClaimantOut(RegisterPersonOut):
    organisation: str | None
    profession: str | None


class RegisterClaimOut(Schema):
    id: int
    person: RegisterClaimantOut
    number: str = Field(description="The membership number given (may be empty).")
    on_register: bool = Field(description="An open register entry has this number.")
    declared_on_profile: bool = Field(
        description="Said they were a member on their profile, before the register."
    )
    status: Literal["pending", "approved", "declined"]
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decided_by: str | None
    reason: str


def claim_out(claim) -> dict:
    user = claim.user
    return {
        "id": claim.pk,
        "person": {
            **_person(user),
            "organisation": user.organisation.name if user.organisation else None,
            "profession": user.profession.name if user.profession else None,
        },
        "number": claim.number,
        "on_register": bool(getattr(claim, "on_register", False)),
        "declared_on_profile": claim.declared_on_profile,
        "status": claim.status,
        "created_at": claim.created_at,
        "decided_at": claim.decided_at,
        "decided_by": _name(claim.decided_by),
        "reason": claim.reason,
    }


class RegisterClaimListOut(Schema):
    count: int
    limit: int
    items: list[RegisterClaimOut]
    next: str | None = next_field()


@router.get(
    "/register/claims",
    response={200: RegisterClaimListOut, 400: ErrorOut, 403: ErrorOut},
    summary="Membership claims waiting for review (host admins; admin scope)",
)
@admin_scope
def register_claims(request, limit: int = limit_query(50), cursor: str = cursor_query()):
    """Pending claims, oldest first, each with the claimant and whether the register has
    an open entry with the number given. Claims the register vouched for were matched at
    once and are not here. Host admins only (403). Paged with `limit` and `cursor`."""
    claims = selectors.pending_claims(request.user).select_related("decided_by")
    return cursor_page(
        request, claims, scope="accounts.register_claims", out=claim_out, cursor=cursor, limit=limit
    )


class RegisterClaimDetailOut(RegisterClaimOut):
    register_entries: list[RegisterEntryOut] = Field(
        description="Every entry, open or ended, with the claim's number (at most 100)."
    )


def _claim_detail(request, claim_id: int) -> dict:
    claim = selectors.claim_for_review(request.user, claim_id)
    rows = selectors.register_rows_for_number(request.user, claim.number).select_related(
        "granted_by", "ended_by"
    )
    return {
        **claim_out(claim),
        "register_entries": [entry_out(r) for r in rows[:CLAIM_ROWS_LISTED]],
    }


@router.get(
    "/register/claims/{claim_id}",
    response={200: RegisterClaimDetailOut, 403: ErrorOut, 404: ErrorOut},
    summary="A membership claim, with the register's entries for its number (host admins; "
    "admin scope)",
)
@admin_scope
def register_claim(request, claim_id: int = ObjectIdPath):
    """One claim, pending or decided, as the review page shows it, with every register
    entry that has its number. Host admins only (403); 404 for an unknown claim."""
    return _claim_detail(request, claim_id)


class RegisterClaimDecisionIn(Schema):
    model_config = example(
        {"decision": "approve", "valid_from": "2026-04-01", "valid_until": None, "reason": ""},
        {"decision": "decline", "reason": "No record of this number in our membership system."},
    )

    decision: Literal["approve", "decline"]
    valid_from: dt.date | None = Field(
        None, description="When approving without a register entry: first day (null: today)."
    )
    valid_until: dt.date | None = Field(None, description="Last day; null: no end date.")
    reason: str = Field(
        "", max_length=REASON_MAX_LENGTH, description="Needed to decline; kept in the history."
    )
    confidentiality_acknowledged: bool = False


@router.post(
    "/register/claims/{claim_id}/decision",
    response={
        200: RegisterClaimDetailOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Approve or decline a membership claim (host admins; admin scope)",
)
@admin_scope
def register_claim_decide(request, payload: RegisterClaimDecisionIn, claim_id: int = ObjectIdPath):
    """Approves a pending claim (the claimant becomes a member: the open entry with the
    number is matched to them, or a new entry is made from `valid_from`, today by
    default) or declines it with a reason (400 without). The person is told either way.
    409 when the claim was already decided, or the number is on the register for someone
    else or past its last day; 403 for anyone but a host admin, and for one's own claim
    (another host admin decides it); 404 for an unknown claim. The reason passes the
    confidentiality guard (422). Audited as `host_membership.claim_approve` or
    `.claim_decline`."""
    claim = selectors.claim_for_review(request.user, claim_id)
    services.host_membership_claim_decide(
        actor=request.user,
        claim=claim,
        approve=payload.decision == "approve",
        reason=payload.reason,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return _claim_detail(request, claim_id)


# --- A person's own claim ----------------------------------------------------------------


class MembershipClaimOut(Schema):
    id: int
    number: str
    status: Literal["pending", "approved", "declined"]
    created_at: dt.datetime
    decided_at: dt.datetime | None
    reason: str = Field(description="Why it was declined, if it was.")


class MembershipClaimStateOut(Schema):
    is_member: bool = Field(description="The register makes you a member today.")
    claim: MembershipClaimOut | None = Field(description="Your most recent claim, if any.")


def _my_claim(claim) -> dict | None:
    if claim is None:
        return None
    return {
        "id": claim.pk,
        "number": claim.number,
        "status": claim.status,
        "created_at": claim.created_at,
        "decided_at": claim.decided_at,
        "reason": claim.reason if claim.status == "declined" else "",
    }


def _my_state(user) -> dict:
    user.forget_host_membership()
    return {"is_member": user.is_host_member, "claim": _my_claim(selectors.latest_claim(user))}


@router.get(
    "/me/membership-claim",
    response={200: MembershipClaimStateOut},
    summary="Whether you are a member of the host, and your latest claim",
)
def membership_claim_state(request):
    """What the claim page shows you: whether the host's register makes you a member
    today, and your most recent membership claim with its outcome."""
    return _my_state(request.user)


class MembershipClaimIn(Schema):
    model_config = example({"number": "CAPA-001234"})

    number: str = Field(
        min_length=1,
        max_length=NUMBER_INPUT_MAX,
        description="Your membership number, as on your card and renewal emails.",
    )


@router.post(
    "/me/membership-claim",
    response={201: MembershipClaimStateOut, 400: ErrorOut, 409: ErrorOut},
    summary="Claim membership of the host with your membership number",
)
def membership_claim(request, payload: MembershipClaimIn):
    """Claims membership with the number the host gave you. It grants nothing by itself:
    you are matched at once only when the register already vouches for you (an open,
    unmatched entry with the number, issued to no address or to one you have verified,
    and not put there by you); otherwise the claim waits for a host admin, and you are
    told the outcome. 400 for a number that cannot be one, 409 when you are already a
    member or a claim of yours is waiting. Audited as `host_membership.claim` or
    `.claim_matched`."""
    services.host_membership_claim(actor=request.user, number=payload.number)
    return Status(201, _my_state(request.user))
