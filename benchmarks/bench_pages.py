#!/usr/bin/env python
"""Pages side by side: Practice Commons, a lean Django reference and the Spirit forum,
in one run on this machine, under the same load.

Unattended, it

1. creates a PostgreSQL database, migrates, runs ``seed_demo --scale large`` and loads
   the standard discussion shape (``pages/shape.py``: 1,000 members, 50 communities,
   20,000 threads, 200,000 posts with a heavy tail, threads of exactly 20 and 50 posts);
2. installs django-spirit from the package registry into its own virtual environment
   (kept in ``var/bench/``), loads the same shape into its own database;
3. starts the production configuration of each (gunicorn, 2 sync workers, 127.0.0.1;
   DEBUG off; the lean project in ``pages/lean/``), signs a member in (a session made
   server-side, sent as a cookie; the API with a bearer token);
4. measures each page in-process (SQL queries, writes, HTML size) and under load with
   wrk (4 connections, time-bounded; installed from Debian if missing);
5. prints the table with the ratios (ours ÷ lean page, ours ÷ Spirit's nearest page)
   and the issue's targets, saves JSON under ``benchmarks/results/`` and profiles of the
   thread and community pages; stops every process and drops every database it made.

Settings (environment variables; defaults are the issue's numbers):

    BENCH_SECONDS=15 BENCH_WARMUP=3 BENCH_CONNECTIONS=4 BENCH_WORKERS=2
    BENCH_SCALE=large  BENCH_MEMBERS=1000 BENCH_COMMUNITIES=50 BENCH_THREADS=20000
    BENCH_POSTS=200000 BENCH_EXACT_THREADS=5
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres
    BENCH_SPIRIT=1 (0: leave the peer out)  BENCH_SPIRIT_VENV=var/bench/spirit-venv
    BENCH_PAGES=thread_20,community (only these of ours)  BENCH_PROFILE=1
    BENCH_RESULTS=benchmarks/results

    python benchmarks/bench_pages.py
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAGES = HERE / "pages"
sys.path.insert(0, str(PAGES))

import procs  # noqa: E402
import report  # noqa: E402
from shape import Shape  # noqa: E402

SPIRIT_VERSION = "0.14.3"


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    def __init__(self) -> None:
        self.seconds = env_int("BENCH_SECONDS", 15)
        self.warmup = env_int("BENCH_WARMUP", 3)
        self.connections = env_int("BENCH_CONNECTIONS", 4)
        self.workers = env_int("BENCH_WORKERS", 2)
        self.scale = os.environ.get("BENCH_SCALE", "large")
        self.admin_url = os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        )
        self.spirit = os.environ.get("BENCH_SPIRIT", "1") != "0"
        self.spirit_venv = Path(os.environ.get("BENCH_SPIRIT_VENV", ROOT / "var/bench/spirit-venv"))
        self.only = {p for p in os.environ.get("BENCH_PAGES", "").split(",") if p}
        self.profile = os.environ.get("BENCH_PROFILE", "1") != "0"
        self.results = Path(os.environ.get("BENCH_RESULTS", HERE / "results"))
        self.shape = Shape.from_env()

    def as_dict(self) -> dict:
        return {
            "seconds": self.seconds,
            "warmup": self.warmup,
            "connections": self.connections,
            "workers": self.workers,
            "scale": self.scale,
            "shape": self.shape.as_dict(),
            "spirit": f"django-spirit {SPIRIT_VERSION}" if self.spirit else None,
        }


def step(label: str):
    """Print a step and how long it took."""

    class _Step:
        def __enter__(self):
            self.started = time.perf_counter()
            print(f"- {label}…", flush=True)

        def __exit__(self, *exc):
            if exc[0] is None:
                print(f"  {label}: {time.perf_counter() - self.started:.0f} s", flush=True)

    return _Step()


# --- Practice Commons -------------------------------------------------------------------


def ours_env(database_url: str, var_dir: Path) -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "TASKS_IMMEDIATE", "DEBUG"}
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "VAR_DIR": str(var_dir),
            "STATIC_ROOT": str(var_dir / "static"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            # Plain HTTP on the loopback: no redirect to HTTPS, cookies without Secure.
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            # wrk sends thousands of requests a second with one token: measure the page,
            # not the per-token rate limit.
            "API_TOKEN_RATE_LIMIT": "1000000/s",
            "EMAIL_URL": "dummymail://",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def prepare_ours(cfg: Config, env: dict, work: Path, log: Path) -> dict:
    py = sys.executable
    with step("Practice Commons: migrate"):
        procs.run([py, "manage.py", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, log=log)
    failed_seeders = {}
    with step(f"Practice Commons: seed_demo --scale {cfg.scale}"):
        try:
            procs.run(
                [py, "manage.py", "seed_demo", "--scale", cfg.scale], env=env, cwd=ROOT, log=log
            )
        except RuntimeError as exc:
            # One app's broken demo data must not stop the benchmark of every page: load
            # each app's demo data on its own and report what could not be loaded.
            print(f"  seed_demo failed; loading each app's demo data on its own:\n{exc}"[-800:])
            out = work / "seed.json"
            print(
                procs.run(
                    [py, str(PAGES / "seed.py"), cfg.scale, str(out)], env=env, cwd=ROOT, log=log
                ),
                end="",
            )
            failed_seeders = json.loads(out.read_text())["failed_seeders"]
    with step("Practice Commons: the standard discussion shape"):
        out = work / "ours.json"
        print(
            procs.run([py, str(PAGES / "load_ours.py"), str(out)], env=env, cwd=ROOT, log=log),
            end="",
        )
        data = json.loads(out.read_text())
    data["failed_seeders"] = failed_seeders
    with step("Practice Commons: collectstatic"):
        procs.run(
            [py, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, log=log
        )
    measure = [py, str(PAGES / "measure.py")]
    data["session"] = procs.run(
        [*measure, "signin", str(data["member_id"])], env=env, cwd=ROOT
    ).strip()
    token = procs.run(
        [py, "manage.py", "create_api_token", data["member_email"]], env=env, cwd=ROOT, log=log
    )
    data["token"] = token.strip().splitlines()[-1]
    return data


def ours_pages(data: dict) -> list[dict]:
    slug = data["community"]
    t20, t50 = data["threads"]["20"][0], data["threads"]["50"][0]
    today = datetime.now(UTC)
    cookie = {"Cookie": f"sessionid={data['session']}"}
    bearer = {"Authorization": f"Bearer {data['token']}"}
    pages = [
        # Signed in, "/" is the work queue: every app's home block (core/home.py).
        ("home", "/", "index"),
        ("dashboard", "/dashboard/", "index"),
        ("directory", "/communities/", "index"),
        ("community", f"/communities/{slug}/", "index"),
        ("thread_list", f"/communities/{slug}/threads/", "topic_list"),
        ("thread_20", f"/communities/{slug}/threads/{t20}/", "topic_20"),
        ("thread_50", f"/communities/{slug}/threads/{t50}/", "topic_50"),
        ("events", "/events/", "topic_list"),
        ("events_month", f"/events/calendar/{today.year}/{today.month}/", "topic_list"),
        ("reflection", "/reflection/", "topic_list"),
        ("notifications", "/notifications/", "notifications"),
        ("cpd", "/cpd/", "topic_list"),
        # Pages of capabilities still being built: measured once they answer 200.
        ("library", "/library/", "topic_list"),
        ("search", "/search/?q=supervision", "topic_list"),
        ("cpd_progress", "/api/v1/cpd/progress", "topic_list"),
        (
            "wellbeing_aggregates",
            # A member sees the figures of the communities they belong to; "feeling" is
            # the check-in's first measure (nation figures are for host admins only).
            "/api/v1/wellbeing/aggregates?group=community&period=month&measure=feeling",
            "topic_list",
        ),
        ("api_threads", f"/api/v1/communities/{slug}/threads", "topic_list"),
    ]
    return [
        {
            "side": "ours",
            "name": name,
            "path": path,
            "peer": peer,
            "headers": bearer if path.startswith("/api/") else cookie,
        }
        for name, path, peer in pages
    ]


# --- the lean reference and the peer --------------------------------------------------


def lean_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "lean.settings",
            "PYTHONPATH": str(PAGES),
        }
    )
    return env


def lean_pages(data: dict) -> list[dict]:
    t20 = data["threads"]["20"][0]
    return [
        {"side": "lean", "name": "bare", "path": "/bare/", "headers": {}},
        {"side": "lean", "name": "lean_20", "path": f"/threads/{t20}/", "headers": {}},
    ]


def spirit_python(cfg: Config, log: Path) -> Path:
    """Spirit's virtual environment, made from the package registry if missing."""
    venv = cfg.spirit_venv
    py = venv / "bin" / "python"
    marker = venv / f".spirit-{SPIRIT_VERSION}"
    if not marker.exists():
        with step(f"Spirit: virtual environment with django-spirit=={SPIRIT_VERSION}"):
            shutil.rmtree(venv, ignore_errors=True)
            procs.run(["python3", "-m", "venv", str(venv)], env=dict(os.environ), cwd=ROOT, log=log)
            procs.run(
                [
                    str(py),
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    f"django-spirit=={SPIRIT_VERSION}",
                    "gunicorn",
                    "psycopg[binary]",
                ],
                env=dict(os.environ),
                cwd=ROOT,
                log=log,
            )
            marker.touch()
    return py


