"""Demo data: a registry of seeders that ``manage.py seed_demo`` runs in order.

Each capability adds its own demo data by calling :func:`register_seeder` at import
time in a ``seeding.py`` module (or package) of its app. The command discovers those
modules the way the admin discovers ``admin.py``, so ``core`` never imports an app
above it. An app may also register from its ``AppConfig.ready()``::

    # practice_commons/communities/seeding.py
    from practice_commons.core.seeding import SeedContext, register_seeder

    def seed_communities(ctx: SeedContext) -> None:
        facilitator_id = ctx.demo_users["facilitator"]
        for batch in batched(generate(ctx.rng, ctx.user_ids), ctx.batch_size): ...

    register_seeder("communities", seed_communities, order=100)

What must stay true:

- Reproducible: a seeder draws every random choice from ``ctx.rng``, a
  ``random.Random`` seeded from the fixed project seed *and the seeder's name*, so
  adding or changing one seeder never changes the data another produces.
- Streaming: a seeder generates and inserts rows batch by batch
  (:func:`batched`, :func:`bulk_insert`) and never builds every row of a large scale
  in memory. Lists of primary keys (``ctx.user_ids``) are fine; lists of objects are not.
- One transaction: the command runs all seeders inside one ``atomic`` block, so an
  interrupted run leaves nothing behind and a second run can start again cleanly.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.module_loading import autodiscover_modules

from practice_commons.core.bulk import batched

SEED = 20261122


@dataclass(frozen=True)
class Scale:
    name: str
    users: int
    organisations: int
    batch_size: int


SCALES: dict[str, Scale] = {
    "small": Scale("small", users=150, organisations=20, batch_size=500),
    "large": Scale("large", users=20_000, organisations=200, batch_size=2_000),
    "national": Scale("national", users=150_000, organisations=2_000, batch_size=5_000),
}


@dataclass
class SeedContext:
    """What each seeder receives, and what earlier seeders leave for later ones.

    ``user_ids`` and ``organisation_ids`` are the primary keys the accounts seeder
    created, in creation order. ``demo_users`` maps a demo role key (``"facilitator"``,
    ``"safeguarding_lead"``…, see ``accounts.seeding.DEMO_LOGINS``) to a user id, so the
    app that owns the role can grant it. ``shared`` is for anything else a seeder wants
    to hand on, keyed by the seeder's name.
    """

    scale: Scale
    seed: int = SEED
    log: Callable[[str], None] = print
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    user_ids: list[int] = field(default_factory=list)
    organisation_ids: list[int] = field(default_factory=list)
    demo_users: dict[str, int] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def batch_size(self) -> int:
        return self.scale.batch_size

    def random_for(self, name: str) -> random.Random:
        """A generator that depends only on the project seed and ``name``."""
        return random.Random(f"{self.seed}:{name}")


SeedFunc = Callable[[SeedContext], None]


@dataclass(frozen=True)
class Seeder:
    name: str
    func: SeedFunc
    order: int = 100
    reset: Callable[[SeedContext], None] | None = None


_registry: dict[str, Seeder] = {}


def register_seeder(
    name: str,
    func: SeedFunc,
    *,
    order: int = 100,
    reset: Callable[[SeedContext], None] | None = None,
) -> Seeder:
    """Add (or replace, so re-importing is harmless) the seeder called ``name``.

    ``order`` places it: accounts uses 0, so people and organisations exist first;
    capabilities use 100 and up, following the app layers (communities before the
    content apps that live in communities). ``reset``, if given, deletes the demo
    data the seeder made; resets run in reverse order.
    """
    seeder = Seeder(name=name, func=func, order=order, reset=reset)
    _registry[name] = seeder
    return seeder


def unregister_seeder(name: str) -> None:
    _registry.pop(name, None)


def discover_seeders() -> None:
    autodiscover_modules("seeding")


def registered_seeders() -> list[Seeder]:
    return sorted(_registry.values(), key=lambda s: (s.order, s.name))


def run_seeders(
    ctx: SeedContext, *, after_each: Callable[[], None] | None = None
) -> list[tuple[str, float]]:
    """Run every registered seeder in order, and ``after_each`` after each (counted in its
    time); return how long each took, in seconds."""
    timings = []
    for seeder in registered_seeders():
        ctx.rng = ctx.random_for(seeder.name)
        started = time.perf_counter()
        seeder.func(ctx)
        if after_each is not None:
            after_each()
        elapsed = time.perf_counter() - started
        timings.append((seeder.name, elapsed))
        ctx.log(f"  {seeder.name}: done in {elapsed:.1f} s")
    return timings


def refresh_planner_statistics() -> None:
    """``ANALYZE`` on PostgreSQL, so the next seeder's queries are planned for the rows just
    inserted. Without it, tables filled in this transaction still look empty to the
    planner: at the national scale a join over a million registrations was planned as
    nested scans and read 5,000 rows every 10 seconds."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def reset_seeders(ctx: SeedContext) -> None:
    for seeder in reversed(registered_seeders()):
        if seeder.reset is not None:
            ctx.rng = ctx.random_for(seeder.name)
            seeder.reset(ctx)


def bulk_insert(
    model, objs: Iterable, *, batch_size: int, on_batch: Callable[[list], None] | None = None
) -> int:
    """``bulk_create`` a (possibly generated) stream of unsaved instances, one batch at a
    time. ``on_batch`` sees each saved batch (with primary keys set) before it is
    dropped, so a caller can insert dependent rows without keeping the parents."""
    total = 0
    for batch in batched(objs, batch_size):
        model.objects.bulk_create(batch, batch_size=batch_size)
        if on_batch is not None:
            on_batch(batch)
        total += len(batch)
    return total


class Progress:
    """Prints ``label: done/total (elapsed)`` at most every ``every`` items."""

    def __init__(self, label: str, total: int, log: Callable[[str], None], every: int):
        self.label, self.total, self.log, self.every = label, total, log, max(every, 1)
        self.done = 0
        self._next = self.every
        self._started = time.perf_counter()

    def advance(self, n: int) -> None:
        self.done += n
        if self.done >= self._next or self.done >= self.total:
            self._next = self.done + self.every
            elapsed = time.perf_counter() - self._started
            self.log(f"    {self.label}: {self.done:,}/{self.total:,} ({elapsed:.1f} s)")
