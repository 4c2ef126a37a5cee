"""In-process measurements of a Django project's pages, for any project (ours, the lean
reference, the peer forum): run it with that project's interpreter and settings.

    python measure.py signin USER_ID                 # prints a session key
    python measure.py measure SESSION PAGES.json     # prints JSON: status, SQL, size
    python measure.py profile SESSION PATH N OUT.txt # a profile of N requests

``PAGES.json`` is a list of ``{"name", "path", "headers"}``. Each page is requested once
to warm caches, then once inside ``CaptureQueriesContext``: the numbers are those of a
reader who comes back, as under load.
"""

import json
import sys
import time
from importlib import import_module

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,  # noqa: E402
)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

WRITES = ("INSERT", "UPDATE", "DELETE")


def signin(user_id: str) -> str:
    """A signed-in session for the user, made server-side like a sign-in would."""
    user = get_user_model().objects.get(pk=int(user_id))
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _client(session: str) -> Client:
    client = Client()
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    return client


def _headers(page: dict) -> dict:
    return {k: v for k, v in (page.get("headers") or {}).items() if k.lower() != "cookie"}


def measure(session: str, pages: list[dict]) -> dict:
    client = _client(session)
    results = {}
    for page in pages:
        headers = _headers(page)
        client.get(page["path"], headers=headers)
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(page["path"], headers=headers)
            ms = (time.perf_counter() - started) * 1000
        sql = [q["sql"].lstrip().upper() for q in ctx.captured_queries]
        results[page["name"]] = {
            "status": response.status_code,
            "location": response.get("Location", ""),
            "queries": len(sql),
            "writes": sum(1 for q in sql if q.startswith(WRITES)),
            "write_sql": [q[:120] for q in sql if q.startswith(WRITES)][:3],
            "html_bytes": len(response.content),
            "ms_in_process": round(ms, 1),
        }
    return results


def profile(session: str, path: str, n: int, out: str) -> None:
    client = _client(session)
    client.get(path)
    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None
    if Profiler is not None:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(n):
            client.get(path)
        profiler.stop()
        text = profiler.output_text(unicode=True, color=False, show_all=False)
    else:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for _ in range(n):
            client.get(path)
        prof.disable()
        buffer = io.StringIO()
        pstats.Stats(prof, stream=buffer).sort_stats("cumulative").print_stats(60)
        text = buffer.getvalue()
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(f"# {n} requests of {path}\n{text}")


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "signin":
        print(signin(args[0]))
    elif command == "measure":
        with open(args[1], encoding="utf-8") as fh:
            pages = json.load(fh)
        print(json.dumps(measure(args[0], pages)))
    elif command == "profile":
        profile(args[0], args[1], int(args[2]), args[3])
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
