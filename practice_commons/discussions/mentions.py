"""@mentions by name: "@Sam Patel, what did your team do?". Someone who has not given
their name cannot be mentioned (nothing else about them, least of all their email
address, is matched).

The candidates are the community's *active members* only, so mentioning someone
outside a private community notifies nobody and the page shows nothing different:
the text stays plain text whether or not a member of that name exists.

Matching is case-insensitive, prefers the longest name ("@Sam Patel" over "@Sam"), and
needs a word boundary after the name. Two members with the same display name are
both mentioned: in a community of practice that is a rare, harmless over-notification,
and it is better than guessing.

A mention names a colleague, not someone the writer works with, so the confidentiality
guard scans the text with each recognised mention masked (``mask_mentions``): "@Jo Reid"
must not be blocked as a person's name. The mask keeps every offset, so the guard's
highlighting still lines up with what was typed.
"""

import re

from practice_commons.accounts.models import User
from practice_commons.communities import selectors as community_selectors

MAX_MENTIONS_PER_POST = 20
_AT = re.compile(r"(?:(?<=^)|(?<=[\s(\[>]))@(?=\w)", re.UNICODE | re.MULTILINE)


def _names(community) -> list[tuple[str, int]]:
    rows = User.objects.filter(
        pk__in=community_selectors.active_member_ids(community), is_active=True
    ).values_list("pk", "full_name")
    names = []
    for pk, full_name in rows:
        # Only a name a person gave: never a part of their email address.
        display = (full_name or "").strip()
        if display:
            names.append((display.casefold(), pk))
    names.sort(key=lambda pair: -len(pair[0]))
    return names


def mention_spans(body: str, community) -> list[tuple[int, int, set[int]]]:
    """``(start, end, user_ids)`` for each mention in ``body``; ``start`` is the ``@``.
    Costs one query when the text has an ``@`` and none otherwise."""
    body = body or ""
    folded = body.casefold()
    if len(folded) != len(body):  # a character whose case-fold changes length
        folded = body.lower() if len(body.lower()) == len(body) else body
    starts = [m.end() for m in _AT.finditer(folded)]
    if not starts:
        return []
    names = _names(community)
    spans = []
    for start in starts:
        best_len, ids = 0, set()
        for name, pk in names:
            if len(name) < best_len:
                break
            if folded.startswith(name, start):
                end = start + len(name)
                if end < len(folded) and (folded[end].isalnum() or folded[end] == "_"):
                    continue
                best_len = len(name)
                ids.add(pk)
        if ids:
            spans.append((start - 1, start + best_len, ids))
        if len(spans) >= MAX_MENTIONS_PER_POST:
            break
    return spans


def mentioned_user_ids(body: str, community) -> set[int]:
    """Ids of active members of ``community`` named after an ``@`` in ``body``."""
    return {pk for _s, _e, ids in mention_spans(body, community) for pk in ids}


def mask_mentions(body: str, spans) -> str:
    """``body`` with each mentioned name replaced by lower-case x's of the same length."""
    if not spans:
        return body
    chars = list(body)
    for start, end, _ids in spans:
        for i in range(start + 1, end):
            if not chars[i].isspace():
                chars[i] = "x"
    return "".join(chars)
