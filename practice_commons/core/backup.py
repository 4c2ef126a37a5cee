"""Backup and restore: one archive of the database and every uploaded file.

``create_backup(path)`` writes a ``.tar.gz`` (mode 0600: it holds personal data) with

- ``database.sqlite3`` (SQLite's online backup API, safe while the app runs) or
  ``database.pgdump`` (``pg_dump --format=custom``);
- ``media/public/...`` (the ``default`` storage, ``MEDIA_ROOT``) and ``media/private/...``
  (the private attachments storage, ``PRIVATE_MEDIA_ROOT``), read and written through the
  storage API so another backend works the same;
- ``manifest.json`` (last): format version, UTC creation time, database vendor, the latest
  applied migration of each app, and every other member's size and SHA-256.

``restore_backup(path)`` checks everything before it touches anything: every checksum,
the vendor, migrations the code does not know, an empty target database and no clashing
file. Only then does it load the database (SQLite's backup API into the configured
database; ``pg_restore --no-owner --exit-on-error --single-transaction``) and the files.
``force=True`` replaces a database that holds rows and overwrites clashing files.

Core imports no app: the storages come from settings and ``core.storage``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import sqlite3
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import django
from django.core.files import File
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .backup_postgres import BackupError, pg_drop_everything, pg_dump, pg_restore, pg_tool
from .storage import private_storage

FORMAT = "practice-commons-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Rows that ``migrate`` (or ``flush``) writes by itself: a database holding only these is empty.
BOOKKEEPING_TABLES = frozenset(
    {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}
)
CHUNK = 1024 * 1024


@dataclass
class BackupResult:
    path: Path
    size: int
    vendor: str
    files: int
    files_bytes: int
    tables: dict[str, int] = field(default_factory=dict)


@dataclass
class RestoreResult:
    vendor: str
    created_at: str
    files: int
    files_skipped: int
    tables: dict[str, int]
    migrate_needed: list[str]


def file_storages() -> dict[str, object]:
    """The storages whose files a backup holds, by their folder under ``media/``."""
    return {"public": storages["default"], "private": private_storage()}


# --- Backup ---------------------------------------------------------------------------


def create_backup(path, *, using=DEFAULT_DB_ALIAS) -> BackupResult:
    """Write one archive of the database ``using`` and every stored file to ``path``."""
    path = Path(path)
    if path.exists():
        raise BackupError(
            f"{path} already exists: choose a new file name (a backup never overwrites one)."
        )
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist: create it first.")
    connection = _connection(using)
    vendor = _supported_vendor(connection)
    with tempfile.TemporaryDirectory(prefix="pc-backup-") as tmp:
        staged = Path(tmp) / DATABASE_MEMBER[vendor]
        if vendor == "sqlite":
            _sqlite_copy(connection, staged)
            migrations = _sqlite_latest_migrations(staged)
            tables = _sqlite_row_counts(staged)
        else:
            migrations = _latest_migrations(connection)
            pg_dump(connection, staged)
            tables = {}
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise BackupError(f"Cannot create {path}: {exc.strerror}.") from exc
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                entries = [_add_local_file(tar, staged, staged.name)]
                media = _add_media(tar)
                entries += media
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": datetime.now(UTC)
                    .isoformat(timespec="seconds")
                    .replace("+00:00", "Z"),
                    "django": django.get_version(),
                    "database": {"vendor": vendor, "file": staged.name},
                    "migrations": migrations,
                    "tables": tables,
                    "files": entries,
                }
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    return BackupResult(
        path=path,
        size=path.stat().st_size,
        vendor=vendor,
        files=len(media),
        files_bytes=sum(entry["size"] for entry in media),
        tables=tables,
    )


def _connection(using):
    """An alias from ``DATABASES``, or a connection wrapper made for a one-off target."""
    return connections[using] if isinstance(using, str) else using


def _supported_vendor(connection) -> str:
    if connection.vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


class _HashingReader:
    """A file wrapper that hashes and counts what tar reads through it."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.fileobj.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _tarinfo(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(time.time())
    return info


def _add_stream(tar, name: str, fileobj, size: int) -> dict:
    reader = _HashingReader(fileobj)
    tar.addfile(_tarinfo(name, size), reader)
    return {"path": name, "size": reader.size, "sha256": reader.sha256.hexdigest()}


def _add_local_file(tar, source: Path, name: str) -> dict:
    with source.open("rb") as fileobj:
        return _add_stream(tar, name, fileobj, source.stat().st_size)


def _add_bytes(tar, name: str, data: bytes) -> None:
    tar.addfile(_tarinfo(name, len(data)), io.BytesIO(data))


