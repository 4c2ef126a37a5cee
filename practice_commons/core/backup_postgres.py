"""PostgreSQL's side of backups: ``pg_dump`` and ``pg_restore`` run with arguments and an
environment built from ``DATABASES`` (the password in ``PGPASSWORD``), never a shell string.
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.db import DatabaseError


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client tools "
            "(Debian/Ubuntu: apt-get install postgresql-client), the same major version "
            "as the server or newer."
        )
    return found


def _pg_connection_args(settings_dict) -> tuple[list[str], dict[str, str]]:
    """Arguments and environment for pg_dump/pg_restore from ``DATABASES`` (never a shell)."""
    args = ["--no-password"]
    env = dict(os.environ)
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in PG_OPTION_ENV.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value:
            env[variable] = str(value)
    args += ["--dbname", str(settings_dict["NAME"])]
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
        raise BackupError(f"{what} failed: {detail}")


def pg_dump(connection, staged: Path) -> None:
    args, env = _pg_connection_args(connection.settings_dict)
    _run([pg_tool("pg_dump"), "--format=custom", f"--file={staged}", *args], env, "pg_dump")


def pg_restore(connection, staged: Path) -> None:
    args, env = _pg_connection_args(connection.settings_dict)
    command = [
        pg_tool("pg_restore"),
        "--no-owner",
        "--no-acl",
        "--exit-on-error",
        "--single-transaction",
        *args,
        str(staged),
    ]
    _run(command, env, "pg_restore")


def pg_drop_everything(connection) -> None:
    """Drop the tables, views, sequences and the project's own functions (trigger
    functions such as the audit trail's) of the current schema (empty, or ``--force``)."""
    kinds = {
        "r": "TABLE",
        "p": "TABLE",
        "f": "FOREIGN TABLE",
        "v": "VIEW",
        "m": "MATERIALIZED VIEW",
        "S": "SEQUENCE",
    }
    connection.ensure_connection()
    connection.set_autocommit(False)  # one transaction: all dropped, or none
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relkind, c.relname FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() "
                "AND c.relkind IN ('r','p','f','v','m','S') AND NOT c.relispartition"
            )
            # Tables first: their identity and serial sequences go with them.
            order = list(kinds)
            for kind, name in sorted(cursor.fetchall(), key=lambda row: order.index(row[0])):
                quoted = connection.ops.quote_name(name)
                cursor.execute(f"DROP {kinds[kind]} IF EXISTS {quoted} CASCADE")
            _drop_own_functions(connection, cursor)
        connection.commit()
    except DatabaseError as exc:
        connection.rollback()
        raise BackupError(f"Could not clear the target database ({exc}).") from exc
    finally:
        connection.set_autocommit(True)


def _drop_own_functions(connection, cursor) -> None:
    """The schema's functions that no extension owns: the archive brings them back."""
    cursor.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND p.prokind = 'f' AND NOT EXISTS ("
        "SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
    )
    for (signature,) in cursor.fetchall():
        cursor.execute(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
