"""``/api/v1/organisations/{slug}/onboarding`` and ``/api/v1/organisations/{slug}/embed``:
an organisation's staff onboarding imports (upload a CSV of staff, read its preview or
its errors, confirm it) and the websites that may show its embeds.

The same selectors and services as the pages (``views/onboarding.py``,
``views/embeds.py``): the organisation's admins and host admins, with an ``admin``
token like every other administrative operation; anyone else gets 404 for the
organisation, as on the pages, so the API confirms nothing about organisations the
caller does not run.
"""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Router, Schema, Status

from practice_commons.core.api_cursor import seek_list
from practice_commons.core.api_pagination import (
    cursor_page,
    cursor_query,
    limit_query,
    next_field,
    request_bind,
)
from practice_commons.core.api_schemas import (
    LIST_MAX,
    ErrorOut,
    ObjectIdPath,
    OrganisationSlugPath,
    example,
)
from practice_commons.core.api_scopes import admin_scope

from . import selectors, services
from .embed_selectors import embed_listener_snippet, embed_widgets
from .models import OnboardingImport
from .services.embeds import MAX_EMBED_ORIGINS, organisation_embed_origins_set
from .services.onboarding import MAX_BYTES, MAX_ROWS, SYNC_ROWS, preview_counts

router = Router(tags=["organisations"])

API_FILE_NAME = "sent-through-the-api.csv"
# The service says what is wrong with anything over 200 characters.
OriginText = Annotated[str, Field(max_length=500)]

ImportStatus = Literal["validating", "invalid", "preview", "importing", "done"]
RowOutcome = Literal["invite", "invite_again", "already_invited", "already_member"]


# --- Output ------------------------------------------------------------------------------


class OnboardingImportOut(Schema):
    id: int
    file_name: str
    status: ImportStatus = Field(
        description="`validating` (being checked), `invalid` (errors to fix: upload a "
        "corrected file), `preview` (ready to confirm), `importing` (sending "
        "invitations) or `done`."
    )
    uploaded_by: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    total_rows: int
    processed_rows: int
    percent_done: int
    invited_count: int
    already_invited_count: int
    already_member_count: int


class OnboardingImportListOut(Schema):
    count: int
    limit: int
    items: list[OnboardingImportOut]
    max_rows: int = Field(description="The most people one file may hold.")
    sync_rows: int = Field(description="Files with more rows are checked in the background.")
    next: str | None = next_field()


class OnboardingRowErrorOut(Schema):
    row: int = Field(description="The spreadsheet's row (the header is row 1).")
    column: str
    message: str = Field(description="What is wrong; never the text of the cell.")


class OnboardingPreviewRowOut(Schema):
    row: int
    name: str
    email: str
    profession: str | None
    team: str
    outcome: RowOutcome


class OnboardingPreviewCountsOut(Schema):
    invite: int
    invite_again: int
    already_invited: int
    already_member: int


class OnboardingImportDetailOut(OnboardingImportOut):
    counts: OnboardingPreviewCountsOut | None = Field(
        description="What confirming will do, while the status is `preview`."
    )
    errors: list[OnboardingRowErrorOut] = Field(
        description="A page of the errors by row and column, while `invalid`."
    )
    rows: list[OnboardingPreviewRowOut] = Field(
        description="A page of the rows and what each will do, while `preview`."
    )
    next: str | None = next_field()


def import_out(upload: OnboardingImport) -> dict:
    return {
        "id": upload.pk,
        "file_name": upload.file_name,
        "status": upload.status,
        "uploaded_by": upload.uploaded_by.display_name if upload.uploaded_by else None,
        "created_at": upload.created_at,
        "finished_at": upload.finished_at,
        "total_rows": upload.total_rows,
        "processed_rows": upload.processed_rows,
        "percent_done": upload.percent_done,
        "invited_count": upload.invited_count,
        "already_invited_count": upload.already_invited_count,
        "already_member_count": upload.already_member_count,
    }


def _numbered(lines: list) -> list[tuple[int, object]]:
    return list(enumerate(lines))


def _page_of(request, lines: list, *, cursor: str, limit: int):
    """One page of an import's errors or preview rows, in the file's order."""
    return seek_list(
        _numbered(lines),
        key=lambda item: (item[0],),
        descending=(False,),
        cursor=cursor,
        limit=limit,
        scope="accounts.onboarding.lines",
        bind=request_bind(request),
    )


def _preview_row(row: list, professions: dict) -> dict:
    number, name, email, profession_id, team, outcome = row
    return {
        "row": number,
        "name": name,
        "email": email,
        "profession": professions.get(profession_id),
        "team": team,
        "outcome": outcome,
    }


