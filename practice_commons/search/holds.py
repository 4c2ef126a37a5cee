# ruff: noqa: S608 - table names, content type ids and kinds come from the models; no
# user input reaches this SQL.
"""Safeguarding holds as SQL on the index table, for ``selectors.permission_where``."""

from django.contrib.contenttypes.models import ContentType

from practice_commons.collaboration.models import Opportunity
from practice_commons.discussions.models import Post, Thread
from practice_commons.events.models import Event
from practice_commons.jobs.models import Job
from practice_commons.library.models import LibraryItem
from practice_commons.safeguarding.selectors import hidden_ids

from .models import Kind, SearchDocument

LIBRARY_KINDS = (Kind.SOLUTION, Kind.PRACTICE_EXAMPLE, Kind.RESOURCE)


def held_sql() -> tuple[str, list]:
    """Rows under a safeguarding hold (``safeguarding.selectors.hidden_ids``' table and
    rule), as SQL on the index table: a held thread or its held opening post, a held
    reply or the thread it is in, a held library item, event, opportunity or job. Each
    list of held ids is read once per query (holds are few), not once per row."""
    hold = hidden_ids(Thread).model._meta.db_table
    posts = Post._meta.db_table
    d = f'"{SearchDocument._meta.db_table}"'

    def held(model) -> str:
        ct = ContentType.objects.get_for_model(model).pk
        return f'(SELECT h.object_id FROM "{hold}" h WHERE h.content_type_id = {int(ct)})'

    openings = f'(SELECT p.thread_id FROM "{posts}" p WHERE p.is_opening AND p.id IN {held(Post)})'
    library = ", ".join(f"'{k}'" for k in LIBRARY_KINDS)
    clauses = [
        f"({d}.kind = 'thread' AND ({d}.object_id IN {held(Thread)} "
        f"OR {d}.object_id IN {openings}))",
        f"({d}.kind = 'post' AND ({d}.object_id IN {held(Post)} "
        f"OR {d}.thread_id IN {held(Thread)}))",
        f"({d}.kind IN ({library}) AND {d}.object_id IN {held(LibraryItem)})",
        f"({d}.kind = 'event' AND {d}.object_id IN {held(Event)})",
        f"({d}.kind = 'opportunity' AND {d}.object_id IN {held(Opportunity)})",
        f"({d}.kind = 'job' AND {d}.object_id IN {held(Job)})",
    ]
    return "NOT (" + " OR ".join(clauses) + ")", []
