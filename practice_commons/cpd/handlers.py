"""Thin receivers of lower apps' signals; each calls one service of this app."""

from . import services


def on_attendance_recorded(sender, **payload) -> None:
    services.cpd_draft_from_attendance(**payload)
