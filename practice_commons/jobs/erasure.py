"""What an erased account leaves in jobs (``core.erasure``): a listing belongs to its
organisation and stays, but no longer gives the person's own address to apply to."""

from practice_commons.core.erasure import register_eraser

from .models import Job


def erase(user) -> None:
    Job.objects.filter(apply_email__iexact=user.email).update(apply_email="")


register_eraser("jobs", erase)
