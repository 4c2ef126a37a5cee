"""What the live view shows: the polled status region (stage, turns, the facilitator's
controls) and the forms beside it. Shared by the live view, its controls and the forms
that post from it."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import selectors
from ..durations import turn_length_clock
from ..forms import ActionForm, NoteForm, PresenterForm, RoundForm, SummaryForm, TimerForm
from ..models import HERON_GROUPS, HeronCategory, SessionFormat, Stage
from ._common import is_htmx

STAGE_HELP = {
    Stage.SCHEDULED: gettext_lazy("The facilitator has not opened the session yet."),
    Stage.CHECK_IN: gettext_lazy(
        "Say how you are arriving. The facilitator goes through the group rules "
        "and who is presenting."
    ),
    Stage.ACCOUNT: gettext_lazy("The presenter describes the issue, uninterrupted. Listen."),
    Stage.QUESTIONS: gettext_lazy(
        "Ask questions that help you understand, then open questions. No advice."
    ),
    Stage.REFLECTIONS: gettext_lazy(
        "Each person in turn says briefly what the issue raises for them, "
        "speaking from an “I” place. You may pass."
    ),
    Stage.SUMMARY: gettext_lazy(
        "The presenter summarises what they heard and what they take from it."
    ),
    Stage.ACTIONS: gettext_lazy("The presenter may commit to actions."),
    Stage.CHECK_OUT: gettext_lazy("Say how you are leaving, and anything you take away."),
    Stage.CLOSED: gettext_lazy("This session has ended."),
}

# The page-level forms, by their name in the template's context.
PAGE_FORMS = {NoteForm: "note_form", SummaryForm: "summary_form", ActionForm: "action_form"}


def require_live_access(request, session):
    """(runner, participant) for someone who may see the live view, else 403."""
    return selectors.live_access(request.user, session)


def _checkin_rows(session, state) -> list[dict]:
    return selectors.checkin_rows(session, state)


def marked_left(session, runner, participant) -> bool:
    return selectors.marked_left(session, runner, participant)


def _announcement(state, *, left: bool = False) -> str:
    if left:
        return _("The facilitator has marked you as having left. Rejoin?")
    text = _("Stage: %(stage)s.") % {"stage": state.stage_label}
    if state.speaking is not None:
        text += " " + _("Now speaking: %(name)s (%(progress)s).") % {
            "name": state.speaking.participant.user.display_name,
            "progress": state.progress,
        }
    return text


def _next_stage(session) -> str | None:
    return selectors.next_stage(session)


def _controls_context(session, state) -> dict:
    """What only the facilitator's view has: the check-in table and the controls' forms."""
    return {
        "checkin_rows": _checkin_rows(session, state),
        "stage_choices": [(s, Stage(s).label) for s in session.stages],
        # The one stage control offers the next stage first.
        "stage_selected": _next_stage(session) or session.stage,
        "heron_groups": HERON_GROUPS,
        "heron_labels": dict(HeronCategory.choices),
        "round_form": RoundForm(session=session),
        "timer_form": TimerForm(
            initial={"minutes": turn_length_clock(session.turn_seconds)}, session=session
        ),
        "presenter_form": PresenterForm(
            initial={"presenter": session.presenter_id}, session=session
        ),
    }


def live_context(
    request, session, runner, participant, *, error: str = "", notice: str = ""
) -> dict:
    state = selectors.live_state(session)
    left = marked_left(session, runner, participant)
    user = request.user
    material = selectors.can_see_material(user, session, participant)
    next_stage = _next_stage(session)
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
        "notice": notice,
        "marked_left": left,
        "announcement": _announcement(state, left=left),
        "server_now_ms": int(timezone.now().timestamp() * 1000),
        "is_peer_supervision": session.format == SessionFormat.PEER_SUPERVISION,
    }
    if runner:
        context.update(_controls_context(session, state))
    return context


def page_context(request, session, context) -> dict:
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
    forms = [context.get(name) for name in PAGE_FORMS.values()]
    context["forms"] = [f for f in forms if f is not None]
    return context


def live_response(
    request, session, runner, participant, *, error: str = "", notice: str = "", status=200
):
    """The live partial for htmx (with the screen-reader announcement out of band), else
    the whole page; never cached, and varying on ``HX-Request``."""
    context = live_context(request, session, runner, participant, error=error, notice=notice)
    if is_htmx(request):
        context["oob"] = True
        response = render(request, "reflection/includes/live_status.html", context, status=status)
    else:
        response = render(
            request, "reflection/live.html", page_context(request, session, context), status=status
        )
    patch_vary_headers(response, ("HX-Request",))
    add_never_cache_headers(response)
    return response


def live_page_with_form(request, session, runner, participant, form):
    """The whole live page with one of its page-level forms (a note, the presenter's
    summary or an action) bound and showing its errors."""
    context = live_context(request, session, runner, participant)
    context[PAGE_FORMS[type(form)]] = form
    return render(request, "reflection/live.html", page_context(request, session, context))
