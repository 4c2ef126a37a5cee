"""Private files: attachments, library files and CPD evidence.

They live outside ``MEDIA_ROOT`` (in ``PRIVATE_MEDIA_ROOT``), so nothing that serves media
(the DEBUG media route, a web server alias) can hand them out: the only way to a file is
its app's download view, which checks who is asking. The root is read from settings on
each use, so tests can point it at a temporary folder.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


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

    def url(self, name):
        raise ValueError("Private files have no public URL: use the download view.")


def private_storage() -> PrivateFileStorage:
    """The storage for a ``FileField`` (a callable, so migrations name it, not its root)."""
    return PrivateFileStorage()
