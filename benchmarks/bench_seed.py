"""How long ``manage.py seed_demo`` takes, each scale in a fresh database.

    python benchmarks/bench_seed.py                     # large on SQLite
    BENCH_SEED_SCALES=small,large,national python benchmarks/bench_seed.py
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres python ...

SQLite runs in a temporary directory. With ``BENCH_POSTGRES_URL`` (a server and a
database to connect to for administration) each scale also runs in a temporary
PostgreSQL database that is dropped afterwards. Prints one line per run:
``seed_demo <scale> on <db>: <seconds> s (<people> people, <organisations> organisations)``.
"""

import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
LOADED = re.compile(
    r"Demo data loaded: ([\d,]+) people, ([\d,]+) organisations in ([\d.]+) s "
    r"\(peak memory ([\d,]+) MB\)"
)


def _manage(*args: str, env: dict) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return result.stdout


def run(scale: str, database_url: str, label: str, var_dir: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "VAR_DIR": var_dir,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LOG_LEVEL": "WARNING",
    }
    _manage("migrate", "--noinput", "-v0", env=env)
    started = time.perf_counter()
    out = _manage("seed_demo", "--scale", scale, env=env)
    wall = time.perf_counter() - started
    match = LOADED.search(out)
    if match is None:
        raise SystemExit(f"unexpected seed_demo output:\n{out}")
    people, orgs, seconds, peak = match.groups()
    print(
        f"seed_demo {scale} on {label}: {float(seconds):.1f} s, peak memory {peak} MB "
        f"({people} people, {orgs} organisations; {wall:.1f} s with start-up)",
        flush=True,
    )


def _postgres(admin_url: str, scale: str) -> None:
    import psycopg

    name = f"pc_bench_seed_{os.getpid()}"
    parts = urlsplit(admin_url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory() as var_dir:
            run(scale, urlunsplit(parts._replace(path=f"/{name}")), "PostgreSQL", var_dir)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    scales = os.environ.get("BENCH_SEED_SCALES", "large").split(",")
    postgres = os.environ.get("BENCH_POSTGRES_URL")
    for scale in scales:
        with tempfile.TemporaryDirectory() as var_dir:
            run(scale, f"sqlite:///{var_dir}/bench.sqlite3", "SQLite", var_dir)
        if postgres:
            _postgres(postgres, scale)


if __name__ == "__main__":
    main()
