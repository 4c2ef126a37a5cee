"""``/api/v1/audit``: the audit trail for host admins, with the audit page's filters
(``audit_forms.AuditFilterForm``) and ``audit_selectors.audit_entries``, newest first.
Host admins only (403 for anyone else, as the page), with an ``admin`` token."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema

from practice_commons.core.api_pagination import cursor_page, cursor_query, limit_query, next_field
from practice_commons.core.api_schemas import ErrorOut
from practice_commons.core.api_scopes import admin_scope

from . import audit_selectors as selectors
from .audit_forms import AuditFilterForm

router = Router(tags=["audit"])

DATE_FROM = Query(None, description="First day, Europe/London.")
DATE_TO = Query(None, description="Last day, Europe/London (included).")


class AuditEntryOut(Schema):
    id: int
    created_at: dt.datetime
    actor: str = Field(description='Who acted: a name, "system" or "former member".')
    actor_id: int | None
    action: str
    target_type: str = Field(description="A model label, for example accounts.user.")
    target_id: str
    reason: str
    data: dict = Field(description="Ids and labels only, never text a person wrote.")


class AuditEntryListOut(Schema):
    count: int
    limit: int
    items: list[AuditEntryOut]
    next: str | None = next_field()


def entry_out(entry) -> dict:
    return {
        "id": entry.pk,
        "created_at": entry.created_at,
        "actor": entry.actor_label,
        "actor_id": entry.actor_id,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "reason": entry.reason,
        "data": entry.data if isinstance(entry.data, dict) else {"value": entry.data},
    }


def _filters(values: dict) -> dict:
    """The page's filters, checked by the page's form (400 naming what is wrong)."""
    form = AuditFilterForm({k: v for k, v in values.items() if v not in ("", None)})
    if not form.is_valid():
        raise ValidationError({field: list(messages) for field, messages in form.errors.items()})
    return form.filters()


@router.get(
    "",
    response={200: AuditEntryListOut, 400: ErrorOut, 403: ErrorOut},
    summary="The audit trail (host admins; admin scope)",
)
@admin_scope
def audit_trail(
    request,
    action: str = Query("", max_length=80, description="The start of an action, e.g. account."),
    actor: str = Query("", max_length=254, description="Part of the actor's email address."),
    target_type: str = Query("", max_length=80, description="e.g. accounts.user (exact)."),
    target_id: str = Query("", max_length=64, description="The target's id (exact)."),
    date_from: dt.date | None = DATE_FROM,
    date_to: dt.date | None = DATE_TO,
    limit: int = limit_query(50),
    cursor: str = cursor_query(),
):
    """The audit trail, newest first, filtered as on the audit page: `action` a prefix
    (lower-case letters, digits, `.` and `_`), `actor` part of the email address of who
    acted, `target_type` and `target_id` exact, `date_from` and `date_to` whole days in
    Europe/London, both included (400 naming a filter that is wrong, or `date_to` before
    `date_from`). Each entry: when, who, the action, its target, the reason and its data
    (ids and labels). Host admins only (403 for anyone else). Paged with `limit` and
    `cursor` (follow `next`)."""
    selectors.require_audit_reader(request.user)
    filters = _filters(
        {
            "action": action,
            "actor": actor,
            "target_type": target_type,
            "target_id": target_id,
            "date_from": date_from.isoformat() if date_from else "",
            "date_to": date_to.isoformat() if date_to else "",
        }
    )
    entries = selectors.audit_entries(request.user, **filters)
    return cursor_page(
        request, entries, scope="accounts.audit", out=entry_out, cursor=cursor, limit=limit
    )
