#!/usr/bin/env python
"""Soak test: mixed, realistic traffic for minutes against the production configuration.

Unattended (``make soak``), on the loopback only, it

1. creates its own PostgreSQL database, migrates, loads ``seed_demo --scale small`` and
   collects static files;
2. starts gunicorn with the production settings (``DEBUG`` off, 2 sync workers, Redis
   for the cache, sessions' rate limits and the task queue) and one RQ task worker;
3. runs a bounded number of simulated people (``soak_users.py``) for ``SOAK_SECONDS``:
   a signed-out visitor, and demo logins (member, facilitator, organisation admin,
   champion, safeguarding lead) who sign in, read the home page, dashboard, communities,
   threads, events, library, search, CPD, notifications, reply to threads (some replies
   with details the confidentiality guard holds), register for events, answer the
   wellbeing check-in, call the API with their own token, and sign out and in again;
4. samples the resident memory of the gunicorn workers and the task worker after a
   warm-up and at the end;
5. prints requests, statuses, 5xx, p50/p95 latency and memory growth, saves JSON as
   ``results/soak-<UTC time>.json``, stops everything it started and drops its database.

It exits 1 if any response was a 5xx (or a request failed outright) or a process's
memory grew more than ``SOAK_MAX_GROWTH_MB`` after the warm-up.

Settings (environment variables):

    SOAK_SECONDS=300 SOAK_WARMUP=30 SOAK_MAX_GROWTH_MB=40 SOAK_THINK=0.3,1.5
    SOAK_REDIS_URL=redis://127.0.0.1:6379/13 (if nothing answers there, a throwaway
    redis-server is started on a free loopback port)
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres  BENCH_RESULTS
"""

import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "pages"))
sys.path.insert(0, str(HERE))

import procs  # noqa: E402
import report  # noqa: E402
from bench_pages import ours_env, step  # noqa: E402
from soak_users import Person, Recorder  # noqa: E402

PEOPLE = [
    None,  # a signed-out visitor
    "member@practicecommons.example",
    "facilitator@practicecommons.example",
    "orgadmin@practicecommons.example",
    "champion@practicecommons.example",
    "safeguarding@practicecommons.example",
]


# As the README's "Running in production" runs it: RQ needs django-tasks-rq's job class.
RQ_WORKER_ARGS = ["--job-class", "django_tasks_rq.Job", "--with-scheduler"]


class Config:
    def __init__(self) -> None:
        self.seconds = int(os.environ.get("SOAK_SECONDS", 300))
        # Workers keep growing until every page has been served once: 30 s at least.
        self.warmup = int(os.environ.get("SOAK_WARMUP", min(30, self.seconds // 2)))
        self.max_growth_mb = float(os.environ.get("SOAK_MAX_GROWTH_MB", 40))
        low, high = os.environ.get("SOAK_THINK", "0.3,1.5").split(",")
        self.think = (float(low), float(high))
        self.redis_url = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/13")
        self.admin_url = os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        )
        self.results = Path(os.environ.get("BENCH_RESULTS", HERE / "results"))
        for url in (self.redis_url, self.admin_url):
            if urlsplit(url).hostname != "127.0.0.1":
                raise SystemExit(f"The soak runs on the loopback only, not {url}.")

    def as_dict(self) -> dict:
        return {
            "seconds": self.seconds,
            "warmup": self.warmup,
            "max_growth_mb": self.max_growth_mb,
            "think_seconds": self.think,
            "people": [p or "signed-out visitor" for p in PEOPLE],
            "gunicorn_workers": 2,
            "scale": "small",
        }


def soak_env(cfg: Config, database_url: str, var_dir: Path) -> dict:
    """The page benchmark's production environment, with Redis and production rate limits."""
    env = ours_env(database_url, var_dir)
    env.pop("API_TOKEN_RATE_LIMIT")
    env["REDIS_URL"] = cfg.redis_url
    return env


def prepare(env: dict, log: Path) -> dict:
    py = sys.executable
    with step("migrate, seed_demo --scale small, collectstatic"):
        for args in (["migrate", "--noinput", "-v0"], ["seed_demo", "--scale", "small"]):
            procs.run([py, "manage.py", *args], env=env, cwd=ROOT, log=log)
        procs.run(
            [py, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, log=log
        )
    tokens = {}
    for email in filter(None, PEOPLE):
        out = procs.run([py, "manage.py", "create_api_token", email], env=env, cwd=ROOT, log=log)
        tokens[email] = out.strip().splitlines()[-1]
    return tokens


def memory(server: procs.Server, worker) -> dict[str, float]:
    """Resident memory (MB) of each gunicorn worker and the task worker, by role and pid."""
    found = {f"gunicorn worker {pid}": procs.rss_mb(pid) for pid in server.workers()}
    found[f"task worker {worker.pid}"] = procs.rss_mb(worker.pid)
    return {k: round(v, 1) for k, v in found.items() if v is not None}


def growth(before: dict, after: dict) -> dict:
    """Growth of each process seen at both samples; a process that went is named."""
    return {
        name: round(after[name] - mb, 1) if name in after else "gone (restarted?)"
        for name, mb in before.items()
    }


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))], 1)


