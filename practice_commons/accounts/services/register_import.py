"""Importing the host's membership list from a CSV file.

The file has a header row naming its columns: ``email`` and/or ``membership_number``,
``valid_from`` and optionally ``valid_until`` (dates as 2025-04-01 or 01/04/2025). Every
row is checked first, against the file and against the register; if any row is wrong,
nothing is written and every problem is reported with its row number, so a host admin
fixes the file once. An import is idempotent: a row already on the register with the
same dates changes nothing, so importing the same file twice writes nothing the second
time. Rows are matched to people by addresses they have verified; an address verified
later is matched then (``host_membership_match_verified_email``).
"""

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.core.uploads import UploadRejected, check_plain_text

from ..models import HostMembershipRecord, RegisterSource, User
from .common import audit_record
from .register_rules import (
    announce_granted,
    email_problem,
    normalise_email,
    normalise_number,
    number_problem,
    open_rows,
    require_host_admin,
    settle_pending_claims,
    verified_owners,
)

MAX_ROWS = 50_000
MAX_ERRORS = 500
_CHUNK = 500

# Header cell (lower case, underscores and hyphens as spaces) -> field.
COLUMNS = {
    "email": "email",
    "email address": "email",
    "membership number": "number",
    "number": "number",
    "valid from": "valid_from",
    "valid until": "valid_until",
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class RegisterRow:
    line: int
    email: str
    number: str
    valid_from: datetime.date
    valid_until: datetime.date | None


@dataclass(frozen=True)
class RowError:
    """A problem with the file; ``line`` is its row number (the header is row 1), or 0
    for the file as a whole."""

    line: int
    message: str

    def __str__(self):
        if not self.line:
            return self.message
        return _("Row %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class RegisterImport:
    """What an import found and did. ``written`` is false when any row was wrong (then
    nothing was written), for a check without importing, and when nothing changed."""

    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    matched: int = 0
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading and checking the file --------------------------------------------------------


def _text(source: str | bytes | IO) -> str:
    if hasattr(source, "read"):
        source = source.read()
    if isinstance(source, bytes):
        return source.decode("utf-8-sig")
    return source.removeprefix("\ufeff")


def _date(value: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def _columns(header: list[str]) -> list[str | None]:
    return [
        COLUMNS.get(cell.strip().lower().replace("_", " ").replace("-", " ")) for cell in header
    ]


def _row(line: int, cells: dict[str, str]) -> tuple[RegisterRow | None, list[RowError]]:
    email = normalise_email(cells.get("email", ""))
    number = normalise_number(cells.get("number", ""))
    raw_from = cells.get("valid_from", "").strip()
    raw_until = cells.get("valid_until", "").strip()
    problems = []
    if not email and not number:
        problems.append(_("give an email address or a membership number."))
    if email and (problem := email_problem(email)):
        problems.append(problem)
    if number and (problem := number_problem(number)):
        problems.append(problem[0].lower() + problem[1:])
    valid_from = _date(raw_from) if raw_from else None
    valid_until = _date(raw_until) if raw_until else None
    if not raw_from:
        problems.append(_("enter the first day of membership in valid_from."))
    elif valid_from is None:
        problems.append(
            _("valid_from “%(value)s” is not a date. Use 2025-04-01 or 01/04/2025.")
            % {"value": raw_from}
        )
    if raw_until and valid_until is None:
        problems.append(
            _("valid_until “%(value)s” is not a date. Use 2025-04-01 or 01/04/2025.")
            % {"value": raw_until}
        )
    if valid_from and valid_until and valid_until < valid_from:
        problems.append(_("valid_until is before valid_from."))
    if problems:
        return None, [RowError(line, p) for p in problems]
    return RegisterRow(line, email, number, valid_from, valid_until), []


def read_register_csv(source: str | bytes | IO) -> tuple[list[RegisterRow], list[RowError]]:
    """Every row of the file, checked on its own and against the other rows."""
    try:
        text = _text(source)
    except UnicodeDecodeError:
        return [], [RowError(0, _("The file must be saved as CSV (UTF-8)."))]
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        columns = _columns(header or [])
        if not header or "valid_from" not in columns or not {"email", "number"} & set(columns):
            return [], [
                RowError(
                    0,
                    _(
                        "The first row must name the columns: email, membership_number, "
                        "valid_from and valid_until."
                    ),
                )
            ]
        rows, errors = [], []
        seen: dict[tuple[str, str], int] = {}
        for line, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            cells = {c: v for c, v in zip(columns, values, strict=False) if c}
            row, problems = _row(line, cells)
            errors += problems
            if row is not None:
                errors += _duplicates(row, seen)
                rows.append(row)
            if len(rows) + len(errors) > MAX_ROWS:
                return [], [
                    RowError(0, _("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
                ]
    except csv.Error as exc:
        return [], [
            RowError(reader.line_num, _("the file is not valid CSV (%(error)s).") % {"error": exc})
        ]
    if not rows and not errors:
        errors.append(RowError(0, _("The file has no rows under its header.")))
    return rows, errors


def _duplicates(row: RegisterRow, seen: dict[tuple[str, str], int]) -> list[RowError]:
    errors = []
    for kind, value in (("number", row.number), ("email", row.email)):
        if not value:
            continue
        if (kind, value) in seen:
            message = (
                _("membership number %(value)s is also on row %(other)d.")
                if kind == "number"
                else _("%(value)s is also on row %(other)d.")
            )
            errors.append(
                RowError(row.line, message % {"value": value, "other": seen[(kind, value)]})
            )
        else:
            seen[(kind, value)] = row.line
    return errors


# --- comparing with the register ----------------------------------------------------------


@dataclass
class _Plan:
    creates: list[HostMembershipRecord] = field(default_factory=list)
    updates: dict[int, HostMembershipRecord] = field(default_factory=dict)
    changed_fields: set[str] = field(default_factory=set)
    before: list[dict] = field(default_factory=list)
    unchanged: int = 0
    newly_matched: list[HostMembershipRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _open_rows_for(rows: list[RegisterRow]):
    """The open register rows the file's rows may refer to, by number and by address
    (an address's row without a number first)."""
    numbers = sorted({r.number for r in rows if r.number})
    emails = sorted({r.email for r in rows if r.email})
    by_number, by_email = {}, {}
    for start in range(0, len(numbers), _CHUNK):
        for rec in (
            open_rows().select_for_update().filter(number__in=numbers[start : start + _CHUNK])
        ):
            by_number[rec.number] = rec
    for start in range(0, len(emails), _CHUNK):
        found = open_rows().select_for_update().filter(email__in=emails[start : start + _CHUNK])
        for rec in found.order_by("number", "pk"):
            by_email.setdefault(rec.email, rec)
    return by_number, by_email


def _existing_for(row, by_number, by_email) -> HostMembershipRecord | None:
    if row.number and row.number in by_number:
        return by_number[row.number]
    candidate = by_email.get(row.email) if row.email else None
    if candidate is not None and (not row.number or not candidate.number):
        return candidate
    return None


def _plan(*, actor, rows: list[RegisterRow], now) -> _Plan:
    plan = _Plan()
    by_number, by_email = _open_rows_for(rows)
    known = [*by_number.values(), *by_email.values()]
    owners = verified_owners([r.email for r in rows] + [rec.email for rec in known])
    used: dict[int, int] = {}
    for row in rows:
        existing = _existing_for(row, by_number, by_email)
        if existing is None:
            rec = HostMembershipRecord(
                email=row.email,
                number=row.number,
                valid_from=row.valid_from,
                valid_until=row.valid_until,
                user_id=owners.get(row.email),
                source=RegisterSource.IMPORT,
                granted_by=actor,
                granted_at=now,
            )
            if rec.user_id == actor.pk:
                plan.errors.append(RowError(row.line, _own_row()))
                continue
            plan.creates.append(rec)
            if rec.user_id:
                plan.newly_matched.append(rec)
            continue
        if existing.pk in used:
            plan.errors.append(
                RowError(
                    row.line,
                    _("this is the same register entry as row %(other)d.")
                    % {"other": used[existing.pk]},
                )
            )
            continue
        used[existing.pk] = row.line
        if row.email and existing.email and row.email != existing.email:
            plan.errors.append(
                RowError(
                    row.line,
                    _(
                        "membership number %(number)s is on the register for a different "
                        "email address. End that entry first."
                    )
                    % {"number": row.number},
                )
            )
            continue
        _compare(plan, existing, row, owners, actor_id=actor.pk)
    return plan


def _own_row() -> str:
    """Nobody changes their own membership: another host admin must."""
    return _("this row is your own membership: another host admin must add or change it.")


def _compare(
    plan: _Plan, existing: HostMembershipRecord, row: RegisterRow, owners, *, actor_id: int
) -> None:
    changes = {}
    if row.valid_from != existing.valid_from:
        changes["valid_from"] = row.valid_from
    if row.valid_until != existing.valid_until:
        changes["valid_until"] = row.valid_until
    if row.email and not existing.email:
        changes["email"] = row.email
    if row.number and not existing.number:
        changes["number"] = row.number
    owner = owners.get(row.email or existing.email)
    if existing.user_id is None and owner:
        changes["user_id"] = owner
    if not changes:
        plan.unchanged += 1
        return
    if changes.get("user_id", existing.user_id) == actor_id:
        plan.errors.append(RowError(row.line, _own_row()))
        return
    plan.before.append(
        {
            "id": existing.pk,
            "valid_from": existing.valid_from.isoformat(),
            "valid_until": existing.valid_until.isoformat() if existing.valid_until else None,
        }
    )
    for name, value in changes.items():
        setattr(existing, name, value)
    plan.changed_fields |= {"user" if name == "user_id" else name for name in changes}
    plan.updates[existing.pk] = existing
    if "user_id" in changes:
        plan.newly_matched.append(existing)


# --- the service --------------------------------------------------------------------------


def host_membership_import(
    *, actor: User, csv_file: str | bytes | IO, dry_run: bool = False
) -> RegisterImport:
    """Check a CSV file of members against the register and, unless any row is wrong
    (or ``dry_run``), bring the register in line with it in one transaction."""
    require_host_admin(actor)
    raw = csv_file.read() if hasattr(csv_file, "read") else csv_file
    try:
        check_plain_text(raw.encode() if isinstance(raw, str) else raw, "register_csv")
    except UploadRejected as exc:
        return RegisterImport(rows=0, errors=[RowError(0, str(exc))], dry_run=dry_run)
    rows, errors = read_register_csv(raw)
    result = RegisterImport(rows=len(rows), errors=errors[:MAX_ERRORS], dry_run=dry_run)
    if errors:
        return result
    with transaction.atomic():
        now = timezone.now()
        plan = _plan(actor=actor, rows=rows, now=now)
        result.errors = plan.errors[:MAX_ERRORS]
        result.created, result.updated = len(plan.creates), len(plan.updates)
        result.unchanged, result.matched = plan.unchanged, len(plan.newly_matched)
        if plan.errors or dry_run or not (plan.creates or plan.updates):
            return result
        _write(actor=actor, plan=plan, raw=raw, result=result)
        result.written = True
    return result


def _write(*, actor, plan: _Plan, raw: str | bytes, result: RegisterImport) -> None:
    HostMembershipRecord.objects.bulk_create(plan.creates, batch_size=_CHUNK)
    if plan.updates:
        HostMembershipRecord.objects.bulk_update(
            list(plan.updates.values()), sorted(plan.changed_fields), batch_size=_CHUNK
        )
    digest = hashlib.sha256(raw.encode() if isinstance(raw, str) else raw).hexdigest()
    audit_record(
        actor=actor,
        action="host_membership.import",
        data={
            "sha256": digest,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "matched": result.matched,
            "before": plan.before,
        },
    )
    matched = {rec.user_id: rec.pk for rec in plan.newly_matched}
    if matched:
        settle_pending_claims(user_ids=matched, records=matched, actor=actor)
    for rec in plan.newly_matched:
        announce_granted(rec, actor)
