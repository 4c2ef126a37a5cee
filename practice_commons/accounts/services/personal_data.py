"""Subject-access exports: a person asks for everything the platform holds about them.

The archive is gathered from every app through ``core.personal_data`` (each app's
``personal_data.py`` registers its part), so ``accounts`` imports no app above it.
A request is built by a background task (``tasks.build_personal_data_export``, queued
after commit) into private storage; the person is told by the
``signals.personal_data_export_ready`` signal (``notifications`` records the
notification). Archives are deleted ``PERSONAL_DATA_EXPORT_DAYS`` (7) days after they
were built by ``personal_data_exports_expire`` (a daily job).
"""

import contextlib
import datetime
import logging
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.core import personal_data
from practice_commons.core.errors import Conflict, NotFound, PermissionDenied

from .. import signals
from ..models import ExportStatus, PersonalDataExport, User
from .common import audit_record

logger = logging.getLogger(__name__)

IN_PROGRESS_MESSAGE = gettext_lazy(
    "Your data is already being prepared. We will tell you when it is ready to download."
)


def export_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=getattr(settings, "PERSONAL_DATA_EXPORT_DAYS", 7))


def person_summary(user: User) -> dict:
    """The archive's ``person`` key: who the archive is about."""
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "date_joined": user.date_joined,
    }


def personal_data_archive(*, user: User) -> bytes:
    """The .zip for ``user``: ``personal-data.json`` (one key per app plus
    ``generated_at``, ``format_version`` and ``person``) and ``files/<app>/…``."""
    return personal_data.archive_bytes(user, person=person_summary(user))


def personal_data_export_write(*, actor, email: str, path) -> User:
    """``manage.py export_personal_data EMAIL --output PATH``: write the archive for the
    person with ``email`` to ``path`` (mode 0600). ``NotFound`` for an unknown email."""
    user = User.objects.filter(email__iexact=(email or "").strip()).first()
    if user is None:
        raise NotFound(f"No account has the email address {email!r}.")
    content = personal_data_archive(user=user)
    personal_data.write_private_file(path, content)
    audit_record(actor=actor, action="personal_data.export_command", target=user)
    return user


def personal_data_export_request(*, actor: User) -> PersonalDataExport:
    """Ask for a copy of one's own data. One request in progress per person
    (``Conflict`` otherwise); the archive is built by a task queued after commit."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to download your data."))
    try:
        with transaction.atomic():
            if PersonalDataExport.objects.filter(user=actor, status=ExportStatus.PENDING).exists():
                raise Conflict(str(IN_PROGRESS_MESSAGE))
            export = PersonalDataExport.objects.create(user=actor)
            audit_record(actor=actor, action="personal_data.request", target=export)
    except IntegrityError as exc:  # two requests at once: the constraint keeps one
        raise Conflict(str(IN_PROGRESS_MESSAGE)) from exc
    _build_on_commit(export.pk)
    return export


def _build_on_commit(export_id: int) -> None:
    def enqueue():
        # Imported here: tasks import services, so services reach tasks only at run time.
        from ..tasks import build_personal_data_export

        try:
            build_personal_data_export.enqueue(export_id)
        except Exception:
            logger.exception("Could not queue personal data export %s", export_id)

    transaction.on_commit(enqueue)


def personal_data_export_build(*, export_id: int) -> str:
    """Build the archive of a pending request. Idempotent: a request that is no longer
    pending is left as it is. Returns the request's status."""
    export = PersonalDataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None:
        return "missing"
    if export.status != ExportStatus.PENDING:
        return export.status
    try:
        content = personal_data_archive(user=export.user)
    except Exception:
        logger.exception("Could not build personal data export %s", export_id)
        PersonalDataExport.objects.filter(pk=export_id, status=ExportStatus.PENDING).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )
        return ExportStatus.FAILED
    now = timezone.now()
    with transaction.atomic():
        export = PersonalDataExport.objects.select_for_update().get(pk=export_id)
        if export.status != ExportStatus.PENDING:
            return export.status
        export.file.save(f"{export.user_id}-{export.pk}.zip", ContentFile(content), save=False)
        _owner_only(export)
        export.status = ExportStatus.READY
        export.finished_at = now
        export.expires_at = now + export_lifetime()
        export.size = len(content)
        export.save(update_fields=["file", "status", "finished_at", "expires_at", "size"])
        audit_record(actor=None, action="personal_data.ready", target=export)
        transaction.on_commit(
            lambda: signals.personal_data_export_ready.send(
                sender=PersonalDataExport, export_id=export_id, user_id=export.user_id
            )
        )
    return ExportStatus.READY


def _owner_only(export: PersonalDataExport) -> None:
    """Mode 0600 on the stored archive, where the storage is a local file system."""
    # Object storage has no path: access is governed by the bucket, not file modes.
    with contextlib.suppress(NotImplementedError, AttributeError):
        os.chmod(export.file.path, 0o600)


def personal_data_exports_expire(*, now=None) -> int:
    """Delete the archives of requests older than their expiry (and failed requests'
    leftovers); the rows stay, marked expired, as the record of what was asked. Daily;
    idempotent. Returns how many archives were removed."""
    now = now or timezone.now()
    removed = 0
    due = PersonalDataExport.objects.filter(
        status__in=[ExportStatus.READY, ExportStatus.FAILED], expires_at__lte=now
    )
    for export in due.iterator():
        if export.file:
            export.file.delete(save=False)
        PersonalDataExport.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED, file="")
        removed += 1
    # A failed build keeps no file; let the person ask again after a day at most.
    PersonalDataExport.objects.filter(
        status=ExportStatus.PENDING, requested_at__lte=now - datetime.timedelta(days=1)
    ).update(status=ExportStatus.FAILED, finished_at=now, expires_at=now)
    return removed
