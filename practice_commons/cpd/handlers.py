"""Thin receivers of lower apps' signals; each calls one service of this app."""

from . import services


def on_attendance_recorded(sender, **payload) -> None:
    services.cpd_draft_from_attendance(**payload)


def on_library_item_reflected(sender, **payload) -> None:
    services.cpd_draft_from_library_item(**payload)


def on_shadowing_completed(sender, **payload) -> None:
    services.cpd_draft_from_shadowing(**payload)