def spirit_env(database_url: str, var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "VIRTUAL_ENV"}}
    env.update(
        {
            "DATABASE_URL": database_url,
            "SPIRIT_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "spirit_site.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "PYTHONPATH": str(PAGES),
        }
    )
    return env


def prepare_spirit(py: Path, env: dict, work: Path, log: Path) -> dict:
    with step("Spirit: migrate, collectstatic"):
        procs.run(
            [str(py), "-m", "django", "migrate", "--noinput", "-v0"], env=env, cwd=PAGES, log=log
        )
        procs.run(
            [str(py), "-m", "django", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=PAGES,
            log=log,
        )
    with step("Spirit: the standard discussion shape"):
        out = work / "spirit.json"
        loader = PAGES / "spirit_site" / "load_spirit.py"
        print(procs.run([str(py), str(loader), str(out)], env=env, cwd=PAGES, log=log), end="")
        data = json.loads(out.read_text())
    signin = [str(py), str(PAGES / "measure.py"), "signin", str(data["member_id"])]
    data["session"] = procs.run(signin, env=env, cwd=PAGES).strip()
    return data


def spirit_pages(data: dict) -> list[dict]:
    cookie = {"Cookie": f"sessionid={data['session']}"}
    cat = data["category"]
    t20, t50 = data["topics"]["20"][0], data["topics"]["50"][0]
    pages = [
        ("index", "/"),
        ("topic_list", f"/category/{cat['pk']}/{cat['slug']}/"),
        ("topic_20", f"/topic/{t20['pk']}/{t20['slug']}/"),
        ("topic_50", f"/topic/{t50['pk']}/{t50['slug']}/"),
        ("notifications", "/topic/notification/"),
    ]
    return [{"side": "spirit", "name": n, "path": p, "headers": cookie} for n, p in pages]


# --- measuring ----------------------------------------------------------------------------


def measure_in_process(py, env: dict, cwd: Path, session: str, pages: list[dict], work: Path):
    """Queries, writes, HTML size and status of each page, from inside the project."""
    spec = work / f"pages-{pages[0]['side']}.json"
    spec.write_text(json.dumps(pages))
    out = procs.run(
        [str(py), str(PAGES / "measure.py"), "measure", session, str(spec)], env=env, cwd=cwd
    )
    found = json.loads(out.strip().splitlines()[-1])
    for page in pages:
        page.update(found[page["name"]])
        if page["status"] != 200:
            page["skipped"] = f"status {page['status']}"


def load_page(cfg: Config, wrk: str, server: procs.Server, page: dict) -> None:
    """wrk against one page: a short warm-up, then the timed run."""
    url = server.base + page["path"]
    status = procs.fetch_status(url, page["headers"])
    if status != 200:
        page["skipped"] = f"HTTP {status}"
        return
    kwargs = {"connections": cfg.connections, "headers": page["headers"]}
    if cfg.warmup:
        procs.wrk(wrk, url, seconds=cfg.warmup, **kwargs)
    result = procs.wrk(wrk, url, seconds=cfg.seconds, server=server, **kwargs)
    page.update({k: result[k] for k in ("rps", "p50_ms", "p95_ms", "p99_ms", "max_ms", "errors")})
    print(
        f"  {page['side']:>6} {page['name']:<22} {result['rps']:>8.1f} req/s  "
        f"p50 {result['p50_ms']:.1f} ms  p99 {result['p99_ms']:.1f} ms"
        + (f"  ({result['errors']} errors)" if result["errors"] else ""),
        flush=True,
    )


def profiles(cfg: Config, env: dict, session: str, pages: list[dict], stamp: str) -> list[str]:
    """pyinstrument (or cProfile) profiles of the thread and community pages."""
    saved = []
    cfg.results.mkdir(parents=True, exist_ok=True)
    for page in pages:
        if page["name"] not in {"thread_20", "community"} or page.get("skipped"):
            continue
        out = cfg.results / f"profile-{stamp}-{page['name']}.txt"
        cmd = [
            sys.executable,
            str(PAGES / "measure.py"),
            "profile",
            session,
            page["path"],
            "30",
            str(out),
        ]
        procs.run(cmd, env=env, cwd=ROOT)
        saved.append(str(out.relative_to(ROOT)) if out.is_relative_to(ROOT) else str(out))
    return saved


# --- the run --------------------------------------------------------------------------------


def run(cfg: Config, wrk: str, work: Path, cleanup: list) -> dict:
    log = work / "setup.log"
    print(f"Setup log: {log}")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"pc_bench_pages_{os.getpid()}"
    ours_url = procs.create_db(cfg.admin_url, name)
    cleanup.append(lambda: procs.drop_db(cfg.admin_url, name))
    env = ours_env(ours_url, work / "var")
    ours = prepare_ours(cfg, env, work, log)
    pages = [p for p in ours_pages(ours) if not cfg.only or p["name"] in cfg.only]
    measure_in_process(sys.executable, env, ROOT, ours["session"], pages, work)
    lean = lean_pages(ours)
    lenv = lean_env(ours_url)
    measure_in_process(sys.executable, lenv, PAGES, "", lean, work)
    spirit, senv, spy = [], None, None
    if cfg.spirit:
        spy = spirit_python(cfg, log)
        sname = f"pc_bench_spirit_{os.getpid()}"
        spirit_url = procs.create_db(cfg.admin_url, sname)
        cleanup.append(lambda: procs.drop_db(cfg.admin_url, sname))
        senv = spirit_env(spirit_url, work / "spirit")
        sdata = prepare_spirit(spy, senv, work, log)
        spirit = spirit_pages(sdata)
        measure_in_process(spy, senv, PAGES, sdata["session"], spirit, work)

    gunicorn = Path(sys.executable).parent / "gunicorn"
    servers = {
        "ours": procs.Server(
            "ours", gunicorn, "config.wsgi:application", env=env, cwd=ROOT, log=work / "ours.log"
        ),
        "lean": procs.Server(
            "lean", gunicorn, "lean.wsgi:application", env=lenv, cwd=PAGES, log=work / "lean.log"
        ),
    }
    if cfg.spirit:
        servers["spirit"] = procs.Server(
            "spirit",
            spy.parent / "gunicorn",
            "spirit_site.wsgi:application",
            env=senv,
            cwd=PAGES,
            log=work / "spirit.log",
        )
    for server in servers.values():
        cleanup.append(server.stop)
    for server in servers.values():
        server.wait()
    print(f"- Load: wrk, {cfg.connections} connections, {cfg.seconds} s a page", flush=True)
    rows = pages + lean + spirit
    for page in rows:
        if not page.get("skipped"):
            load_page(cfg, wrk, servers[page["side"]], page)
    worker_mb = {side: s.peak_worker_mb() for side, s in servers.items()}
    saved = profiles(cfg, env, ours["session"], pages, stamp) if cfg.profile else []
    lean_rps = next((r.get("rps") for r in lean if r["name"] == "lean_20"), None)
    report.add_ratios(rows, lean_rps, {r["name"]: r for r in spirit})
    checks = report.check_targets(rows, worker_mb.get("ours"))
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": report.machine(),
        "config": cfg.as_dict(),
        "rows": [{k: v for k, v in r.items() if k != "headers"} for r in rows],
        "worker_peak_mb": worker_mb,
        "targets": checks,
        "profiles": saved,
        "setup": {
            "ours_load_seconds": ours["seconds"],
            "posts": ours["posts"],
            "failed_seeders": ours["failed_seeders"],
        },
    }


def main() -> int:
    cfg = Config()
    wrk = procs.ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="pc-bench-pages-"))
    cleanup: list = []
    ok = False
    try:
        result = run(cfg, wrk, work, cleanup)
        ok = True
    finally:
        for undo in reversed(cleanup):
            undo()
        if ok:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"Logs kept in {work}", file=sys.stderr)
    print()
    print(report.table(result["rows"]))
    print()
    print(report.targets_table(result["targets"]))
    print(f"\nPeak gunicorn worker memory (MB): {result['worker_peak_mb']}")
    if result["setup"]["failed_seeders"]:
        print(f"Demo data left out (its seeder failed): {result['setup']['failed_seeders']}")
    path = report.save(cfg.results, result)
    latest = cfg.results / "latest.md"
    latest.write_text(
        f"Page benchmark, {result['date']}, {result['machine']['cores']} cores "
        f"({result['machine']['cpu']}), {json.dumps(cfg.as_dict())}\n\n"
        f"{report.table(result['rows'])}\n\n{report.targets_table(result['targets'])}\n",
        encoding="utf-8",
    )
    print(f"Saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)
