"""Answers have no foreign key to their person (that is the point), so nothing cascades
when an account is deleted. This receiver is that cascade: deleting a ``User`` deletes
every answer under their pseudonymous key, in the same transaction."""

from .models import Response
from .pseudonym import subject_key


def delete_answers_of_deleted_user(sender, instance, **kwargs):
    if instance.pk is not None:
        Response.objects.filter(subject=subject_key(instance.pk)).delete()
