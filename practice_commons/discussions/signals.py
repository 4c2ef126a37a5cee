"""Signals ``discussions`` sends so other apps can react without it importing them.
Each is sent after the transaction that caused it commits, never inside it.

``solution_requested``: someone asked for a solved thread to be added to the library as
a documented solution (``services.thread_request_library``). The library makes a draft
from it; the wiring above both apps connects them (``practice_commons/api/wiring.py``):

    thread_id: int            the thread
    community_id: int         its community (the draft stays as private as the thread)
    title: str                the thread's title
    question: str             the opening post's text
    answer: str               the accepted answer's text
    requested_by_id: int      who asked
    author_id: int | None     who asked the question (None when asked anonymously)
    url: str                  the thread's page

Every text has already been through the confidentiality guard. Receivers must be
idempotent (a request may be sent again).
"""

from django.dispatch import Signal

solution_requested = Signal()
