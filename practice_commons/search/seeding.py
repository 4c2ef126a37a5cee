"""The demo data is inserted in bulk (no signals), so the index is built once at the
end, from everything the other seeders made."""

from practice_commons.core.seeding import SeedContext, register_seeder

from . import indexing


def seed_search(ctx: SeedContext) -> None:
    indexing.rebuild()


def reset_search(ctx: SeedContext) -> None:
    from . import engine

    engine.current().clear()


register_seeder("search", seed_search, order=10_000, reset=reset_search)
