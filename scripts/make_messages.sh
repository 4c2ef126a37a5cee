#!/usr/bin/env bash
# Refresh the Welsh catalogue of one app (or of the project-wide templates) from the
# source: `scripts/make_messages.sh accounts`, `scripts/make_messages.sh templates`,
# or `scripts/make_messages.sh` for all of them. Needs GNU gettext (xgettext, msgmerge).
# Then translate the new entries in practice_commons/<app>/locale/cy/LC_MESSAGES/django.po
# and run `make install` (or scripts/compile_messages.py).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"

refresh() {
    local dir="$ROOT/practice_commons/$1"
    mkdir -p "$dir/locale"
    (cd "$dir" && "$PY" "$ROOT/manage.py" makemessages --locale cy --no-obsolete \
        --add-location file --ignore 'tests/*' --ignore 'migrations/*' \
        --ignore 'static/*' --ignore 'locale/*' >/dev/null)
    "$PY" - "$dir/locale/cy/LC_MESSAGES/django.po" <<'PYEOF'
import sys
from pathlib import Path

path = Path(sys.argv[1])
text = path.read_text(encoding="utf-8")
text = text.replace('#, fuzzy\nmsgid ""\nmsgstr ""', 'msgid ""\nmsgstr ""', 1)
text = text.replace('"Language: \\n"', '"Language: cy\\n"', 1)
path.write_text(text, encoding="utf-8")
PYEOF
}

if [[ $# -gt 0 ]]; then
    for target in "$@"; do refresh "$target"; done
else
    for dir in "$ROOT"/practice_commons/*/; do
        name="$(basename "$dir")"
        [[ "$name" == __pycache__ ]] && continue
        if [[ -d "$dir/locale" ]]; then refresh "$name"; fi
    done
fi
