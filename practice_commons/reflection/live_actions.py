"""The live session's controls, by name: the form that validates what each button (or
the API's ``action``) sends and the service that does it. Shared by the live page's
controls (``views.live_controls``) and the API (``api_sessions``), so both accept the
same actions with the same rules."""

from collections.abc import Callable
from dataclasses import dataclass

from . import services
from .forms import (
    HeronForm,
    LiveActionForm,
    ParticipantForm,
    PersonForm,
    PresenterForm,
    RoundForm,
    StageForm,
    TimerForm,
)


@dataclass(frozen=True)
class LiveAction:
    form: type[LiveActionForm]
    service: Callable


LIVE_ACTIONS: dict[str, LiveAction] = {
    "next_stage": LiveAction(LiveActionForm, services.stage_next),
    "set_stage": LiveAction(StageForm, services.stage_set),
    "next_turn": LiveAction(LiveActionForm, services.turn_next),
    "pass": LiveAction(LiveActionForm, services.turn_pass),
    "new_round": LiveAction(RoundForm, services.round_start),
    "timer": LiveAction(TimerForm, services.turn_duration_set),
    "present": LiveAction(ParticipantForm, services.participant_mark_present),
    "left": LiveAction(ParticipantForm, services.participant_mark_left),
    "undo_left": LiveAction(ParticipantForm, services.participant_undo_left),
    "rules_in_room": LiveAction(PersonForm, services.rules_confirm),
    "presenter": LiveAction(PresenterForm, services.presenter_set),
    "heron": LiveAction(HeronForm, services.turn_tag),
    "close": LiveAction(LiveActionForm, services.session_close),
}
