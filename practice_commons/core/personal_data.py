"""Subject-access exports: a registry of parts that each app fills for one person.

``core`` may not import the apps above it, so "everything the platform holds about a
person" is gathered from exporters the apps register, the way the home page is drawn
from blocks (``core.home``). Each app that holds personal data adds a
``personal_data.py`` module that calls :func:`register_exporter` at import time;
:func:`discover_exporters` imports those modules once
(``django.utils.module_loading.autodiscover_modules``)::

    # practice_commons/cpd/personal_data.py
    from practice_commons.core.personal_data import Part, register_exporter, rows

    def export(user) -> Part:
        records = CpdRecord.objects.filter(user=user)
        return Part(
            data={"records": rows(records, "title", "date", "hours")},
            files=[(f"cpd/{e.file_name}", e.file) for e in evidence],
        )

    register_exporter("cpd", export, covers=["cpd.CpdRecord", "cpd.Evidence"])

What must stay true:

- An exporter takes ONE person and returns data about that person only (JSON values:
  dicts, lists, strings, numbers, booleans, ``None``; dates, datetimes, decimals and
  UUIDs are turned into strings by :func:`json_value`), or a :class:`Part` with files.
- Never another person's private content: other people appear at most by the name the
  person is shown in the product (``display_name``), never by email or anything they
  wrote that this person could not read.
- Never secrets: token digests, MFA secrets, passwords, signing keys.
- ``covers`` names the models (``app_label.ModelName``) the exporter reads; a test walks
  every model with a foreign key to the user model and fails when none covers it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import os
import uuid
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

FORMAT_VERSION = 1
JSON_NAME = "personal-data.json"
FILES_DIR = "files"


@dataclass
class Part:
    """One app's contribution: JSON-serialisable ``data`` and optional files, each an
    (archive name, file) pair; the file is anything with ``open("rb")`` (a Django
    ``FieldFile``) or ``read()``. Archive names are placed under ``files/<key>/``."""

    data: Any
    files: list[tuple[str, Any]] = field(default_factory=list)


Exporter = Callable[[object], "Part | Any"]


@dataclass(frozen=True)
class ExporterSpec:
    key: str
    exporter: Exporter
    covers: tuple[str, ...]


_registry: dict[str, ExporterSpec] = {}
_discovered = False


def register_exporter(key: str, exporter: Exporter, *, covers: Iterable[str] = ()):
    """Add (or replace, so re-importing is harmless) the part called ``key``: the
    top-level key of ``personal-data.json``."""
    if key in {"generated_at", "format_version", "person"}:
        raise ValueError(f"{key!r} is reserved in the archive")
    spec = ExporterSpec(key=key, exporter=exporter, covers=tuple(covers))
    _registry[key] = spec
    return spec


def unregister_exporter(key: str) -> None:
    _registry.pop(key, None)


def discover_exporters() -> None:
    """Import every installed app's ``personal_data`` module, once per process."""
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True


def registered_exporters() -> list[ExporterSpec]:
    discover_exporters()
    return sorted(_registry.values(), key=lambda s: s.key)


def covered_models() -> set[str]:
    """Every model label some exporter says it reads."""
    return {label for spec in registered_exporters() for label in spec.covers}


# --- JSON values ----------------------------------------------------------------------


def json_value(value):
    """``value`` as plain JSON: datetimes in UTC ISO 8601, dates ISO, decimals and UUIDs
    as strings; lists, tuples, sets and dicts walked."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def rows(queryset, *fields: str, **computed: Callable[[object], Any]) -> list[dict]:
    """One dict per object: the named attributes (``"a__b"`` follows relations, ``None``
    on the way stays ``None``) and ``computed`` values (name → function of the object)."""
    found = []
    for obj in queryset:
        row = {}
        for name in fields:
            value = obj
            for part in name.split("__"):
                value = None if value is None else getattr(value, part)
            row[name] = json_value(value)
        for name, fn in computed.items():
            row[name] = json_value(fn(obj))
        found.append(row)
    return found


# --- The archive ----------------------------------------------------------------------


@dataclass
class Collected:
    data: dict
    files: list[tuple[str, Any]]


def collect(user, *, person: dict | None = None) -> Collected:
    """Every registered part for ``user``: ``data`` is what ``personal-data.json``
    holds, ``files`` the (archive name, file) pairs to add under ``files/``."""
    data: dict = {
        "format_version": FORMAT_VERSION,
        "generated_at": json_value(timezone.now()),
        "person": json_value(person or {"id": user.pk, "email": user.email}),
    }
    files: list[tuple[str, Any]] = []
    for spec in registered_exporters():
        part = spec.exporter(user)
        if not isinstance(part, Part):
            part = Part(data=part)
        data[spec.key] = json_value(part.data)
        for name, file in part.files:
            files.append((_archive_name(spec.key, name), file))
    return Collected(data=data, files=files)


def _archive_name(key: str, name: str) -> str:
    """``files/<key>/<name>``, with no way out of that folder (no ``..``, no absolute
    path) and unique names left to the exporter."""
    parts = [
        p for p in PurePosixPath(str(name).replace("\\", "/")).parts if p not in ("/", "..", ".")
    ]
    return "/".join([FILES_DIR, key, *(parts or ["file"])])


def _file_bytes(file) -> bytes | None:
    """The file's content, or ``None`` when it is missing from storage (a deleted
    upload is not a reason to fail the whole export)."""
    try:
        if hasattr(file, "open"):
            with file.open("rb") as handle:
                return handle.read()
        return file.read()
    except (FileNotFoundError, OSError, ValueError):
        return None


def write_archive(collected: Collected, target) -> list[str]:
    """Write the .zip to ``target`` (a binary file object). Returns the names of files
    that could not be read (listed in the JSON under ``missing_files``)."""
    missing = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        seen = set()
        for name, file in collected.files:
            content = _file_bytes(file)
            if content is None:
                missing.append(name)
                continue
            unique, n = name, 1
            while unique in seen:
                n += 1
                stem, dot, ext = name.rpartition(".")
                unique = f"{stem}-{n}.{ext}" if dot else f"{name}-{n}"
            seen.add(unique)
            archive.writestr(unique, content)
        data = dict(collected.data)
        if missing:
            data["missing_files"] = missing
        archive.writestr(JSON_NAME, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False))
    return missing


def archive_bytes(user, *, person: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    write_archive(collect(user, person=person), buffer)
    return buffer.getvalue()


def write_private_file(path, content: bytes) -> None:
    """Write ``content`` to ``path`` readable by its owner only (mode 0600), whatever
    the umask; an existing file is replaced."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            fd = None
            handle.write(content)
    finally:
        if fd is not None:
            os.close(fd)
