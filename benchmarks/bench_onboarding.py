#!/usr/bin/env python
"""Bulk onboarding: a 5,000-row staff file checked, previewed, invited, and uploaded again.

Builds a throw-away SQLite database (``migrate`` only: the professions come from a
migration), adds one organisation and its admin, writes a CSV of ``--rows`` staff
(name, work email, profession, team), then times the three steps an organisation admin
goes through, exactly as the pages do, with the background tasks run at once
(``TASKS_IMMEDIATE``) and email going to Django's dummy backend so the figure is the
platform's own work (queries, the confidentiality guard on every team, token digests,
templates, MIME building), not a mail server's:

* upload and check every row (``onboarding_upload``, then the validation task);
* confirm the preview: every row invited and emailed (``onboarding_import_confirm``, then
  the import task);
* upload the same file again and confirm: nothing changes (idempotent by organisation and
  address).

Prints seconds, rows a second and queries for each step (queries must grow with chunks
of 500 rows, never with rows).

    python benchmarks/bench_onboarding.py [--rows 5000] [--db PATH]
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST = ["Aisha", "Ben", "Catrin", "Dev", "Eilidh", "Femi", "Gareth", "Hana", "Iwan", "Jo"]
LAST = ["Ahmed", "Brown", "Campbell", "Davies", "Evans", "Fraser", "Green", "Hughes", "Khan"]
TEAMS = [
    "Children's social work North",
    "Early help East",
    "Adult safeguarding",
    "Fostering and adoption",
    "Youth justice",
    "",
]


def _prepare_environment(db_path: Path, var_dir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{db_path}",
            "VAR_DIR": str(var_dir),
            "EMAIL_URL": "dummymail://",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret"),
            "TASKS_IMMEDIATE": "1",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("REDIS_URL", None)


def _manage(*args: str) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )


def _staff_csv(rows: int, professions: list[str]) -> bytes:
    rng = random.Random(20250611)
    lines = ["name,email,profession,team"]
    for i in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first}.{last}.{i}@leeds.gov.uk".lower()
        lines.append(f"{first} {last},{email},{rng.choice(professions)},{rng.choice(TEAMS)}")
    return ("\n".join(lines) + "\n").encode()


def _organisation_and_admin():
    from practice_commons.accounts.models import Organisation, OrganisationMembership, User

    organisation = Organisation.objects.create(
        name="Leeds City Council", slug="leeds-city-council", kind="local_authority"
    )
    admin = User.objects.create_user(email="orgadmin@bench.example", full_name="Org Admin")
    OrganisationMembership.objects.create(
        organisation=organisation, user=admin, role=OrganisationMembership.Role.ADMIN
    )
    return organisation, admin


def _timed(label: str, rows: int, work):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        result = work()
    elapsed = time.perf_counter() - started
    print(
        f"{label:<34} {elapsed:7.2f} s  {rows / elapsed:8,.0f} rows/s  {len(captured):5,} queries"
    )
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--db", type=Path, help="Reuse or keep this SQLite file.")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-onboarding-"))
    db_path = args.db or workdir / "db.sqlite3"
    _prepare_environment(db_path, workdir / "var")
    if not db_path.exists():
        started = time.perf_counter()
        _manage("migrate", "--noinput")
        print(f"migrated in {time.perf_counter() - started:.1f} s")

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from practice_commons.accounts import services
    from practice_commons.accounts.models import (
        OnboardingImport,
        OnboardingInvitation,
        Organisation,
        Profession,
    )

    Organisation.objects.filter(slug="leeds-city-council").delete()
    organisation, admin = _organisation_and_admin()
    content = _staff_csv(args.rows, list(Profession.objects.values_list("name", flat=True)))
    print(f"{args.rows:,} rows, {len(content) / 1024:,.0f} KB")

    def upload():
        checked = services.onboarding_upload(
            actor=admin, organisation=organisation, file_name="staff.csv", content=content
        )
        checked.refresh_from_db()
        return checked

    checked, check_seconds = _timed("upload and check every row", args.rows, upload)
    if checked.status != OnboardingImport.Status.PREVIEW:
        raise SystemExit(f"expected a preview, got {checked.status}: {checked.errors[:5]}")

    def confirm(upload_row):
        def run():
            done = services.onboarding_import_confirm(actor=admin, upload=upload_row)
            done.refresh_from_db()
            return done

        return run

    done, invite_seconds = _timed("confirm: invite and email each", args.rows, confirm(checked))
    print(
        f"  {done.invited_count:,} invited, {OnboardingInvitation.objects.count():,} "
        f"invitations stored, status {done.status}"
    )
    again, again_check = _timed("upload the same file again", args.rows, upload)
    repeat, repeat_seconds = _timed("confirm again (nothing to do)", args.rows, confirm(again))
    print(
        f"  {repeat.invited_count} invited, {repeat.already_invited_count:,} already invited: "
        f"{OnboardingInvitation.objects.count():,} invitations stored"
    )
    print(
        f"5,000-row import end to end (check + invite): {check_seconds + invite_seconds:.1f} s"
        if args.rows == 5000
        else f"{args.rows:,}-row import end to end: {check_seconds + invite_seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