def import_detail_out(request, upload: OnboardingImport, *, cursor: str, limit: int) -> dict:
    """The status page as JSON: progress, then the errors or the preview, a page at a time."""
    body = {**import_out(upload), "counts": None, "errors": [], "rows": [], "next": None}
    if upload.status == OnboardingImport.Status.INVALID:
        page = _page_of(request, upload.errors, cursor=cursor, limit=limit)
        body["errors"] = [error for _, error in page.items]
        body["next"] = page.next
    elif upload.status == OnboardingImport.Status.PREVIEW:
        page = _page_of(request, upload.rows, cursor=cursor, limit=limit)
        professions = dict(selectors.professions().values_list("pk", "name"))
        body["counts"] = preview_counts(upload)
        body["rows"] = [_preview_row(row, professions) for _, row in page.items]
        body["next"] = page.next
    return body


# --- Onboarding imports -------------------------------------------------------------------


@router.get(
    "/{slug}/onboarding",
    response={200: OnboardingImportListOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="An organisation's staff onboarding imports (its admins; admin scope)",
)
@admin_scope
def onboarding_list(
    request,
    slug: str = OrganisationSlugPath,
    limit: int = limit_query(20),
    cursor: str = cursor_query(),
):
    """The staff files uploaded for the organisation, newest first, with each one's
    status and counts, as the onboarding page lists them. For the organisation's admins
    and host admins with an admin-scope token (403 for a narrower token); 404 for
    anyone else and for an unknown organisation. Paged with `limit` and `cursor`."""
    organisation = selectors.organisation_for_manager(request.user, slug)
    body = cursor_page(
        request,
        selectors.onboarding_imports(organisation),
        scope="accounts.onboarding",
        out=import_out,
        cursor=cursor,
        limit=limit,
    )
    return {**body, "max_rows": MAX_ROWS, "sync_rows": SYNC_ROWS}


class OnboardingUploadIn(Schema):
    model_config = example(
        {
            "csv": "name,email,profession,team\n"
            "Sam Jones,sam.jones@riverside.gov.uk,Social worker,Duty and assessment\n"
            "Ria Khan,ria.khan@riverside.gov.uk,,\n",
            "confidentiality_acknowledged": False,
        }
    )

    csv: str = Field(
        max_length=MAX_BYTES,
        description="The staff file's text (UTF-8): a header naming the columns name, "
        "email, profession and team (profession and team may be empty), then one person "
        "a row.",
    )
    confidentiality_acknowledged: bool = Field(
        False,
        description="The team names have been checked and are not details of people the "
        "organisation works with (a team the guard is unsure of is otherwise a row error).",
    )


@router.post(
    "/{slug}/onboarding",
    response={201: OnboardingImportDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Start a staff onboarding import from CSV text (its admins; admin scope)",
)
@admin_scope
def onboarding_upload(request, payload: OnboardingUploadIn, slug: str = OrganisationSlugPath):
    """The onboarding page's upload, with the file's text as `csv`. A file that cannot
    be read at all (not plain text or too large, no header, no name or email column, no
    people, more than 10,000 rows) is 400 and nothing is kept. Otherwise the import is
    made (201) and every row is checked as on the page: up to 200 rows at once, so the
    answer's `status` is `invalid` with the `errors` by row and column (never the text
    of a cell; upload a corrected file) or `preview` with what each row will do; a
    larger file is `validating` until a background task has checked it (read it with
    `GET .../onboarding/{import_id}`). Team names pass the confidentiality guard row by
    row: a finding is an error on that row's `team` (set `confidentiality_acknowledged`
    for one the guard is only unsure of). Nobody is invited until the import is
    confirmed. For the organisation's admins and host admins with an admin-scope token;
    404 for anyone else. Audited as `onboarding.upload`."""
    organisation = selectors.organisation_for_manager(request.user, slug)
    upload = services.onboarding_upload(
        actor=request.user,
        organisation=organisation,
        file_name=API_FILE_NAME,
        content=payload.csv.encode(),
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    upload = selectors.onboarding_import_for_manager(request.user, slug, upload.pk)
    return Status(201, import_detail_out(request, upload, cursor="", limit=100))


@router.get(
    "/{slug}/onboarding/{import_id}",
    response={200: OnboardingImportDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A staff onboarding import's status, errors or preview (its admins; admin scope)",
)
@admin_scope
def onboarding_status(
    request,
    slug: str = OrganisationSlugPath,
    import_id: int = ObjectIdPath,
    limit: int = limit_query(100),
    cursor: str = cursor_query(),
):
    """One import as its status page shows it: the progress while it is checked or its
    invitations are sent; the errors by row and column when `invalid`; the counts and
    each row with what confirming will do when `preview`; what was done when `done`.
    Errors and rows are paged with `limit` and `cursor`. For the organisation's admins
    and host admins with an admin-scope token; 404 for anyone else, an unknown
    organisation, or an import of another organisation."""
    upload = selectors.onboarding_import_for_manager(request.user, slug, import_id)
    return import_detail_out(request, upload, cursor=cursor, limit=limit)


@router.post(
    "/{slug}/onboarding/{import_id}/confirm",
    response={200: OnboardingImportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Confirm a staff onboarding import: send its invitations (its admins; admin scope)",
)
@admin_scope
def onboarding_confirm(request, slug: str = OrganisationSlugPath, import_id: int = ObjectIdPath):
    """The status page's *Send invitations*: invites every row of the preview that
    needs it (an address already invited and not expired, or already a member, is not
    invited again). Up to 200 rows at once, so the answer's `status` is `done` with
    `invited_count`; a larger file is `importing` until a background task has sent them.
    409 unless the import is a `preview` (it has errors, or was already confirmed). For
    the organisation's admins and host admins with an admin-scope token; 404 for anyone
    else. Audited as `onboarding.confirm`."""
    upload = selectors.onboarding_import_for_manager(request.user, slug, import_id)
    upload = services.onboarding_import_confirm(actor=request.user, upload=upload)
    return import_out(selectors.onboarding_import_for_manager(request.user, slug, upload.pk))


# --- Embed settings -----------------------------------------------------------------------


class EmbedWidgetOut(Schema):
    name: Literal["events", "jobs", "practice_examples"]
    label: str
    url: str = Field(description="The embed page, for an iframe.")
    json_url: str = Field(description="The same list as JSON.")
    height: int = Field(description="The iframe's starting height in pixels.")
    title: str
    snippet: str = Field(description="The `<iframe>` to paste into a page.")


class EmbedSettingsOut(Schema):
    organisation: str = Field(description="The organisation's slug.")
    origins: list[str] = Field(
        description="The websites that may show the embeds in a frame; empty: none may."
    )
    max_origins: int
    widgets: list[EmbedWidgetOut]
    listener_snippet: str = Field(
        description="The script to paste once beside the embeds: it sizes each frame."
    )


def embed_settings_out(request, organisation) -> dict:
    site_origin = request.build_absolute_uri("/").rstrip("/")
    return {
        "organisation": organisation.slug,
        "origins": list(organisation.embed_origins),
        "max_origins": MAX_EMBED_ORIGINS,
        "widgets": [
            {**widget, "label": str(widget["label"])}
            for widget in embed_widgets(organisation, site_origin)
        ],
        "listener_snippet": embed_listener_snippet(site_origin),
    }


@router.get(
    "/{slug}/embed",
    response={200: EmbedSettingsOut, 403: ErrorOut, 404: ErrorOut},
    summary="An organisation's embed settings (its admins; admin scope)",
)
@admin_scope
def embed_settings(request, slug: str = OrganisationSlugPath):
    """What the *Embed on your website* page shows: the websites allowed to frame the
    organisation's embeds, each embed's addresses and the code to paste. For the
    organisation's admins and host admins with an admin-scope token; 404 for anyone
    else and for an unknown organisation."""
    organisation = selectors.organisation_for_manager(request.user, slug)
    return embed_settings_out(request, organisation)


class EmbedOriginsIn(Schema):
    model_config = example(
        {"origins": ["https://www.riverside.gov.uk", "https://intranet.riverside.gov.uk"]},
        {"origins": []},
    )

    origins: list[OriginText] = Field(
        max_length=LIST_MAX,
        description="Every website that may show the embeds, as its address without a "
        "page (`https://www.leeds.gov.uk`), up to 10; the list replaces the one stored. "
        "An empty list stops every website showing them.",
    )


@router.put(
    "/{slug}/embed",
    response={200: EmbedSettingsOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Set the websites that may show an organisation's embeds (its admins; admin scope)",
)
@admin_scope
def embed_settings_set(request, payload: EmbedOriginsIn, slug: str = OrganisationSlugPath):
    """Replaces the list of websites allowed to frame the organisation's embeds, as the
    page's form: each is checked (https only, no path, query, user name or wildcard, a
    real host name; stored in lower case without the default port; blanks and repeats
    dropped). Any refused website, or more than 10, is a 400 listing every problem under
    `origins`, and nothing changes. For the organisation's admins and host admins with
    an admin-scope token; 404 for anyone else. Audited as
    `organisation.embed_origins_set`."""
    organisation = selectors.organisation_for_manager(request.user, slug)
    organisation = organisation_embed_origins_set(
        actor=request.user,
        organisation=organisation,
        origins=payload.origins,
    )
    return embed_settings_out(request, organisation)
