"""Bulk onboarding: an organisation's admins upload a CSV of staff, check a preview, and
invite them; an invited person who follows the link and signs in with that address
(verified) is a verified member of the organisation, their profile filled in from the row.

The steps, each idempotent:

1. ``onboarding_upload`` reads the file (encoding, header, size) and keeps its rows on an
   ``OnboardingImport``; nothing else is written.
2. ``onboarding_import_validate`` checks every row (names by ``core.text.clean_name``,
   addresses, professions, teams through the confidentiality guard) and records every
   error by row and column, or a preview with what each row will do.
3. ``onboarding_import_confirm`` (the admin's button) then ``onboarding_import_run``
   (``onboarding_invitations.py``) invite each new address once: invitations are unique
   by organisation and address, so uploading the same file again changes nothing.

Files over ``SYNC_ROWS`` rows are checked and imported by background tasks that take the
import's id and update its progress; smaller ones run in the request. Invitation tokens
are stored only as digests, so the emails are sent by the process that made the tokens.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.confidentiality.guard import ConfidentialityError, guard_texts
from practice_commons.core.bulk import batched
from practice_commons.core.errors import PermissionDenied
from practice_commons.core.text import clean_name
from practice_commons.core.uploads import UploadRejected, check_plain_text, max_upload_bytes

from ..models import (
    OnboardingImport,
    OnboardingInvitation,
    Organisation,
    OrganisationMembership,
    Profession,
    User,
)
from ..models.affiliation import TEAM_MAX_LENGTH
from ..selectors import can_manage_organisation
from .common import audit_record

SYNC_ROWS = 200  # larger files are checked and imported in the background
MAX_ROWS = 10_000
MAX_BYTES = max_upload_bytes("onboarding_csv")  # the setting UPLOAD_MAX_BYTES
CHUNK = 500  # rows per query and per transaction
NAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 254

COLUMNS = ("name", "email", "profession", "team")
REQUIRED_COLUMNS = ("name", "email")
HEADER_ALIASES = {
    "name": "name",
    "full name": "name",
    "email": "email",
    "email address": "email",
    "work email": "email",
    "profession": "profession",
    "team": "team",
}


class Outcome:
    """What confirming the preview will do with a valid row."""

    INVITE = "invite"
    INVITE_AGAIN = "invite_again"  # an earlier invitation expired unused
    ALREADY_INVITED = "already_invited"
    ALREADY_MEMBER = "already_member"


Status = OnboardingImport.Status


def require_manager(actor: User, organisation: Organisation) -> None:
    if not can_manage_organisation(actor, organisation):
        raise PermissionDenied(_("Only this organisation's admins can onboard its staff."))


# --- 1. Upload -------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            {"file": _("The file is not UTF-8: save it as “CSV UTF-8” and upload it again.")}
        ) from None


def _header_map(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        column = HEADER_ALIASES.get(" ".join(title.strip().lower().split()))
        if column and column not in positions:
            positions[column] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        raise ValidationError(
            {
                "file": _(
                    "The first row must name the columns: name, email, profession and team "
                    "(missing: %(missing)s)."
                )
                % {"missing": ", ".join(missing)}
            }
        )
    return positions


def read_rows(content: bytes) -> list[list]:
    """``[[row number, name, email, profession, team], ...]`` as typed, blank lines left
    out; row numbers are the spreadsheet's (the header is row 1). Raises
    ``ValidationError`` for a file that cannot be read at all."""
    try:
        check_plain_text(content, "onboarding_csv")
    except UploadRejected as exc:
        raise ValidationError({"file": str(exc)}) from None
    reader = csv.reader(io.StringIO(_decode(content), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise ValidationError({"file": _("The file is empty.")})
        positions = _header_map(header)
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            rows.append([number, *(_cell(cells, positions.get(c)) for c in COLUMNS)])
            if len(rows) > MAX_ROWS:
                raise ValidationError(
                    {"file": _("Upload at most %(n)s people at a time.") % {"n": f"{MAX_ROWS:,}"}}
                )
    except csv.Error:
        raise ValidationError({"file": _("The file is not a CSV file we can read.")}) from None
    if not rows:
        raise ValidationError({"file": _("The file has a header but no people.")})
    return rows


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index][: NAME_MAX_LENGTH * 8]


@transaction.atomic
def onboarding_upload(
    *,
    actor: User,
    organisation: Organisation,
    file_name: str,
    content: bytes,
    confidentiality_acknowledged: bool = False,
) -> OnboardingImport:
    """Keep an uploaded file's rows for checking. Small files are checked at once; large
    ones by a background task (the status page shows its progress)."""
    require_manager(actor, organisation)
    rows = read_rows(content)
    upload = OnboardingImport.objects.create(
        organisation=organisation,
        uploaded_by=actor,
        file_name=(file_name or "")[:200],
        confidentiality_acknowledged=bool(confidentiality_acknowledged),
        total_rows=len(rows),
        rows=rows,
    )
    audit_record(actor=actor, action="onboarding.upload", target=upload, data={"rows": len(rows)})
    if len(rows) <= SYNC_ROWS:
        onboarding_import_validate(import_id=upload.pk)
        upload.refresh_from_db()
    else:
        enqueue_after_commit("validate_onboarding_import", upload.pk)
    return upload


# --- 2. Check every row ----------------------------------------------------------------


@dataclass
class KnownAddresses:
    """What the database already knows about a chunk of addresses."""

    members: set[str]
    invitations: dict[str, tuple[bool, bool]]  # email -> (accepted, expired)


def known_addresses(organisation_id: int, emails: list[str]) -> KnownAddresses:
    members = set(
        OrganisationMembership.objects.filter(
            organisation_id=organisation_id, user__email__in=emails
        ).values_list("user__email", flat=True)
    )
    now = timezone.now()
    invitations = {
        email: (accepted_at is not None, expires_at <= now)
        for email, accepted_at, expires_at in OnboardingInvitation.objects.filter(
            organisation_id=organisation_id, email__in=emails
        ).values_list("email", "accepted_at", "expires_at")
    }
    return KnownAddresses(members=members, invitations=invitations)


def row_outcome(email: str, known: KnownAddresses) -> str:
    if email in known.members:
        return Outcome.ALREADY_MEMBER
    if email not in known.invitations:
        return Outcome.INVITE
    accepted, expired = known.invitations[email]
    return Outcome.INVITE_AGAIN if expired and not accepted else Outcome.ALREADY_INVITED


class _RowChecker:
    def __init__(self, *, acknowledged: bool):
        self.acknowledged = acknowledged
        self.professions = {}
        for pk, name, slug in Profession.objects.values_list("pk", "name", "slug"):
            self.professions[name.lower()] = pk
            self.professions[slug] = pk
        self.first_row_for: dict[str, int] = {}

    def check(self, row: list) -> tuple[list, list[dict]]:
        """The cleaned row ``[number, name, email, profession id, team]`` and its errors."""
        number, name, email, profession, team = row
        errors: list[dict] = []

        def error(column: str, message: str) -> None:
            errors.append({"row": number, "column": column, "message": message})

        try:
            name = clean_name(name, label=_("Name"), max_length=NAME_MAX_LENGTH)
        except ValidationError as exc:
            error("name", exc.messages[0])
        email = self._email(number, email.strip().lower(), error)
        profession_id = None
        if profession.strip():
            profession_id = self.professions.get(" ".join(profession.split()).lower())
            if profession_id is None:
                error("profession", _("Not a profession on our list: use its name as listed."))
        team = " ".join(team.split())
        if len(team) > TEAM_MAX_LENGTH:
            error("team", _("Team must be %(n)s characters or fewer.") % {"n": TEAM_MAX_LENGTH})
        elif team:
            self._guard_team(team, error)
        return [number, name, email, profession_id, team], errors

    def _email(self, number: int, email: str, error) -> str:
        if not email:
            error("email", _("Enter a work email address."))
            return email
        if len(email) > EMAIL_MAX_LENGTH or not _is_valid_email(email):
            error("email", _("Enter an email address in the format name@example.org."))
            return email
        first = self.first_row_for.setdefault(email, number)
        if first != number:
            error("email", _("This address is also on row %(row)s.") % {"row": first})
        return email

    def _guard_team(self, team: str, error) -> None:
        try:
            guard_texts(texts={"team": team}, acknowledged=self.acknowledged)
        except ConfidentialityError as exc:
            kinds = ", ".join(sorted({k for f in exc.fields for k in f.kinds}))
            if exc.blocking:
                message = _("This could identify someone you work with (%(kinds)s): remove it.")
            else:
                message = _(
                    "This might identify someone you work with (%(kinds)s): change it, or "
                    "upload again and confirm it does not."
                )
            error("team", message % {"kinds": kinds.replace("_", " ")})


def onboarding_import_validate(*, import_id: int) -> str | None:
    """Check every row of an upload (run in the request or by the background task). The
    errors name a row, a column and what is wrong, never the text of the cell."""
    upload = OnboardingImport.objects.filter(pk=import_id, status=Status.VALIDATING).first()
    if upload is None:
        return None
    checker = _RowChecker(acknowledged=upload.confidentiality_acknowledged)
    cleaned, errors = [], []
    for done, chunk in enumerate(batched(upload.rows, CHUNK), start=1):
        checked = [checker.check(row) for row in chunk]
        known = known_addresses(upload.organisation_id, [row[2] for row, _ in checked])
        for row, row_errors in checked:
            errors.extend(row_errors)
            cleaned.append([*row, row_outcome(row[2], known)])
        OnboardingImport.objects.filter(pk=upload.pk).update(
            processed_rows=min(done * CHUNK, upload.total_rows)
        )
    status = Status.INVALID if errors else Status.PREVIEW
    OnboardingImport.objects.filter(pk=upload.pk, status=Status.VALIDATING).update(
        status=status,
        errors=errors,
        # A file with errors is not kept: the admin fixes it and uploads it again.
        rows=[] if errors else cleaned,
        processed_rows=upload.total_rows,
        finished_at=timezone.now() if errors else None,
    )
    return status


def preview_counts(upload: OnboardingImport) -> dict[str, int]:
    counts = dict.fromkeys(
        (Outcome.INVITE, Outcome.INVITE_AGAIN, Outcome.ALREADY_INVITED, Outcome.ALREADY_MEMBER), 0
    )
    for row in upload.rows:
        counts[row[5]] = counts.get(row[5], 0) + 1
    return counts


def enqueue_after_commit(task_name: str, import_id: int) -> None:
    def enqueue():
        # Imported here: tasks import services, so services reach tasks only at run time.
        from .. import tasks

        getattr(tasks, task_name).enqueue(import_id)

    transaction.on_commit(enqueue)


def _is_valid_email(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True