def _walk(storage, folder: str = ""):
    """Every file name in ``storage`` (sorted), through ``listdir`` so any backend works."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(dirs):
        yield from _walk(storage, posixpath.join(folder, name) if folder else name)


def _add_media(tar) -> list[dict]:
    entries = []
    for key, storage in file_storages().items():
        for name in _walk(storage):
            size = storage.size(name)
            try:
                with storage.open(name, "rb") as fileobj:
                    entries.append(_add_stream(tar, f"media/{key}/{name}", fileobj, size))
            except (OSError, tarfile.TarError) as exc:
                raise BackupError(
                    f"Could not read {key} file {name} ({exc}); was it changed or removed "
                    "during the backup? Run the backup again."
                ) from exc
    return entries


def _sqlite_copy(connection, staged: Path) -> None:
    """Copy the live database page by page (consistent, writers carry on in WAL mode)."""
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a database transaction.")
    connection.ensure_connection()
    target = sqlite3.connect(staged)
    try:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the archive
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not copy the database: {exc}.") from exc
    finally:
        target.close()


def _sqlite_query(database: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _latest(applied) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in applied:
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _sqlite_latest_migrations(database: Path) -> dict[str, str]:
    try:
        return _latest(_sqlite_query(database, "SELECT app, name FROM django_migrations"))
    except sqlite3.OperationalError:  # never migrated
        return {}


def _sqlite_row_counts(database: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return {
            name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in _sqlite_tables(conn)
        }
    finally:
        conn.close()


def _sqlite_tables(conn) -> list[str]:
    """Tables and virtual tables of the main schema (FTS shadow tables left out)."""
    rows = conn.execute("PRAGMA main.table_list").fetchall()
    return sorted(
        row[1]
        for row in rows
        if row[0] == "main" and row[2] in ("table", "virtual") and not row[1].startswith("sqlite_")
    )


def _latest_migrations(connection) -> dict[str, str]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    return _latest(recorder.applied_migrations())


# --- Restore ---------------------------------------------------------------------------


def read_manifest(workdir: Path, archive: Path) -> dict:
    """Extract ``archive`` into ``workdir`` and check every member against the manifest."""
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist or is not a file.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                pure = PurePosixPath(member.name)
                if (
                    not (member.isfile() or member.isdir())
                    or pure.is_absolute()
                    or ".." in pure.parts
                ):
                    raise BackupError(
                        f"{archive} holds an unexpected entry ({member.name!r}); nothing restored."
                    )
            tar.extractall(workdir, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(
            f"{archive} is not a readable backup archive ({exc}); nothing was restored."
        ) from exc
    try:
        manifest = json.loads((workdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(
            f"{archive} has no readable {MANIFEST}: it is not a Practice Commons backup."
        ) from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive} is not a Practice Commons backup of format version {FORMAT_VERSION} "
            f"(found {manifest.get('format')!r} version {manifest.get('format_version')!r})."
        )
    try:
        entries = [(e["path"], int(e["size"]), str(e["sha256"])) for e in manifest["files"]]
        manifest["created_at"], manifest["database"]["vendor"], manifest["database"]["file"]
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(f"The manifest of {archive} is incomplete ({exc!r}).") from exc
    listed = set()
    for name, size, sha256 in entries:
        listed.add(name)
        local = workdir / name
        if not local.is_file():
            raise BackupError(
                f"{name} is in the manifest but missing from the archive; nothing was restored."
            )
        if local.stat().st_size != size or _sha256(local) != sha256:
            raise BackupError(
                f"Checksum mismatch for {name}: the archive was changed or damaged since it "
                "was written; nothing was restored."
            )
    present = {p.relative_to(workdir).as_posix() for p in workdir.rglob("*") if p.is_file()}
    unlisted = sorted(present - listed - {MANIFEST})
    if unlisted:
        raise BackupError(
            f"{unlisted[0]} is in the archive but not in its manifest; nothing was restored."
        )
    if manifest["database"]["file"] not in listed:
        raise BackupError("The archive holds no database file; nothing was restored.")
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fileobj:
        while chunk := fileobj.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _storage_sha256(storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as fileobj:
        while chunk := fileobj.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def tables_with_rows(connection) -> dict[str, int]:
    """Tables of ``connection`` that hold rows, bookkeeping that ``migrate`` writes aside."""
    counts = row_counts(connection)
    return {name: rows for name, rows in counts.items() if rows and name not in BOOKKEEPING_TABLES}


def row_counts(connection) -> dict[str, int]:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        names = _sqlite_tables(connection.connection)
    else:
        with connection.cursor() as cursor:
            names = sorted(connection.introspection.table_names(cursor))
    counts = {}
    with connection.cursor() as cursor:
        for name in names:
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 - a quoted table name
            counts[name] = cursor.fetchone()[0]
    return counts


def _check_migrations(manifest: dict) -> list[str]:
    """Refuse an archive from newer code; name the apps that ``migrate`` must bring forward."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = [
        f"{app}.{name}"
        for app, name in manifest.get("migrations", {}).items()
        if (app, name) not in loader.disk_migrations
    ]
    if unknown:
        raise BackupError(
            "The archive was made by a newer version of Practice Commons (migrations this code "
            f"does not have: {', '.join(unknown)}). Restore it with that version or later; "
            "nothing was restored."
        )
    behind = []
    for app in sorted(loader.migrated_apps):
        leaves = {name for leaf_app, name in loader.graph.leaf_nodes(app) if leaf_app == app}
        if leaves and manifest.get("migrations", {}).get(app) not in leaves:
            behind.append(app)
    return behind


