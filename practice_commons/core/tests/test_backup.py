"""``manage.py backup`` and ``manage.py restore``: a full round trip compares every row of
every table and every stored file byte for byte.

On SQLite the test database is in memory; the backup API copies it like a file, and the
restore writes back into the same connection after the test has dropped every table. On
PostgreSQL the archive is restored into a fresh database created for the test. The data
comes from ``seed_demo`` (people, communities, threads and posts, event registrations, CPD
records, wellbeing check-ins…) plus a public file and a private attachment; core may not
import the apps, so models are reached through the app registry.
"""

import io
import json
import os
import shutil
import sqlite3
import stat
import tarfile
import uuid

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.utils import load_backend

from practice_commons.core import backup
from practice_commons.core.backup import BackupError, file_storages, row_counts, tables_with_rows
from practice_commons.core.backup_postgres import _pg_connection_args, pg_tool

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_BYTES = bytes(range(256)) * 40
PRIVATE_BYTES = b"%PDF-1.4\n" + os.urandom(5000)


@pytest.fixture
def storage_roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def schema_back():
    """If a test fails between dropping the tables and restoring, migrate again so the
    tests after it still have a database."""
    yield
    if "django_migrations" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)


@pytest.fixture
def world(storage_roots):
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
    model = apps.get_model
    for label in (
        "accounts.User",
        "communities.Community",
        "discussions.Thread",
        "discussions.Post",
        "events.Registration",
        "cpd.CPDRecord",
        "wellbeing.Response",
    ):
        assert model(label).objects.exists(), f"seed_demo made no {label}"
    public = file_storages()["public"].save("avatars/portrait.png", ContentFile(PUBLIC_BYTES))
    post = model("discussions.Post").objects.order_by("pk").first()
    attachment = model("discussions.Attachment").objects.create(
        post=post,
        uploaded_by=post.author,
        file=ContentFile(PRIVATE_BYTES, name="minutes.pdf"),
        original_name="minutes.pdf",
        content_type="application/pdf",
        size=len(PRIVATE_BYTES),
    )
    return {"public": public, "private": attachment.file.name}


