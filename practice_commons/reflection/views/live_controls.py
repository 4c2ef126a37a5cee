"""The live view's buttons: the facilitator's controls and a speaker's "pass".

Every button posts ``action=<name>`` to one URL; each action has its own small form
(``forms.LiveActionForm`` and its subclasses) that validates what the button sends and
gives its service typed arguments. Input the form rejects, and an unknown action, are a
400 that changes nothing; a refusal by the service (wrong stage, not your turn) is shown
as before: in the partial for htmx, else as a message after the redirect. Who may do
what is the services' to decide (a participant's attempt at a facilitator's action is
403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form

from .. import selectors
from ..durations import turn_length_words
from ..live_actions import LIVE_ACTIONS
from ..models import Stage
from ._common import form_error_text, is_htmx
from .live_page import live_response, require_live_access


def _name(form, key="user") -> str:
    person = form.cleaned_data.get(key)
    return person.display_name if person is not None else ""


def _turn_text(turn) -> str:
    if turn is None:
        return _("Everyone in the session has had their turn in this round.")
    return _("Now speaking: %(name)s.") % {"name": turn.participant.user.display_name}


def confirmation(name: str, form, value, session) -> str:
    """What a facilitator's click did, said back to them ("Each turn is now 1 minute")."""
    if name in ("next_stage", "set_stage"):
        return _("The session is now at: %(stage)s.") % {"stage": Stage(session.stage).label}
    if name == "next_turn":
        return _turn_text(value)
    if name == "pass":
        return _("Passed. %(next)s") % {"next": _turn_text(value)}
    if name == "new_round":
        return _("Round %(n)d has started.") % {"n": value.number}
    if name == "timer":
        return _("Each turn is now %(length)s.") % {
            "length": turn_length_words(session.turn_seconds)
        }
    if name == "present":
        return _("%(name)s is marked present.") % {"name": _name(form)}
    if name == "left":
        text = _("%(name)s is marked as having left.") % {"name": _name(form)}
        if session.stage == Stage.REFLECTIONS:
            speaking = selectors.speaking_turn(selectors.current_round(session))
            if speaking is not None:
                text += " " + _turn_text(speaking)
        return text + " " + _("Undo it in the list of people if it was a mistake.")
    if name == "undo_left":
        return _("%(name)s is back in the session, in their place.") % {"name": _name(form)}
    if name == "rules_in_room":
        return _("%(name)s confirmed the group rules in the room.") % {"name": _name(form)}
    if name == "presenter":
        if form.cleaned_data.get("presenter") is None:
            return _("Nobody is chosen to present.")
        return _("%(name)s is presenting.") % {"name": _name(form, "presenter")}
    if name == "heron":
        return _("Your Heron tags are saved.")
    return ""


def _live_redirect(session):
    return redirect(f"{reverse('reflection:live', kwargs={'pk': session.pk})}#live-status")


def _closed_response(request, session):
    messages.success(request, _("The session is closed. Record who attended."))
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("reflection:attendance", kwargs={"pk": session.pk})
        return response
    return redirect("reflection:attendance", pk=session.pk)


@login_required
@require_POST
def control(request, pk: int):
    session = selectors.session_for(request.user, pk)
    runner, participant = require_live_access(request, session)
    name = request.POST.get("action", "")
    action = LIVE_ACTIONS.get(name)
    if action is None:
        return live_response(
            request, session, runner, participant, error=_("Unknown action."), status=400
        )
    form = action.form(request.POST, session=session)
    if not form.is_valid():
        return live_response(
            request, session, runner, participant, error=form_error_text(form), status=400
        )
    written = write_from_form(form, action.service, actor=request.user, **form.arguments())
    session.refresh_from_db()
    if written and name == "close":
        return _closed_response(request, session)
    error = "" if written else form_error_text(form)
    notice = confirmation(name, form, written.value, session) if written else ""
    if is_htmx(request):
        return live_response(request, session, runner, participant, error=error, notice=notice)
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return _live_redirect(session)
