"""What an erased account leaves in the library (``core.erasure``): published items are
the community's knowledge and stay, credited to "A former member" with no contact; drafts
and items still waiting for review were only theirs and go, with their files. Their
endorsements and reflections go with the account (foreign keys)."""

from django.db import transaction

from practice_commons.core.erasure import register_eraser

from .models import ItemAttachment, ItemStatus, LibraryItem


def erase(user) -> None:
    unpublished = LibraryItem.objects.filter(created_by=user).exclude(status=ItemStatus.PUBLISHED)
    files = [a.file for a in ItemAttachment.objects.filter(item__in=unpublished) if a.file]
    unpublished.delete()
    for file in files:
        transaction.on_commit(lambda file=file: file.storage.delete(file.name))


register_eraser("library", erase)