def full_dump(conn=connection) -> dict[str, list]:
    """Every row of every table (FTS indexes included), in a stable order."""
    dump = {}
    with conn.cursor() as cursor:
        for table in row_counts(conn):
            cursor.execute(f"SELECT * FROM {conn.ops.quote_name(table)}")  # noqa: S608
            dump[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return dump


def model_dump() -> dict[str, list]:
    """For each model, every field value ordered by pk (through the ORM)."""
    dump = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = [field.attname for field in model._meta.concrete_fields]
        rows = model._base_manager.order_by("pk").values_list(*fields)
        dump[model._meta.label] = list(rows)
    return dump


def files_dump() -> dict[str, dict[str, bytes]]:
    found = {}
    for key, storage in file_storages().items():
        found[key] = {}
        for name in backup._walk(storage):
            with storage.open(name, "rb") as fileobj:
                found[key][name] = fileobj.read()
    return found


def drop_everything():
    """Leave the database with no tables at all (SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
        for table in backup._sqlite_tables(connection.connection):
            cursor.execute(f'DROP TABLE IF EXISTS "{table}"')
        cursor.execute("SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger')")
        for kind, name in cursor.fetchall():
            cursor.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
        cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def delete_media(storage_roots):
    for root in storage_roots:
        shutil.rmtree(root, ignore_errors=True)


def rewrite_archive(source, target, change):
    """Copy an archive member by member; ``change(name, data)`` returns (name, data)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            name, data = change(member.name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def read_manifest(path):
    with tarfile.open(path, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def skip_unless(vendor):
    if connection.vendor != vendor:
        reason = f"this test needs {vendor}; this run uses {connection.vendor}."
        if vendor == "postgresql":
            reason += " Set DATABASE_URL=postgres://… to run it."
        print(f"\nSKIPPED: {reason}")
        pytest.skip(reason)


def test_round_trip_restores_every_row_and_every_file(world, storage_roots, tmp_path, schema_back):
    skip_unless("sqlite")
    rows, models, files = full_dump(), model_dump(), files_dump()
    assert files["public"][world["public"]] == PUBLIC_BYTES
    assert files["private"][world["private"]] == PRIVATE_BYTES
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()

    call_command("backup", str(archive), stdout=out)

    assert "Wrote" in out.getvalue() and "store it encrypted" in out.getvalue()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    manifest = read_manifest(archive)
    assert manifest["format_version"] == 1 and manifest["created_at"].endswith("Z")
    assert manifest["database"] == {"vendor": "sqlite", "file": "database.sqlite3"}
    applied = dict.fromkeys(app for app, _ in row_counts_migrations())
    assert set(manifest["migrations"]) == set(applied)
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == {
        "database.sqlite3",
        f"media/public/{world['public']}",
        f"media/private/{world['private']}",
    }
    assert listed[f"media/public/{world['public']}"]["size"] == len(PUBLIC_BYTES)

    drop_everything()
    delete_media(storage_roots)
    assert files_dump() == {"public": {}, "private": {}}

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert "Restored the sqlite database" in out.getvalue()
    assert full_dump() == rows
    assert model_dump() == models
    assert files_dump() == files


def row_counts_migrations():
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        return cursor.fetchall()


def test_restore_into_a_flushed_database_and_with_force(world, storage_roots, tmp_path):
    skip_unless("sqlite")
    rows, files = full_dump(), files_dump()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    call_command("flush", "--no-input", verbosity=0)  # tables stay; only bookkeeping rows
    delete_media(storage_roots)
    assert tables_with_rows(connection) == {}
    call_command("restore", str(archive), stdout=io.StringIO())
    assert full_dump() == rows and files_dump() == files

    # Not empty now: refused, unless --force replaces it (identical files are kept).
    community = apps.get_model("communities.Community").objects.order_by("pk").first()
    type(community).objects.filter(pk=community.pk).update(name="Renamed after the backup")
    changed = full_dump()
    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert full_dump() == changed
    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert full_dump() == rows and files_dump() == files
    assert "identical file(s) were already there" in out.getvalue()


def test_restore_refuses_a_database_with_rows_and_changes_nothing(world, storage_roots, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    file_storages()["private"].delete(world["private"])
    rows, files = full_dump(), files_dump()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), stdout=io.StringIO())

    message = str(refused.value)
    assert "The target database is not empty" in message and "table(s) hold rows" in message
    assert "Nothing was restored" in message
    assert full_dump() == rows and files_dump() == files


def test_restore_refuses_clashing_files_without_force(world, storage_roots, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    call_command("flush", "--no-input", verbosity=0)
    storage = file_storages()["public"]
    storage.delete(world["public"])
    storage.save(world["public"], ContentFile(b"someone else's file"))
    rows, files = full_dump(), files_dump()

    with pytest.raises(CommandError, match="already exist with different content"):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert full_dump() == rows and files_dump() == files


def test_tampered_archive_is_refused_and_changes_nothing(world, storage_roots, tmp_path):
    archive, tampered = tmp_path / "backup.tar.gz", tmp_path / "tampered.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    target = f"media/private/{world['private']}"

    def flip_one_byte(name, data):
        if name == target:
            data = data[:-1] + bytes([data[-1] ^ 1])  # same size, different content
        return name, data

    rewrite_archive(archive, tampered, flip_one_byte)
    call_command("flush", "--no-input", verbosity=0)
    delete_media(storage_roots)
    rows = full_dump()

    with pytest.raises(CommandError, match=f"Checksum mismatch for {target}.*nothing was restored"):
        call_command("restore", str(tampered), stdout=io.StringIO())

    assert full_dump() == rows
    assert files_dump() == {"public": {}, "private": {}}


def test_unreadable_or_foreign_archives_are_refused(world, tmp_path):
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_bytes(b"just some text")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(not_an_archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), stdout=io.StringIO())

    archive, extra = tmp_path / "backup.tar.gz", tmp_path / "extra.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive, "r:gz") as old, tarfile.open(extra, "w:gz") as new:
        for member in old.getmembers():
            new.addfile(member, old.extractfile(member))
        info = tarfile.TarInfo("media/public/smuggled.html")
        info.size = 3
        new.addfile(info, io.BytesIO(b"<p>"))
    with pytest.raises(CommandError, match="not in its manifest"):
        call_command("restore", str(extra), stdout=io.StringIO())


def test_vendor_mismatch_is_refused(world, storage_roots, tmp_path):
    archive, foreign = tmp_path / "backup.tar.gz", tmp_path / "foreign.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    other_file = backup.DATABASE_MEMBER[other]
    own_file = backup.DATABASE_MEMBER[connection.vendor]

    def relabel(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["database"] = {"vendor": other, "file": other_file}
            for entry in manifest["files"]:
                if entry["path"] == own_file:
                    entry["path"] = other_file
            return name, json.dumps(manifest).encode()
        return (other_file if name == own_file else name), data

    rewrite_archive(archive, foreign, relabel)
    call_command("flush", "--no-input", verbosity=0)
    delete_media(storage_roots)
    rows = full_dump()
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(foreign), stdout=io.StringIO())

    assert f"holds a {names[other]} database and this site uses {names[connection.vendor]}" in str(
        refused.value
    )
    assert full_dump() == rows
    assert files_dump() == {"public": {}, "private": {}}


def test_archive_from_newer_code_is_refused(world, tmp_path):
    archive, newer = tmp_path / "backup.tar.gz", tmp_path / "newer.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    def from_the_future(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["migrations"]["accounts"] = "9999_not_written_yet"
            data = json.dumps(manifest).encode()
        return name, data

    rewrite_archive(archive, newer, from_the_future)
    call_command("flush", "--no-input", verbosity=0)
    with pytest.raises(CommandError, match=r"newer version.*accounts\.9999_not_written_yet"):
        call_command("restore", str(newer), stdout=io.StringIO())
    assert tables_with_rows(connection) == {}


def test_backup_never_overwrites_a_file(storage_roots, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    archive.write_bytes(b"yesterday's backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.read_bytes() == b"yesterday's backup"
    with pytest.raises(CommandError, match="does not exist: create it first"):
        call_command("backup", str(tmp_path / "nowhere" / "b.tar.gz"), stdout=io.StringIO())


@pytest.fixture
def other_database():
    """A connection to another database, made for the test (not an alias in settings, so
    the test case's database guard lets it through); closed afterwards."""
    made = []

    def connect(**overrides):
        settings_dict = {**connection.settings_dict, **overrides}
        wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(
            settings_dict, alias="other"
        )
        made.append(wrapper)
        return wrapper

    yield connect
    for wrapper in made:
        wrapper.close()


def test_sqlite_backup_is_online_while_another_connection_writes(
    storage_roots, tmp_path, other_database
):
    """A file database in WAL mode, as the app runs it: a writer holds an open transaction
    while the backup runs; the archive has exactly the committed rows and the writer
    carries on."""
    skip_unless("sqlite")
    database = tmp_path / "live.sqlite3"
    setup = sqlite3.connect(database)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    setup.executemany("INSERT INTO note (body) VALUES (?)", [("committed",)] * 50)
    setup.commit()
    setup.close()
    live = other_database(NAME=str(database))
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO note (body) VALUES ('not yet committed')")

    result = backup.create_backup(tmp_path / "live.tar.gz", using=live)

    writer.execute("INSERT INTO note (body) VALUES ('still writing')")
    writer.execute("COMMIT")
    writer.close()
    assert result.tables == {"note": 50}
    with tarfile.open(result.path, "r:gz") as tar:
        tar.extract("database.sqlite3", tmp_path / "out", filter="data")
    copy = sqlite3.connect(tmp_path / "out" / "database.sqlite3")
    assert copy.execute("SELECT DISTINCT body FROM note").fetchall() == [("committed",)]
    copy.close()


def test_postgres_tools_get_an_argument_list_and_the_password_by_environment(monkeypatch):
    args, env = _pg_connection_args(
        {
            "HOST": "db.internal",
            "PORT": 5433,
            "USER": "pc",
            "PASSWORD": "s3cret; rm -rf /",
            "NAME": "practice",
            "OPTIONS": {"sslmode": "require"},
        }
    )
    assert args == [
        "--no-password",
        "--host",
        "db.internal",
        "--port",
        "5433",
        "--username",
        "pc",
        "--dbname",
        "practice",
    ]
    assert env["PGPASSWORD"] == "s3cret; rm -rf /" and env["PGSSLMODE"] == "require"
    assert not any("s3cret" in arg for arg in args)

    monkeypatch.setenv("PATH", "")
    with pytest.raises(BackupError, match="pg_dump was not found on PATH: install"):
        pg_tool("pg_dump")


@pytest.mark.postgres
def test_postgres_round_trip_into_a_fresh_database(world, storage_roots, tmp_path, other_database):
    skip_unless("postgresql")
    for tool in ("pg_dump", "pg_restore"):
        if not shutil.which(tool):
            print(f"\nSKIPPED: {tool} is not installed")
            pytest.skip(f"{tool} is not installed")
    rows, files = full_dump(), files_dump()
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "postgresql database" in out.getvalue()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert read_manifest(archive)["database"] == {"vendor": "postgresql", "file": "database.pgdump"}
    delete_media(storage_roots)

    name = f"pc_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    target = other_database(NAME=name)
    try:
        assert row_counts(target) == {}
        result = backup.restore_backup(archive, using=target)
        assert result.files == 2 and result.vendor == "postgresql"
        assert full_dump(target) == rows
        assert files_dump() == files

        # Restored once, the new database is no longer empty: refused, nothing changed.
        with pytest.raises(BackupError, match="not empty"):
            backup.restore_backup(archive, using=target)
        assert full_dump(target) == rows
        # --force replaces it, in one transaction, with the same rows.
        backup.restore_backup(archive, using=target, force=True)
        assert full_dump(target) == rows
    finally:
        target.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
