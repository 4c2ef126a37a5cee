"""Pages of reflective sessions. Thin: parse the request, call a selector or a service,
render. A session the reader may not see is 404 (``selectors.session_for``); a visible
session whose action needs a role they lack is 403. Every action is a plain POST that
redirects; with htmx the live view's actions answer with the live partial instead.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.accounts.models import User
from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.forms import (
    attach_confidentiality_errors,
    attach_write_errors,
)
from practice_commons.confidentiality.guard import ConfidentialityError
from practice_commons.core.forms import attach_errors
from practice_commons.events import selectors as event_selectors
from practice_commons.events.models import RegistrationStatus

from . import charts, selectors, services
from .forms import (
    ActionForm,
    EditForm,
    FeedbackForm,
    HeronForm,
    IssueForm,
    NoteForm,
    PresenterForm,
    RoundForm,
    ScheduleForm,
    SummaryForm,
    TimerForm,
)
from .models import (
    HERON_GROUPS,
    HeronCategory,
    Participant,
    SessionFormat,
    Stage,
    Turn,
)

PAGE_SIZE = 20

STAGE_HELP = {
    Stage.SCHEDULED: _("The facilitator has not opened the session yet."),
    Stage.CHECK_IN: _(
        "Say how you are arriving. The facilitator goes through the group rules "
        "and who is presenting."
    ),
    Stage.ACCOUNT: _("The presenter describes the issue, uninterrupted. Listen."),
    Stage.QUESTIONS: _("Ask questions that help you understand, then open questions. No advice."),
    Stage.REFLECTIONS: _(
        "Each person in turn says briefly what the issue raises for them, "
        "speaking from an “I” place. You may pass."
    ),
    Stage.SUMMARY: _("The presenter summarises what they heard and what they take from it."),
    Stage.ACTIONS: _("The presenter may commit to actions."),
    Stage.CHECK_OUT: _("Say how you are leaving, and anything you take away."),
    Stage.CLOSED: _("This session has ended."),
}


def _post(request):
    return request.POST if request.method == "POST" else None


def _htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- Lists ---------------------------------------------------------------------------------


@login_required
def my_sessions(request):
    page = Paginator(selectors.sessions_for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reflection/my_sessions.html", {"page_obj": page, "now": timezone.now()})


def community_sessions(request, slug: str):
    community = community_selectors.community_for_reader(request.user, slug)
    upcoming = list(selectors.community_sessions(request.user, community, upcoming=True)[:20])
    page = Paginator(
        selectors.community_sessions(request.user, community, upcoming=False), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "reflection/community_sessions.html",
        {
            "community": community,
            "upcoming": upcoming,
            "page_obj": page,
            "can_schedule": selectors.can_schedule(request.user, community),
            "can_see_stats": selectors.can_see_stats(request.user, community),
        },
    )


# --- Scheduling ------------------------------------------------------------------------------


@login_required
@sensitive_post_parameters()
def schedule(request, slug: str):
    community = community_selectors.community_for_reader(request.user, slug)
    if not selectors.can_schedule(request.user, community):
        raise PermissionDenied(_("Only the community's facilitators can schedule sessions."))
    form = ScheduleForm(_post(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_schedule(
                actor=request.user,
                community=community,
                title=data["title"],
                theme=data["theme"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                session_format=data["session_format"],
                where=data["where"],
                venue=data["venue"],
                address=data["address"],
                online_url=data["online_url"],
                capacity=data["capacity"],
                trial_allowed=data["trial_allowed"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except ConfidentialityError as exc:
            attach_confidentiality_errors(form, exc)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "starts_at" in exc.error_dict:
                exc.error_dict["date"] = exc.error_dict.pop("starts_at")
            attach_errors(form, exc)
        else:
            messages.success(request, _("The session is scheduled and open for booking."))
            return redirect(session)
    return render(request, "reflection/schedule.html", {"form": form, "community": community})


# --- One session -----------------------------------------------------------------------------


def detail(request, pk: int):
    session = selectors.session_for(request.user, pk)
    user = request.user
    registration = selectors.registration_of(user, session)
    participant = selectors.participant_of(user, session)
    runner = selectors.can_run(user, session)
    has_place = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    material = selectors.can_see_material(user, session, participant)
    version, rules = selectors.rules_of(session)
    context = {
        "session": session,
        "event": session.event,
        "community": session.community,
        "registration": registration,
        "participant": participant,
        "has_place": has_place,
        "runner": runner,
        "can_see_material": material,
        "rules_confirmed": selectors.rules_confirmed(participant, session),
        "eligibility": selectors.eligibility(user, session) if user.is_authenticated else None,
        "is_presenter": user.is_authenticated and session.presenter_id == user.pk,
        "actions": list(selectors.action_commitments(session, viewer=user)) if material else [],
        "presenter_summary": selectors.presenter_summary_for(user, session) if material else "",
        "attended": registration is not None and registration.attended_at is not None,
        "feedback": selectors.feedback_of(user, session),
        "can_book": (
            session.stage == Stage.SCHEDULED
            and not session.event.has_started()
            and session.event.status == "published"
        ),
        "counts": event_selectors.registration_counts(session.event),
        "format_label": SessionFormat(session.format).label,
        "summary_obj": session,  # the reportable row for the presenter's summary
        "can_edit": session.stage == Stage.SCHEDULED
        and selectors.can_schedule(user, session.community),
    }
    if runner and session.stage in (Stage.SCHEDULED, Stage.CHECK_IN):
        context["presenter_form"] = PresenterForm(
            initial={"presenter": session.presenter_id}, people=_booked_people(session)
        )
    return render(request, "reflection/detail.html", context)


@login_required
@sensitive_post_parameters()
def edit(request, pk: int):
    """Change the theme and format before the session opens (time and place are the
    event's, changed on the events page)."""
    session = selectors.session_for(request.user, pk)
    if not selectors.can_schedule(request.user, session.community):
        raise PermissionDenied(_("Only the community's facilitators can change a session."))
    form = EditForm(_post(request), initial={"theme": session.theme, "format": session.format})
    if session.stage != Stage.SCHEDULED:
        messages.error(
            request, _("This session has opened: its theme and format can no longer change.")
        )
        return _back(session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_edit(
                actor=request.user,
                session=session,
                theme=form.cleaned_data["theme"],
                format=form.cleaned_data["format"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(request, _("The session's theme and format are saved."))
            return _back(session)
    return render(request, "reflection/edit.html", {"form": form, "session": session})


def _booked_people(session) -> list:
    return [
        row["user"]
        for row in selectors.attendance_rows(session)
        if row["registration"].status == RegistrationStatus.CONFIRMED
    ]


def _back(session, anchor: str = ""):
    return redirect(f"{session.get_absolute_url()}{anchor}")


@login_required
@require_POST
def book(request, pk: int):
    session = selectors.session_for(request.user, pk)
    try:
        participant = services.session_book(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        registration = selectors.registration_of(request.user, session)
        if registration and registration.status == RegistrationStatus.CONFIRMED:
            text = _("You have a place. Confirm the group rules before the session opens.")
            if participant.is_trial:
                text += " " + _("This is your one trial session with this community.")
            messages.success(request, text)
        else:
            messages.success(request, _("The session is full: you are on the waiting list."))
    return _back(session)


@login_required
@require_POST
def cancel_booking(request, pk: int):
    session = selectors.session_for(request.user, pk)
    try:
        services.booking_cancel(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Your place is cancelled."))
    return _back(session)


@login_required
def rules(request, pk: int):
    session = selectors.session_for(request.user, pk)
    participant = selectors.participant_of(request.user, session)
    version, rule_list = selectors.rules_of(session)
    error = ""
    if request.method == "POST":
        if not request.POST.get("agree"):
            error = _("Tick the box to confirm you will keep to the group rules.")
        else:
            try:
                services.rules_confirm(actor=request.user, session=session)
            except ValidationError as exc:
                messages.error(request, _error_text(exc))
                return _back(session)
            messages.success(request, _("Thank you: you have confirmed the group rules."))
            if session.is_open:
                return redirect("reflection:live", pk=session.pk)
            return _back(session)
    return render(
        request,
        "reflection/rules.html",
        {
            "session": session,
            "community": session.community,
            "rules": rule_list,
            "version": version,
            "confirmed": selectors.rules_confirmed(participant, session),
            "has_place": selectors.has_place(request.user, session),
            "error": error,
        },
    )


@login_required
@require_POST
def presenter(request, pk: int):
    session = selectors.session_for(request.user, pk)
    action = request.POST.get("action", "")
    user = None
    if action == "volunteer":
        user = request.user
    elif action == "choose":
        form = PresenterForm(request.POST, people=_booked_people(session))
        if form.is_valid() and form.cleaned_data["presenter"]:
            user = User.objects.filter(pk=form.cleaned_data["presenter"]).first()
    try:
        services.presenter_set(actor=request.user, session=session, user=user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if user is None:
            messages.success(request, _("There is no presenter for now."))
        elif user.pk == request.user.pk:
            messages.success(
                request, _("You are presenting. Write a short summary of your issue to prepare.")
            )
        else:
            messages.success(request, _("%(name)s is presenting.") % {"name": user.display_name})
    if request.POST.get("next") == "live":
        return redirect("reflection:live", pk=session.pk)
    return _back(session)


@login_required
@sensitive_post_parameters()
def issue(request, pk: int):
    session = selectors.session_for(request.user, pk)
    if session.presenter_id != request.user.pk:
        raise PermissionDenied(_("Only the presenter can write the summary of the issue."))
    form = IssueForm(_post(request), initial={"issue_summary": session.issue_summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_summary_save(
                actor=request.user,
                session=session,
                text=form.cleaned_data["issue_summary"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(request, _("Your summary of the issue is saved."))
            return _back(session)
    return render(request, "reflection/issue.html", {"form": form, "session": session})


# --- The live session ------------------------------------------------------------------------


def _require_live_access(request, session):
    """(runner, participant) for someone who may see the live view, else 403."""
    runner = selectors.can_run(request.user, session)
    participant = selectors.participant_of(request.user, session)
    if runner:
        return True, participant
    if participant is None or not selectors.has_place(request.user, session):
        raise PermissionDenied(_("Only people with a place at this session can join it."))
    return False, participant


def _checkin_rows(session, state) -> list[dict]:
    by_user = {p.user_id: p for p in state.participants}
    rows = []
    for row in selectors.attendance_rows(session):
        if row["registration"].status != RegistrationStatus.CONFIRMED:
            continue
        participant = by_user.get(row["user"].pk)
        rows.append(
            {
                "user": row["user"],
                "participant": participant,
                "rules_ok": selectors.rules_confirmed(participant, session),
                "present": bool(participant and participant.is_present),
                "left": bool(participant and participant.left_at),
            }
        )
    return rows


def _announcement(state) -> str:
    text = _("Stage: %(stage)s.") % {"stage": state.stage_label}
    if state.speaking is not None:
        text += " " + _("Now speaking: %(name)s (%(progress)s).") % {
            "name": state.speaking.participant.user.display_name,
            "progress": state.progress,
        }
    return text


def _live_context(request, session, runner, participant, *, error: str = "") -> dict:
    state = selectors.live_state(session)
    user = request.user
    material = selectors.can_see_material(user, session, participant)
    stages = session.stages
    next_stage = None
    if session.stage in stages and stages.index(session.stage) + 1 < len(stages):
        next_stage = stages[stages.index(session.stage) + 1]
    context = {
        "session": session,
        "event": session.event,
        "state": state,
        "runner": runner,
        "participant": participant,
        "is_presenter": session.presenter_id == user.pk,
        "present": bool(participant and participant.is_present),
        "rules_ok": selectors.rules_confirmed(participant, session),
        "can_see_material": material,
        "actions": list(selectors.action_commitments(session, viewer=user)) if material else [],
        "presenter_summary": selectors.presenter_summary_for(user, session) if material else "",
        "my_turn": bool(state.speaking and state.speaking.participant.user_id == user.pk),
        "stage_help": STAGE_HELP.get(session.stage, ""),
        "next_stage": next_stage,
        "next_stage_label": Stage(next_stage).label if next_stage else "",
        "error": error,
        "announcement": _announcement(state),
        "server_now_ms": int(timezone.now().timestamp() * 1000),
        "is_peer_supervision": session.format == SessionFormat.PEER_SUPERVISION,
    }
    if runner:
        rows = _checkin_rows(session, state)
        context.update(
            {
                "checkin_rows": rows,
                "stage_choices": [(s, Stage(s).label) for s in stages],
                "heron_groups": HERON_GROUPS,
                "heron_labels": dict(HeronCategory.choices),
                "round_form": RoundForm(),
                "timer_form": TimerForm(initial={"minutes": session.turn_seconds / 60}),
                "presenter_form": PresenterForm(
                    initial={"presenter": session.presenter_id},
                    people=[row["user"] for row in rows],
                ),
            }
        )
    return context


def _live_response(request, session, runner, participant, *, error: str = "", status=200):
    context = _live_context(request, session, runner, participant, error=error)
    if _htmx(request):
        context["oob"] = True
        response = render(request, "reflection/includes/live_status.html", context, status=status)
    else:
        response = render(request, "reflection/live.html", _page_context(request, session, context))
    patch_vary_headers(response, ("HX-Request",))
    add_never_cache_headers(response)
    return response


def _page_context(request, session, context) -> dict:
    """The forms outside the polled region: private notes for everyone taking part, the
    presenter's summary and actions, the facilitator's timer."""
    user = request.user
    context = dict(context)
    context["notes"] = list(selectors.private_notes_of(user, session)[:50])
    context.setdefault("note_form", NoteForm())
    if context["is_presenter"]:
        context.setdefault(
            # Held after a report: not even its writer sees it until a moderator decides.
            "summary_form",
            SummaryForm(initial={"summary": context.get("presenter_summary", "")}),
        )
        context.setdefault("action_form", ActionForm())
    forms = [context.get(k) for k in ("note_form", "summary_form", "action_form")]
    context["forms"] = [f for f in forms if f is not None]
    return context


@login_required
def live(request, pk: int):
    session = selectors.session_for(request.user, pk)
    runner, participant = _require_live_access(request, session)
    if _htmx(request) and request.GET.get("v") == str(session.live_version):
        response = HttpResponse(status=204)
        add_never_cache_headers(response)
        return response
    return _live_response(request, session, runner, participant)


@login_required
@require_POST
def open_session(request, pk: int):
    session = selectors.session_for(request.user, pk)
    try:
        services.session_open(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _back(session)
    messages.success(request, _("The session is open. People with a place can join now."))
    return redirect("reflection:live", pk=session.pk)


@login_required
@require_POST
def join(request, pk: int):
    session = selectors.session_for(request.user, pk)
    try:
        services.session_join(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        if getattr(exc, "code", "") == "rules":
            return redirect("reflection:rules", pk=session.pk)
        return _back(session)
    return redirect("reflection:live", pk=session.pk)


@login_required
@require_POST
def leave(request, pk: int):
    session = selectors.session_for(request.user, pk)
    try:
        services.session_leave(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("You have left the session."))
    return _back(session)


def _control(request, session, action: str):
    """Apply one live action (see ``control``); returns an error message or ""."""
    user = request.user
    post = request.POST
    if action == "next_stage":
        services.stage_next(actor=user, session=session)
    elif action == "set_stage":
        services.stage_set(actor=user, session=session, stage=post.get("stage", ""))
    elif action == "next_turn":
        services.turn_next(actor=user, session=session)
    elif action == "pass":
        services.turn_pass(actor=user, session=session)
    elif action == "new_round":
        form = RoundForm(post)
        focus = form.cleaned_data["focus"] if form.is_valid() else ""
        services.round_start(actor=user, session=session, focus=focus)
    elif action == "timer":
        form = TimerForm(post)
        if not form.is_valid():
            return _("Enter the minutes for each turn, from 0.5 to 30.")
        services.turn_duration_set(actor=user, session=session, seconds=form.seconds)
    elif action in ("present", "left", "rules_in_room"):
        participant_user = User.objects.filter(pk=post.get("user") or 0).first()
        if participant_user is None:
            return _("Choose someone from the list.")
        if action == "rules_in_room":
            services.rules_confirm(actor=user, session=session, user=participant_user)
            return ""
        participant = Participant.objects.filter(session=session, user=participant_user).first()
        if participant is None:
            return _("%(name)s has not confirmed the group rules yet.") % {
                "name": participant_user.display_name
            }
        if action == "present":
            services.participant_mark_present(actor=user, session=session, participant=participant)
        else:
            services.participant_mark_left(actor=user, session=session, participant=participant)
    elif action == "presenter":
        form = PresenterForm(post, people=_booked_people(session))
        chosen = None
        if form.is_valid() and form.cleaned_data["presenter"]:
            chosen = User.objects.filter(pk=form.cleaned_data["presenter"]).first()
        services.presenter_set(actor=user, session=session, user=chosen)
    elif action == "heron":
        turn = Turn.objects.filter(pk=post.get("turn") or 0, round__session=session).first()
        if turn is None:
            return _("That turn is not part of this session.")
        form = HeronForm(post)
        tags = form.cleaned_data["tags"] if form.is_valid() else []
        services.turn_tag(actor=user, turn=turn, tags=tags)
    elif action == "close":
        services.session_close(actor=user, session=session)
    else:
        return _("Unknown action.")
    return ""


@login_required
@require_POST
def control(request, pk: int):
    """Every button of the live view: the facilitator's controls and a speaker's "pass".
    Services check who may do what (a participant's attempt at a facilitator's action is
    403)."""
    session = selectors.session_for(request.user, pk)
    runner, participant = _require_live_access(request, session)
    action = request.POST.get("action", "")
    try:
        error = _control(request, session, action)
    except ValidationError as exc:
        error = _error_text(exc)
    session.refresh_from_db()
    if action == "close" and not error:
        messages.success(request, _("The session is closed. Record who attended."))
        if _htmx(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("reflection:attendance", kwargs={"pk": session.pk})
            return response
        return redirect("reflection:attendance", pk=session.pk)
    if _htmx(request):
        return _live_response(request, session, runner, participant, error=error)
    if error:
        messages.error(request, error)
    return redirect(f"{reverse('reflection:live', kwargs={'pk': session.pk})}#live-status")


def _live_form_post(request, session, form, save, success: str):
    """Shared by the presenter's and the notes forms on the live page."""
    runner, participant = _require_live_access(request, session)
    if form.is_valid():
        try:
            save(form)
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("reflection:live", pk=session.pk)
    context = _live_context(request, session, runner, participant)
    name = {NoteForm: "note_form", SummaryForm: "summary_form", ActionForm: "action_form"}[
        type(form)
    ]
    context[name] = form
    return render(request, "reflection/live.html", _page_context(request, session, context))


@login_required
@require_POST
@sensitive_post_parameters()
def note_add(request, pk: int):
    session = selectors.session_for(request.user, pk)
    form = NoteForm(request.POST)
    return _live_form_post(
        request,
        session,
        form,
        lambda f: services.private_note_add(
            actor=request.user,
            session=session,
            body=f.cleaned_data["body"],
            confidentiality_acknowledged=f.confidentiality_acknowledged,
        ),
        _("Your note is saved. Only you can read it."),
    )


@login_required
@require_POST
@sensitive_post_parameters()
def summary(request, pk: int):
    session = selectors.session_for(request.user, pk)
    if session.presenter_id != request.user.pk:
        raise PermissionDenied(_("Only the presenter can record this."))
    form = SummaryForm(request.POST)
    return _live_form_post(
        request,
        session,
        form,
        lambda f: services.presenter_summary_save(
            actor=request.user,
            session=session,
            text=f.cleaned_data["summary"],
            confidentiality_acknowledged=f.confidentiality_acknowledged,
        ),
        _("Your summary is saved. Attendees of this session can read it."),
    )


@login_required
@require_POST
@sensitive_post_parameters()
def action_add(request, pk: int):
    session = selectors.session_for(request.user, pk)
    if session.presenter_id != request.user.pk:
        raise PermissionDenied(_("Only the presenter can record this."))
    form = ActionForm(request.POST)
    return _live_form_post(
        request,
        session,
        form,
        lambda f: services.action_add(
            actor=request.user,
            session=session,
            text=f.cleaned_data["text"],
            confidentiality_acknowledged=f.confidentiality_acknowledged,
        ),
        _("Your action is recorded."),
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
            messages.error(request, _error_text(exc))
    return redirect("reflection:live", pk=session.pk)


# --- Private notes -----------------------------------------------------------------------------


@login_required
def my_notes(request):
    page = Paginator(selectors.private_notes_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reflection/my_notes.html", {"page_obj": page})


@login_required
def notes_export(request):
    """The reader's own notes as a text file: the only export that holds notes."""
    notes = selectors.private_notes_of(request.user).order_by("created_at", "pk")
    lines = [_("Your private notes from reflective sessions"), ""]
    for note in notes.iterator(chunk_size=200):
        when = timezone.localtime(note.created_at)
        lines += [f"{note.session_title} — {when:%d %B %Y %H:%M}", note.body, ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-reflection-notes.txt"'
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def note_delete(request, note_pk: int):
    note = selectors.private_note_for(request.user, note_pk)
    services.private_note_delete(actor=request.user, note=note)
    messages.success(request, _("Your note is deleted."))
    if request.POST.get("next") == "live" and note.session_id:
        return redirect("reflection:live", pk=note.session_id)
    return redirect("reflection:my_notes")


# --- After the session ---------------------------------------------------------------------------


@login_required
def attendance(request, pk: int):
    session = selectors.session_for(request.user, pk)
    if not selectors.can_run(request.user, session):
        raise PermissionDenied(_("Only the session's facilitators can record attendance."))
    rows = selectors.attendance_rows(session)
    if request.method == "POST":
        ids = [pk for pk in request.POST.getlist("attended") if pk.isdigit()]
        try:
            changed = services.attendance_record(actor=request.user, session=session, user_ids=ids)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(
                request,
                _(
                    "Attendance is recorded (%(n)d changed). Each attendee has a draft CPD "
                    "record and a request for feedback."
                )
                % {"n": changed},
            )
            return redirect("reflection:attendance", pk=session.pk)
    return render(
        request,
        "reflection/attendance.html",
        {"session": session, "rows": rows, "any_marked": any(r["attended"] for r in rows)},
    )


@login_required
@sensitive_post_parameters()
def feedback(request, pk: int):
    session = selectors.session_for(request.user, pk)
    existing = selectors.feedback_of(request.user, session)
    attended = selectors.has_attended(request.user, session)
    form = FeedbackForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                actor=request.user,
                session=session,
                usefulness=form.cleaned_data["usefulness"],
                gave_you=form.cleaned_data["gave_you"],
                consent_to_quote=form.cleaned_data["consent_to_quote"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except ConfidentialityError as exc:
            attach_confidentiality_errors(form, exc)
        except services.SessionRefused as exc:
            messages.error(request, _error_text(exc))
            return _back(session)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return _back(session)
    return render(
        request,
        "reflection/feedback.html",
        {"form": form, "session": session, "existing": existing, "attended": attended},
    )


# --- The facilitators' view of a community --------------------------------------------------------


def _stats_community(request, slug: str):
    community = community_selectors.community_for_reader(request.user, slug)
    if not request.user.is_authenticated or not selectors.can_see_stats(request.user, community):
        raise PermissionDenied(_("Only the community's facilitators can see this."))
    return community


@login_required
def insights(request, slug: str):
    community = _stats_community(request, slug)
    stats = selectors.community_stats(community)
    return render(
        request,
        "reflection/insights.html",
        {"community": community, "stats": stats, "chart": charts.usefulness_chart(stats.months)},
    )


@login_required
def insights_csv(request, slug: str):
    community = _stats_community(request, slug)
    stats = selectors.community_stats(community)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{community.slug}-sessions.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "month",
            "sessions_run",
            "attendances",
            "attendees",
            "returning_attendees",
            "feedback_responses",
            "average_usefulness",
        ]
    )
    for row in stats.months:
        writer.writerow(
            [
                f"{row.month:%Y-%m}",
                row.sessions,
                row.attendances,
                row.attendees,
                row.returning,
                row.responses,
                "" if row.average is None else row.average,
            ]
        )
    return response