def _media_plan(manifest: dict, workdir: Path, force: bool) -> tuple[list, int]:
    """The files to write as (storage, name, local path); identical files already there skip."""
    known = file_storages()
    plan, skipped, clashes = [], 0, []
    for entry in manifest["files"]:
        parts = PurePosixPath(entry["path"]).parts
        if parts[0] != "media":
            continue
        if len(parts) < 3 or parts[1] not in known:
            raise BackupError(
                f"{entry['path']} belongs to no storage this site has; nothing was restored."
            )
        storage, name = known[parts[1]], "/".join(parts[2:])
        if storage.exists(name):
            if _storage_sha256(storage, name) == entry["sha256"]:
                skipped += 1
                continue
            clashes.append(f"{parts[1]}/{name}")
        plan.append((storage, name, workdir / entry["path"]))
    if clashes and not force:
        raise BackupError(
            f"{len(clashes)} file(s) already exist with different content (first: {clashes[0]}); "
            "restore into empty storage, or pass --force to overwrite them. Nothing was restored."
        )
    return plan, skipped


def restore_backup(path, *, force: bool = False, using=DEFAULT_DB_ALIAS) -> RestoreResult:
    """Load the archive at ``path`` into the (empty) database ``using`` and the storages."""
    archive = Path(path)
    connection = _connection(using)
    vendor = _supported_vendor(connection)
    with tempfile.TemporaryDirectory(prefix="pc-restore-") as tmp:
        workdir = Path(tmp)
        manifest = read_manifest(workdir, archive)
        archived = manifest["database"]["vendor"]
        if archived != vendor:
            archived = VENDOR_NAMES.get(archived, archived)
            raise BackupError(
                f"This archive holds a {archived} database and this site uses "
                f"{VENDOR_NAMES[vendor]}: restore it into a {archived} database "
                "(DATABASE_URL). Nothing was restored."
            )
        migrate_needed = _check_migrations(manifest)
        if vendor == "postgresql":
            pg_tool("pg_restore")
        if connection.in_atomic_block:
            raise BackupError("A restore cannot run inside a database transaction.")
        occupied = tables_with_rows(connection)
        if occupied and not force:
            listing = ", ".join(f"{name} ({rows})" for name, rows in list(occupied.items())[:5])
            raise BackupError(
                f"The target database is not empty: {len(occupied)} table(s) hold rows ({listing}"
                f"{', …' if len(occupied) > 5 else ''}). Restore into a new, empty database "
                "(do not run migrate first), or pass --force to DELETE everything in it and "
                "replace it with the archive. Nothing was restored."
            )
        plan, skipped = _media_plan(manifest, workdir, force)
        staged = workdir / manifest["database"]["file"]
        if vendor == "sqlite":
            _sqlite_load(connection, staged)
        else:
            pg_drop_everything(connection)
            pg_restore(connection, staged)
        connection.close()
        for storage, name, local in plan:
            if storage.exists(name):
                storage.delete(name)
            with local.open("rb") as fileobj:
                saved = storage.save(name, File(fileobj, name=name))
            if saved != name:
                raise BackupError(
                    f"The storage saved {name} as {saved}; check the storage settings."
                )
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    return RestoreResult(
        vendor=vendor,
        created_at=manifest["created_at"],
        files=len(plan),
        files_skipped=skipped,
        tables=row_counts(connection),
        migrate_needed=migrate_needed,
    )


def _sqlite_load(connection, staged: Path) -> None:
    """Replace the whole database, schema included, with the archived copy."""
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    except sqlite3.Error as exc:
        raise BackupError(
            f"SQLite could not write the database ({exc}); stop the app and its worker, "
            "then try again."
        ) from exc
    finally:
        source.close()
