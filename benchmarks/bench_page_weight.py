#!/usr/bin/env python
"""Page weights: what the home, community, thread and event pages cost over the wire on
a first visit, against the 300 KB budget for slow connections.

Unattended, it

1. makes a throw-away SQLite database in a temporary folder, migrates, and builds the
   world the browser test uses (``tests/browser/page_weight.py``, ``build_world``: a
   community with a 30-post thread, other threads, an event the member is registered
   for);
2. runs ``collectstatic`` (WhiteNoise's compressed, hashed files) and starts gunicorn with
   the production settings (``bench_pages.ours_env``: DEBUG off, plain HTTP on 127.0.0.1),
   one worker; signs the member in (a session made server-side, ``pages/measure.py``);
3. opens each page in headless Chromium (Debian's, as the browser tests) in a new context,
   nothing cached, records every response until the network is idle, and prints page,
   requests, raw bytes, gzip bytes (level 6: the model of ``page_weight.py``), the bytes
   this server sent without a proxy (WhiteNoise's ``.gz`` static files, HTML as is) and
   the budget with pass/fail; then the gzip bytes by kind of resource;
4. stops gunicorn and removes the folder.

Settings: ``CHROMIUM_PATH`` (``/usr/bin/chromium``); ``BENCH_DETAIL=1`` also lists every
resource of each page.

    python benchmarks/bench_page_weight.py
"""

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAGES = HERE / "pages"
sys.path[:0] = [str(PAGES), str(ROOT)]

import procs  # noqa: E402
from bench_pages import ours_env, step  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP  # noqa: E402
from tests.browser.page_weight import measure, table  # noqa: E402

BUILT_CSS = ROOT / "practice_commons" / "core" / "static" / "dist" / "application.css"


def prepare(env: dict, work: Path, log: Path) -> dict:
    py = sys.executable
    with step("migrate"):
        procs.run([py, "manage.py", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, log=log)
    with step("the world: a community, a 30-post thread, an event, a member"):
        out = work / "world.json"
        procs.run(
            [py, "-m", "tests.browser.page_weight", "world", str(out)], env=env, cwd=ROOT, log=log
        )
        world = json.loads(out.read_text())
    with step("collectstatic"):
        procs.run(
            [py, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, log=log
        )
    world["session"] = procs.run(
        [py, str(PAGES / "measure.py"), "signin", str(world["member_id"])], env=env, cwd=ROOT
    ).strip()
    return world


def weigh(base: str, world: dict) -> list:
    from playwright.sync_api import sync_playwright

    weights = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for name, path in world["pages"].items():
                context = browser.new_context(base_url=base, viewport=DESKTOP, locale="en-GB")
                context.add_cookies([{"name": "sessionid", "value": world["session"], "url": base}])
                page = context.new_page()
                weight = measure(page, path, name)
                if not page.url.endswith(path):
                    raise RuntimeError(f"{name}: {path} ended at {page.url} (not signed in?)")
                weights.append(weight)
                context.close()
        finally:
            browser.close()
    return weights


def main() -> int:
    if not BUILT_CSS.exists():
        print("Build the front-end assets first: bash scripts/build_assets.sh", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="pc-bench-weight-"))
    log = work / "setup.log"
    env = ours_env(f"sqlite:///{work / 'db.sqlite3'}", work / "var")
    server, ok = None, False
    try:
        world = prepare(env, work, log)
        gunicorn = Path(sys.executable).parent / "gunicorn"
        server = procs.Server(
            "ours",
            gunicorn,
            "config.wsgi:application",
            env=env,
            cwd=ROOT,
            log=work / "gunicorn.log",
            workers=1,
        )
        server.wait()
        with step("Chromium: four pages, each a first visit"):
            weights = weigh(server.base, world)
        ok = True
    finally:
        if server is not None:
            server.stop()
        if ok:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"Logs kept in {work}", file=sys.stderr)
    print()
    print(table(weights))
    print()
    print("gzip bytes by kind of resource:")
    for w in weights:
        kinds = ", ".join(f"{kind} {size:,}" for kind, size in w.by_kind().items())
        print(f"  {w.name:<10} {kinds}")
    if os.environ.get("BENCH_DETAIL") == "1":
        for w in weights:
            print(f"\n{w.name} ({w.url}), largest first:\n{w.breakdown()}")
    others = {w.name: w.other_origins() + w.blocking_third_party() for w in weights}
    print()
    if any(others.values()):
        print(f"Resources from another origin: {others}")
    else:
        print("Nothing loaded from another origin; no render-blocking third-party resource.")
    print(
        "gzip bytes: every body gzipped at level 6 (the reverse proxy's gzip for HTML, "
        "~WhiteNoise's .gz for static); served: what gunicorn + WhiteNoise sent without a "
        "proxy (static gzipped, HTML not)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
