"""The host's membership register for the demo people: a row for every member (as if
the host had imported its membership list), an expired earlier row for some of them,
and a few pending claims from non-members for host admins to review.

Built with ``bulk_create`` beside each batch of people; it draws from its own random
generator so the people themselves come out the same as before the register existed.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from ..models import HostMembershipClaim, HostMembershipRecord, RegisterSource, User

REGISTER_SEED_NAME = "accounts:register"
NUMBER_PREFIX = "CAPA"


def membership_number(user_id: int) -> str:
    return f"{NUMBER_PREFIX}-{user_id:06d}"


def _year_end(today: date) -> date:
    """The last day of the host's membership year (31 March) on or after ``today``."""
    end = date(today.year, 3, 31)
    return end if end >= today else date(today.year + 1, 3, 31)


class RegisterGenerator:
    """Register rows and claims for people already saved (their primary keys set)."""

    def __init__(self, rng: random.Random, now: datetime):
        self.rng = rng
        self.now = now
        self.today = timezone.localdate(now)

    def rows(self, people: list[tuple[User, bool]]) -> list[HostMembershipRecord]:
        rows = []
        for user, member in people:
            if not member:
                continue
            joined = timezone.localdate(user.date_joined)
            number = membership_number(user.pk)
            if self.rng.random() < 0.05 and (self.today - joined).days > 400:
                rows.append(self._expired_row(user, number, joined))
                joined = joined + timedelta(days=365)
            renews = self.rng.random() < 0.3
            rows.append(
                HostMembershipRecord(
                    email=user.email,
                    number=number,
                    valid_from=joined,
                    valid_until=_year_end(self.today) if renews else None,
                    user_id=user.pk,
                    source=RegisterSource.IMPORT,
                    granted_at=user.date_joined,
                )
            )
        return rows

    def _expired_row(self, user: User, number: str, joined: date) -> HostMembershipRecord:
        until = joined + timedelta(days=364)
        ended = timezone.make_aware(
            datetime.combine(until + timedelta(days=1), datetime.min.time())
        )
        return HostMembershipRecord(
            email=user.email,
            number=number,
            valid_from=joined,
            valid_until=until,
            user_id=user.pk,
            source=RegisterSource.IMPORT,
            granted_at=user.date_joined,
            ended_at=ended,
            expired=True,
        )

    def claims(self, people: list[tuple[User, bool]]) -> list[HostMembershipClaim]:
        """A few non-members (never a demo login) who say they are members."""
        return [
            HostMembershipClaim(
                user_id=user.pk,
                number=f"{NUMBER_PREFIX}-{self.rng.randint(900000, 999999)}",
                created_at=self.now - timedelta(days=self.rng.uniform(0, 20)),
            )
            for user, member in people
            if not member and user.is_active and self.rng.random() < 0.03
        ]
