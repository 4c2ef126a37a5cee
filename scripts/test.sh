#!/usr/bin/env bash
# Run the whole suite, one worker per core (pytest-xdist). Browser tests need Debian's
# Chromium (/usr/bin/chromium); PostgreSQL- and Redis-only tests are skipped, with the
# reason printed, where those services are missing. PYTEST_WORKERS=0 runs in one process.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${VENV:-.venv}/bin/python"
"$PY" -m pytest -q -n "${PYTEST_WORKERS:-auto}" --dist loadfile "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "No tests were collected." >&2
fi
exit "$status"
