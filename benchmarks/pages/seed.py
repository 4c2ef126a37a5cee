"""The demo data for the page benchmark when ``seed_demo`` itself fails: every registered
seeder in its own savepoint, so one app's broken demo data does not stop the benchmark
of every page. Prints which seeders failed (their pages are then measured on less
data, or skipped when they answer an error) and writes them to OUTPUT.json.

    python benchmarks/pages/seed.py SCALE OUTPUT.json
"""

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from practice_commons.core.seeding import (  # noqa: E402
    SCALES,
    SeedContext,
    discover_seeders,
    registered_seeders,
)


def main() -> None:
    scale, out = sys.argv[1], Path(sys.argv[2])
    ctx = SeedContext(scale=SCALES[scale], log=print)
    discover_seeders()
    failed = {}
    for seeder in registered_seeders():
        ctx.rng = ctx.random_for(seeder.name)
        started = time.perf_counter()
        try:
            with transaction.atomic():
                seeder.func(ctx)
        except Exception as exc:  # noqa: BLE001 - reported, and the benchmark goes on
            failed[seeder.name] = f"{type(exc).__name__}: {exc}"[:300]
            print(f"  {seeder.name}: FAILED, left out ({failed[seeder.name]})", flush=True)
            continue
        print(f"  {seeder.name}: done in {time.perf_counter() - started:.1f} s", flush=True)
    out.write_text(json.dumps({"failed_seeders": failed}))


if __name__ == "__main__":
    main()
