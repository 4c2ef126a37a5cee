"""What an erased account leaves of its CPD (``core.erasure``): nothing. The records and
their evidence rows go with the account (foreign keys); the evidence files, which no
foreign key reaches, are deleted from storage once the erasure commits."""

from practice_commons.core.erasure import delete_files_after_commit, register_eraser

from .models import Evidence


def erase(user) -> None:
    delete_files_after_commit(
        [e.file for e in Evidence.objects.filter(record__user=user).exclude(file="")]
    )


register_eraser("cpd", erase)
