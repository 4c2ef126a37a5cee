import random

import pytest
from django.contrib.auth.models import Group

from practice_commons.core import seeding


@pytest.mark.django_db
def test_bulk_insert_streams_and_sees_saved_batches():
    seen = []
    rows = (Group(name=f"Group {i}") for i in range(5))
    total = seeding.bulk_insert(
        Group, rows, batch_size=2, on_batch=lambda batch: seen.append([t.pk for t in batch])
    )
    assert total == 5
    assert [len(b) for b in seen] == [2, 2, 1]
    assert all(pk is not None for batch in seen for pk in batch)
    assert Group.objects.count() == 5


def test_random_for_depends_only_on_seed_and_name():
    ctx = seeding.SeedContext(scale=seeding.SCALES["small"])
    a = ctx.random_for("communities").random()
    assert a == ctx.random_for("communities").random()
    assert a == random.Random(f"{seeding.SEED}:communities").random()
    assert a != ctx.random_for("events").random()


def test_registry_orders_by_order_then_name_and_replaces_by_name():
    calls = []
    names = ["test-b", "test-a", "test-c"]
    try:
        seeding.register_seeder("test-b", lambda ctx: calls.append("b"), order=900)
        seeding.register_seeder("test-a", lambda ctx: calls.append("a-old"), order=900)
        seeding.register_seeder("test-a", lambda ctx: calls.append("a"), order=900)
        seeding.register_seeder("test-c", lambda ctx: calls.append("c"), order=899)
        ours = [s.name for s in seeding.registered_seeders() if s.name in names]
        assert ours == ["test-c", "test-a", "test-b"]
    finally:
        for name in names:
            seeding.unregister_seeder(name)


def test_run_seeders_gives_each_its_own_generator_and_reports_timings(monkeypatch):
    monkeypatch.setattr(seeding, "_registry", {})
    draws = {}
    seeding.register_seeder("one", lambda ctx: draws.setdefault("one", ctx.rng.random()))
    seeding.register_seeder("two", lambda ctx: draws.setdefault("two", ctx.rng.random()))
    lines = []
    ctx = seeding.SeedContext(scale=seeding.SCALES["small"], log=lines.append)
    timings = seeding.run_seeders(ctx)
    assert [name for name, _ in timings] == ["one", "two"]
    assert draws["one"] == random.Random(f"{seeding.SEED}:one").random()
    assert draws["two"] == random.Random(f"{seeding.SEED}:two").random()
    assert any("one: done" in line for line in lines)


def test_run_seeders_calls_after_each_once_per_seeder(monkeypatch):
    monkeypatch.setattr(seeding, "_registry", {})
    calls = []
    seeding.register_seeder("one", lambda ctx: calls.append("one"))
    seeding.register_seeder("two", lambda ctx: calls.append("two"), order=200)
    ctx = seeding.SeedContext(scale=seeding.SCALES["small"], log=lambda line: None)
    seeding.run_seeders(ctx, after_each=lambda: calls.append("after"))
    assert calls == ["one", "after", "two", "after"]


def test_reset_runs_in_reverse_order(monkeypatch):
    monkeypatch.setattr(seeding, "_registry", {})
    order = []
    seeding.register_seeder("low", lambda ctx: None, order=0, reset=lambda ctx: order.append("low"))
    seeding.register_seeder(
        "high", lambda ctx: None, order=10, reset=lambda ctx: order.append("high")
    )
    seeding.register_seeder("none", lambda ctx: None, order=5)
    seeding.reset_seeders(seeding.SeedContext(scale=seeding.SCALES["small"]))
    assert order == ["high", "low"]


def test_discovery_finds_the_accounts_seeder():
    seeding.discover_seeders()
    first = seeding.registered_seeders()[0]
    assert first.name == "accounts"
    assert first.order == 0


def test_progress_reports_at_intervals_and_at_the_end():
    lines = []
    progress = seeding.Progress("people", 10, lines.append, every=4)
    for _ in range(10):
        progress.advance(1)
    assert [line.split("(")[0].strip() for line in lines] == [
        "people: 4/10",
        "people: 8/10",
        "people: 10/10",
    ]
