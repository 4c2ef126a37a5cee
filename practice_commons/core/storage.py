"""Private files: attachments, library files and CPD evidence.

They never sit where media is served: the only way to a file is its app's download view,
which checks who is asking (``core.http.private_file_response``).

* Embedded mode: a folder outside ``MEDIA_ROOT`` (``PRIVATE_MEDIA_ROOT``), so nothing that
  serves media (the DEBUG media route, a web server alias) can hand them out.
* Several web nodes: when ``settings.STORAGES`` has a ``"private"`` entry (set from
  ``AWS_STORAGE_BUCKET_NAME`` and friends, see the README), S3-compatible object storage
  under its own prefix, objects private (no public ACL); the download view streams them
  through ``storage.open`` after its permission check, and no URL to them is ever made.

``PrivateStorage`` chooses the backend on every call, not at import, because a model's
``FileField`` keeps the storage object it was given when the model class is built (and
so that tests can switch backends with ``override_settings``).
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages

PRIVATE = "private"


class PrivateFileStorage(FileSystemStorage):
    @property
    def base_location(self):
        root = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        return str(root or Path(settings.MEDIA_ROOT).parent / "private-media")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def _backend() -> Storage:
    if PRIVATE in settings.STORAGES:
        return storages[PRIVATE]
    return PrivateFileStorage()


class PrivateStorage(Storage):
    """Every operation goes to the configured private backend; ``url`` never exists."""

    def _open(self, name, mode="rb"):
        return _backend().open(name, mode)

    def _save(self, name, content):
        return _backend()._save(name, content)

    def get_available_name(self, name, max_length=None):
        return _backend().get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return _backend().generate_filename(filename)

    def delete(self, name):
        return _backend().delete(name)

    def exists(self, name):
        return _backend().exists(name)

    def listdir(self, path):
        return _backend().listdir(path)

    def size(self, name):
        return _backend().size(name)

    def path(self, name):
        return _backend().path(name)

    def get_modified_time(self, name):
        return _backend().get_modified_time(name)

    def url(self, name):
        raise ValueError("Private files have no public URL: use the download view.")


def private_storage() -> PrivateStorage:
    """The storage for a ``FileField`` (a callable, so migrations name it, not its root)."""
    return PrivateStorage()
