"""Thin receivers of lower apps' signals; each calls one service of this app."""

from . import services


def on_attendance_recorded(sender, *, user_id, source_kind="", source_id=None, **_payload):
    if source_kind == "event" and source_id is not None:
        services.feedback_request_send(user_id=user_id, event_id=source_id)
