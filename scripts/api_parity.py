"""Print what the pages can do that /api/v1/ cannot yet, grouped by capability.

    python scripts/api_parity.py             # as text
    python scripts/api_parity.py --markdown  # the section of practice_commons/api/README.md

The table is tests/api/ui_api_parity.py; tests/api/test_ui_api_parity.py keeps it true.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from tests.api.ui_api_parity import (
        PARITY,
        format_gaps,
        format_gaps_markdown,
        gaps_by_capability,
        page_patterns,
    )

    patterns = page_patterns()
    missing = sorted(set(patterns) - set(PARITY))
    grouped = gaps_by_capability(PARITY, patterns)
    print(format_gaps_markdown(grouped) if "--markdown" in sys.argv[1:] else format_gaps(grouped))
    if missing:
        print(f"\n{len(missing)} patterns have no entry yet: {', '.join(missing)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
