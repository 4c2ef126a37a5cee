"""An erased account's wellbeing answers go with it (``core.erasure``). They have no
foreign key to the person (only a keyed hash of the id), so nothing else would remove
them. Published figures of closed quarters are anonymous aggregates and stay."""

from practice_commons.core.erasure import register_eraser

from .services import answers_delete_all


def erase(user) -> None:
    answers_delete_all(actor=user)


register_eraser("wellbeing", erase)
