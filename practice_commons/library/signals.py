"""Signals ``library`` sends so other apps can react without ``library`` importing them.
Each is sent after the transaction that caused it commits, never inside it.

``item_reflected``: a person marked a published item "read and reflected on" (the CPD
app makes a draft record). Sent once per person and item (a second mark is a no-op):

    user_id: int            who reflected
    source_kind: str        "library_item"
    source_id: int          the item's id
    title: str              the item's title, already through the confidentiality guard
    date: datetime.date     the London date they marked it
    url: str                the item's page

``solution_published``: a documented solution made from a solved thread was published.
The wiring above both apps (``practice_commons/api/wiring.py``) links the thread back:

    item_id: int            the solution
    thread_id: int          the thread it came from (``LibraryItem.source_thread_id``)
    url: str                the solution's page

Receivers must be idempotent.
"""

from django.dispatch import Signal

item_reflected = Signal()
solution_published = Signal()