def summarise(rec: Recorder) -> dict:
    statuses: dict[str, int] = {}
    by_label: dict[str, list[float]] = {}
    label_statuses: dict[str, dict[str, int]] = {}
    for label, status, ms in rec.samples:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        by_label.setdefault(label, []).append(ms)
        counts = label_statuses.setdefault(label, {})
        counts[str(status)] = counts.get(str(status), 0) + 1
    latencies = [ms for _, _, ms in rec.samples]
    return {
        "requests": len(rec.samples),
        "statuses": dict(sorted(statuses.items())),
        "server_errors": sum(n for s, n in statuses.items() if s.startswith("5")),
        "failed_requests": statuses.get("0", 0),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "by_action": {
            label: {
                "n": len(v),
                "statuses": dict(sorted(label_statuses[label].items())),
                "p50_ms": percentile(v, 50),
                "p95_ms": percentile(v, 95),
            }
            for label, v in sorted(by_label.items())
        },
        "outcomes": dict(sorted(rec.outcomes.items())),
        "first_server_errors": rec.server_errors,
    }


def task_counts(redis_url: str, worker_pid: int) -> dict[str, int]:
    """Tasks our RQ worker finished and failed (its own counters in Redis, so jobs of
    earlier runs in the same Redis database do not count), and tasks still queued."""
    import redis

    db = redis.Redis.from_url(redis_url, decode_responses=True)
    counts = {"finished": 0, "failed": 0}
    for key in db.smembers("rq:workers"):
        data = db.hgetall(key)
        if data.get("pid") == str(worker_pid):
            counts["finished"] = int(data.get("successful_job_count") or 0)
            counts["failed"] = int(data.get("failed_job_count") or 0)
    counts["queued_at_end"] = db.llen("rq:queue:default")
    return counts


def drive(cfg: Config, server: procs.Server, worker, tokens: dict) -> dict:
    rec, stop = Recorder(), threading.Event()
    people = [
        Person(server.base, email, tokens.get(email), rec, stop=stop, think=cfg.think, seed=n)
        for n, email in enumerate(PEOPLE)
    ]
    print(f"- traffic: {len(people)} people for {cfg.seconds} s (warm-up {cfg.warmup} s)…")
    for person in people:
        person.start()
    try:
        time.sleep(cfg.warmup)
        before = memory(server, worker)
        time.sleep(max(0, cfg.seconds - cfg.warmup))
        after = memory(server, worker)
    finally:
        stop.set()
        for person in people:
            person.join(timeout=35)
    result = summarise(rec)
    result["memory_mb"] = {"after_warmup": before, "end": after, "growth": growth(before, after)}
    result["tasks"] = task_counts(cfg.redis_url, worker.pid)
    return result


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def ensure_redis(cfg: Config, work: Path, cleanup: list) -> None:
    """Use the Redis at SOAK_REDIS_URL, or start a throwaway redis-server on the loopback."""
    if redis_answers(cfg.redis_url):
        return
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit(
            f"The soak needs Redis: nothing answers at {cfg.redis_url} and redis-server is "
            "not installed (Debian: apt-get install redis-server)."
        )
    port = procs.free_port()
    log = (work / "redis.log").open("a", encoding="utf-8")
    cmd = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    server = procs.start_group(cmd, env=dict(os.environ), cwd=work, log=log)
    cleanup.append(lambda: (procs.stop_group(server), log.close()))
    cfg.redis_url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        if redis_answers(cfg.redis_url):
            print(f"- started redis-server on 127.0.0.1:{port}")
            return
        time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


