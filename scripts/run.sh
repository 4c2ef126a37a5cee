#!/usr/bin/env bash
# Start Practice Commons in the embedded mode: SQLite in var/, the database task worker
# and the scheduler beside the web server, mail written to var/mail (readable at
# /dev/mailbox/).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${VENV:-.venv}/bin/python"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
export DEBUG="${DEBUG:-1}"

"$PY" manage.py migrate --noinput
if [ "$("$PY" manage.py seed_demo --check)" = "seeded" ]; then
  echo "Demo data already loaded."
else
  # A database holding real accounts is never seeded (seed_demo refuses); serve it as it is.
  "$PY" manage.py seed_demo --scale small || echo "Demo data not loaded; serving the database as it is."
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

"$PY" manage.py db_worker --queue-name default --interval 1 &
pids+=($!)
"$PY" manage.py run_scheduler &
pids+=($!)

cat <<BANNER

  Practice Commons is running at http://$HOST:$PORT
  Development mailbox:          http://$HOST:$PORT/dev/mailbox/
$("$PY" manage.py seed_demo --logins)

  Press Ctrl+C to stop.

BANNER

"${VENV:-.venv}/bin/gunicorn" config.wsgi:application --bind "$HOST:$PORT" \
  --workers 1 --threads 8 --access-logfile - --log-level warning
