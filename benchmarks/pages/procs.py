"""Processes the benchmarks and the soak start: PostgreSQL databases, gunicorn servers,
workers, wrk.

Everything started here runs in its own process group and is stopped by the caller's
``finally`` (``Server.stop`` kills the group); databases are dropped by ``drop_db``.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
LUA = HERE / "report.lua"


# --- PostgreSQL --------------------------------------------------------------------


def db_url(admin_url: str, name: str) -> str:
    return urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))


def create_db(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return db_url(admin_url, name)


def drop_db(admin_url: str, name: str) -> None:
    import psycopg

    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception as exc:  # noqa: BLE001 - report and carry on cleaning up
        print(f"  could not drop database {name}: {exc}")


# --- commands ------------------------------------------------------------------------


def run(cmd: list[str], *, env: dict, cwd: Path, log: Path | None = None) -> str:
    """Run a command to completion; its output goes to ``log`` (if given) and is
    returned. Fails loudly with the end of the output."""
    result = subprocess.run(  # noqa: S603 - our own commands
        cmd, env=env, cwd=cwd, text=True, capture_output=True, check=False
    )
    if log is not None:
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"$ {' '.join(cmd)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-3000:]
        raise RuntimeError(f"{' '.join(cmd[:3])} … failed ({result.returncode}):\n{tail}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- gunicorn --------------------------------------------------------------------------


# --- processes ---------------------------------------------------------------------------


def start_group(cmd: list[str], *, env: dict, cwd: Path, log) -> subprocess.Popen:
    """Start a command in its own process group (so ``stop_group`` stops its children too)."""
    return subprocess.Popen(  # noqa: S603 - our own commands
        cmd, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM the process group, SIGKILL it if it is still there after 15 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def rss_mb(pid: int) -> float | None:
    """A process's resident memory (VmRSS) in MB, or None once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Server:
    """A gunicorn master in its own process group, with its workers' peak memory."""

    def __init__(
        self,
        name: str,
        gunicorn: Path,
        app: str,
        *,
        env: dict,
        cwd: Path,
        log: Path,
        workers: int | None = None,
    ):
        self.name, self.port = name, free_port()
        self.log = log.open("a", encoding="utf-8")
        workers = workers or int(os.environ.get("BENCH_WORKERS", "2"))
        cmd = [str(gunicorn), app, "--workers", str(workers)]
        cmd += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        self.proc = start_group(cmd, env=env, cwd=cwd, log=self.log)
        self.peak_rss_mb: dict[int, float] = {}
        self._sampling = False

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn exited ({self.proc.returncode})")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name}: gunicorn did not start in {timeout} s")

    def workers(self) -> list[int]:
        return children(self.proc.pid)

    def sample_memory(self) -> None:
        for pid in self.workers():
            mb = rss_mb(pid)
            if mb is not None:
                self.peak_rss_mb[pid] = max(self.peak_rss_mb.get(pid, 0.0), mb)

    def peak_worker_mb(self) -> float:
        return round(max(self.peak_rss_mb.values(), default=0.0), 1)

    def stop(self) -> None:
        """Stop the whole process group (master and workers)."""
        stop_group(self.proc)
        self.log.close()


def fetch_status(url: str, headers: dict) -> int:
    """The status of one GET, redirects not followed (a 302 to sign-in is a failure)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    try:
        with opener.open(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


# --- wrk ---------------------------------------------------------------------------------


def ensure_wrk() -> str:
    """wrk's path, installing Debian's package as root if it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: installing Debian's wrk package…", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)  # noqa: S607
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, check=False)  # noqa: S607
        found = shutil.which("wrk")
        if found:
            return found
    raise SystemExit(
        "The page benchmark needs wrk (the HTTP load generator). Install it with "
        "`apt-get install wrk` (as root) and run `make bench` again."
    )


def wrk(
    binary: str,
    url: str,
    *,
    seconds: int,
    connections: int,
    headers: dict,
    server: Server | None = None,
) -> dict:
    """One timed wrk run; returns requests/s and latency percentiles (ms)."""
    cmd = [binary, "-t", str(min(2, connections)), "-c", str(connections)]
    cmd += ["-d", f"{seconds}s", "--timeout", "10s", "-s", str(LUA)]
    for key, value in headers.items():
        cmd += ["-H", f"{key}: {value}"]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            server.sample_memory()

    sampler = threading.Thread(target=sample, daemon=True) if server else None
    if sampler:
        sampler.start()
    try:
        out = subprocess.run(  # noqa: S603 - wrk, fixed arguments
            [*cmd, url], text=True, capture_output=True, check=True, timeout=seconds + 60
        ).stdout
    finally:
        stop.set()
        if sampler:
            sampler.join()
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    data["rps"] = round(data["requests"] / (data["duration_us"] / 1e6), 1)
    data["errors"] = sum(data[k] for k in data if k.startswith("errors_"))
    return data
