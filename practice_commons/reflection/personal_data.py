"""The reflection part of a subject-access export (``core.personal_data``): the
sessions the person was in (their own participation and turns), the material of the
sessions they presented (their issue, their summary, their actions), their private
notes and their feedback. Never another member's contribution, notes or feedback."""

from practice_commons.core.personal_data import register_exporter, rows

from .models import (
    ActionCommitment,
    Participant,
    PrivateNote,
    ReflectiveSession,
    SessionFeedback,
    Turn,
)


def _title(session) -> str:
    return str(session) if session is not None else ""


def export(user) -> dict:
    turns: dict[int, list] = {}
    for turn in (
        Turn.objects.filter(participant__user=user)
        .select_related("round")
        .order_by("round__number", "pk")
    ):
        turns.setdefault(turn.participant_id, []).append(
            {
                "round": turn.round.number,
                "status": turn.status,
                "started_at": turn.started_at,
                "duration_seconds": turn.duration_seconds,
            }
        )
    presented = ReflectiveSession.objects.filter(presenter=user).select_related("event")
    actions: dict[int, list] = {}
    for action in ActionCommitment.objects.filter(session__presenter=user).order_by("created_at"):
        actions.setdefault(action.session_id, []).append(
            {"text": action.text, "created_at": action.created_at}
        )
    return {
        "sessions_attended": rows(
            Participant.objects.filter(user=user)
            .select_related("session__event")
            .order_by("created_at"),
            "session_id",
            "is_trial",
            "rules_version",
            "rules_confirmed_at",
            "joined_at",
            "left_at",
            "away_seconds",
            "created_at",
            session=lambda p: _title(p.session),
            your_turns=lambda p: turns.get(p.pk, []),
        ),
        "sessions_presented": rows(
            presented,
            "id",
            "theme",
            "issue_summary",
            "presenter_summary",
            "stage",
            "opened_at",
            "closed_at",
            "material_purged_at",
            session=_title,
            your_actions=lambda s: actions.get(s.pk, []),
        ),
        "sessions_facilitated": rows(
            ReflectiveSession.objects.filter(facilitator=user).select_related("event"),
            "id",
            "theme",
            "stage",
            "opened_at",
            "closed_at",
            session=_title,
        ),
        "private_notes": rows(
            PrivateNote.objects.of(user).order_by("created_at"),
            "session_id",
            "session_title",
            "body",
            "created_at",
            "updated_at",
        ),
        "feedback": rows(
            SessionFeedback.objects.filter(user=user).order_by("created_at"),
            "session_id",
            "usefulness",
            "gave_you",
            "consent_to_quote",
            "created_at",
        ),
    }


register_exporter(
    "reflection",
    export,
    covers=[
        "reflection.ReflectiveSession",
        "reflection.Participant",
        "reflection.ActionCommitment",
        "reflection.PrivateNote",
        "reflection.SessionFeedback",
    ],
)