def run(cfg: Config, work: Path, cleanup: list) -> dict:
    log = work / "setup.log"
    print(f"Logs: {work}")
    ensure_redis(cfg, work, cleanup)
    name = f"pc_soak_{os.getpid()}"
    database_url = procs.create_db(cfg.admin_url, name)
    cleanup.append(lambda: procs.drop_db(cfg.admin_url, name))
    env = soak_env(cfg, database_url, work / "var")
    tokens = prepare(env, log)
    bin_dir = Path(sys.executable).parent
    server = procs.Server(
        "soak",
        bin_dir / "gunicorn",
        "config.wsgi:application",
        env=env,
        cwd=ROOT,
        log=work / "gunicorn.log",
        workers=2,
    )
    cleanup.append(server.stop)
    worker_log = (work / "worker.log").open("a", encoding="utf-8")
    worker = procs.start_group(
        [sys.executable, "manage.py", "rqworker", "default", *RQ_WORKER_ARGS],
        env=env,
        cwd=ROOT,
        log=worker_log,
    )
    cleanup.append(lambda: (procs.stop_group(worker), worker_log.close()))
    server.wait()
    result = drive(cfg, server, worker, tokens)
    return result


def verdict(cfg: Config, result: dict) -> list[str]:
    problems = []
    if result["server_errors"]:
        problems.append(f"{result['server_errors']} responses were 5xx")
    if result["failed_requests"]:
        problems.append(f"{result['failed_requests']} requests got no response")
    if result["tasks"]["failed"]:
        problems.append(f"{result['tasks']['failed']} background tasks failed")
    for name, grew in result["memory_mb"]["growth"].items():
        if isinstance(grew, str):
            problems.append(f"{name}: {grew}")
        elif grew > cfg.max_growth_mb:
            problems.append(f"{name}: memory growth {grew} MB (bound {cfg.max_growth_mb} MB)")
    return problems


def print_result(result: dict, problems: list[str]) -> None:
    print(f"\nRequests: {result['requests']}  statuses: {result['statuses']}")
    print(f"5xx: {result['server_errors']}  p50 {result['p50_ms']} ms  p95 {result['p95_ms']} ms")
    for label, row in result["by_action"].items():
        print(
            f"  {label:<30} {row['n']:>6}  p50 {row['p50_ms']:>8} ms  p95 {row['p95_ms']:>8} ms"
            f"  {row['statuses']}"
        )
    print(f"Outcomes: {result['outcomes']}")
    print(f"Memory (MB) after warm-up: {result['memory_mb']['after_warmup']}")
    print(f"Memory (MB) at the end:    {result['memory_mb']['end']}")
    print(f"Growth (MB): {result['memory_mb']['growth']}")
    print(f"Tasks (RQ): {result['tasks']}")
    for error in result["first_server_errors"][:5]:
        print(f"  5xx: {error['status']} {error['label']} {error['url']}")
    print("\nFAILED: " + "; ".join(problems) if problems else "\nPassed: no 5xx, memory bounded.")


def main() -> int:
    cfg = Config()
    # Ctrl-C and SIGTERM both unwind through the finally below.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    work = Path(tempfile.mkdtemp(prefix="pc-soak-"))
    cleanup: list = []
    result, problems = None, ["did not finish"]
    started = datetime.now(UTC)
    try:
        result = run(cfg, work, cleanup)
        problems = verdict(cfg, result)
    finally:
        for undo in reversed(cleanup):
            undo()
        if result is not None and not problems:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"Logs kept in {work}", file=sys.stderr)
    result.update(
        {
            "date": started.isoformat(timespec="seconds"),
            "machine": report.machine(),
            "config": cfg.as_dict(),
            "problems": problems,
        }
    )
    print_result(result, problems)
    path = report.save(cfg.results, result, prefix="soak")
    print(f"Saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("Interrupted: everything the soak started is stopped.", file=sys.stderr)
        sys.exit(130)
