"""Groups that live above wellbeing, registered from a higher layer.

Wellbeing may not import ``communities``. A higher app registers, from its
``AppConfig.ready()``, one ``GroupKind`` for communities: which of them a person
belongs to (snapshotted, sealed, on each answer) and which of them a reader may see
figures for (facilitators their own, host admins all). Today the ``api`` app does it
(``api/wellbeing_groups.py``), since it may combine the two apps' selectors."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class GroupKind:
    name: str
    # person -> slugs of the groups they belong to now
    memberships: Callable[[object], list[str]]
    # reader -> {slug: display name} of the groups whose figures they may see
    readable: Callable[[object], dict[str, str]]


_kinds: dict[str, GroupKind] = {}


def register_group_kind(kind: GroupKind) -> None:
    _kinds[kind.name] = kind


def group_kind(name: str) -> GroupKind | None:
    return _kinds.get(name)


def registered() -> list[GroupKind]:
    return list(_kinds.values())
