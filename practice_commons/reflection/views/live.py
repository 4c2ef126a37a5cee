"""During a session: the live view (polled with htmx), opening, joining and leaving, and
the forms beside the live status: private notes, the presenter's summary and actions.
The facilitator's buttons are in ``live_controls``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import PermissionDenied

from .. import selectors, services
from ..forms import ActionForm, NoteForm, SummaryForm
from ._common import back_to, error_text, is_htmx
from .live_page import live_page_with_form, live_response, require_live_access


@login_required
def live(request, pk: int):
    session = selectors.session_for(request.user, pk)
    runner, participant = require_live_access(request, session)
    if is_htmx(request) and request.GET.get("v") == str(session.live_version):
        response = HttpResponse(status=204)
        add_never_cache_headers(response)
        return response
    return live_response(request, session, runner, participant)


@login_required
@require_POST
def open_session(request, pk: int):
    session = selectors.session_for(request.user, pk)
    try:
        services.session_open(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return back_to(session)
    messages.success(request, _("The session is open. People with a place can join now."))
    return redirect("reflection:live", pk=session.pk)


@login_required
@require_POST
def join(request, pk: int):
    session = selectors.session_for(request.user, pk)
    try:
        services.session_join(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        if getattr(exc, "code", "") == "rules":
            return redirect("reflection:rules", pk=session.pk)
        return back_to(session)
    return redirect("reflection:live", pk=session.pk)


@login_required
@require_POST
def leave(request, pk: int):
    session = selectors.session_for(request.user, pk)
    try:
        services.session_leave(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("You have left the session."))
    return back_to(session)


def _write_from_live_page(request, session, form, service, *, text_argument: str, success: str):
    """Save one text form of the live page through its service: back to the live view
    when written, else the live page with the form showing why not. Only people who may
    see the live view get this far (403 otherwise)."""
    runner, participant = require_live_access(request, session)
    if form.is_valid():
        written = write_from_form(
            form,
            service,
            actor=request.user,
            session=session,
            **{text_argument: form.cleaned_data[form.field_name]},
        )
        if written:
            messages.success(request, success)
            return redirect("reflection:live", pk=session.pk)
    return live_page_with_form(request, session, runner, participant, form)


def _require_presenter(request, session) -> None:
    if session.presenter_id != request.user.pk:
        raise PermissionDenied(_("Only the presenter can record this."))


@login_required
@require_POST
@sensitive_post_parameters()
def note_add(request, pk: int):
    session = selectors.session_for(request.user, pk)
    return _write_from_live_page(
        request,
        session,
        NoteForm(request.POST),
        services.private_note_add,
        text_argument="body",
        success=_("Your note is saved. Only you can read it."),
    )


@login_required
@require_POST
@sensitive_post_parameters()
def summary(request, pk: int):
    session = selectors.session_for(request.user, pk)
    _require_presenter(request, session)
    return _write_from_live_page(
        request,
        session,
        SummaryForm(request.POST),
        services.presenter_summary_save,
        text_argument="text",
        success=_("Your summary is saved. Attendees of this session can read it."),
    )


@login_required
@require_POST
@sensitive_post_parameters()
def action_add(request, pk: int):
    session = selectors.session_for(request.user, pk)
    _require_presenter(request, session)
    return _write_from_live_page(
        request,
        session,
        ActionForm(request.POST),
        services.action_add,
        text_argument="text",
        success=_("Your action is recorded."),
    )


@login_required
@require_POST
def action_delete(request, pk: int, action_pk: int):
    session = selectors.session_for(request.user, pk)
    if session.presenter_id != request.user.pk:
        raise PermissionDenied(_("Only the presenter can remove an action."))
    action = selectors.action_commitments(session).filter(pk=action_pk).first()
    if action is None:
        messages.error(request, _("That action has already gone."))
    else:
        try:
            services.action_delete(actor=request.user, action=action)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    return redirect("reflection:live", pk=session.pk)
