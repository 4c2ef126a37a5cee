"""Compile every committed translation catalogue (.po) into the .mo file Django reads.

Run by the install step (`make install`), so a fresh clone serves Welsh without GNU
gettext: Babel reads and writes the catalogues in Python. Fuzzy entries are left out,
as `msgfmt` leaves them out. Only catalogues newer than their .mo are compiled.
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "practice_commons"


def catalogues():
    return sorted(SOURCE.glob("**/locale/*/LC_MESSAGES/*.po"))


def compile_catalogue(po_path: Path) -> bool:
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    with po_path.open("rb") as handle:
        catalogue = read_po(handle, abort_invalid=True)
    with mo_path.open("wb") as handle:
        write_mo(handle, catalogue, use_fuzzy=False)
    return True


def main() -> int:
    compiled = [path for path in catalogues() if compile_catalogue(path)]
    for path in compiled:
        print(f"compile_messages: {path.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
