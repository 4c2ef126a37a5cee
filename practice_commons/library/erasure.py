"""What an erased account leaves in the library (``core.erasure``): published items are
the community's knowledge and stay, credited to "A former member" with no contact; drafts
and items still waiting for review were only theirs and go, with their files. Their
endorsements and reflections go with the account (foreign keys)."""

from practice_commons.core.erasure import delete_files_after_commit, register_eraser

from .models import ItemAttachment, ItemStatus, LibraryItem


def erase(user) -> None:
    unpublished = LibraryItem.objects.filter(created_by=user).exclude(status=ItemStatus.PUBLISHED)
    files = [a.file for a in ItemAttachment.objects.filter(item__in=unpublished)]
    unpublished.delete()
    delete_files_after_commit(files)


register_eraser("library", erase)
