"""Facts about the signed-in person (``core.facts``): whether they have checked in this
month. It asks only whether an answer of theirs exists, never what it says."""

from django.db.models import Exists

from practice_commons.core.facts import register_fact

from . import periods
from .models import Kind, Response
from .pseudonym import subject_key


def checked_in_this_month(user_id: int):
    month = periods.month_start(periods.today())
    return Exists(
        Response.objects.filter(subject=subject_key(user_id), kind=Kind.CHECKIN, month=month)
    )


register_fact("checked_in_this_month", checked_in_this_month)
