"""Query shapes the apps share."""

from django.db.models import QuerySet


def rows_of_either(first: QuerySet, second: QuerySet, *, order_by) -> list:
    """The rows of ``first`` or ``second``, each once, in ``order_by``'s order: one
    query, the two joined by ``UNION ALL``. Use it instead of one filter with ``OR`` where
    either side is a subquery: PostgreSQL cannot estimate such an ``OR``, guesses a large
    share of the table and picks a plan for that (on the community page it read every
    account to join a handful of rows). Both must select the same columns; a row in both
    comes back once, where it first sorts."""
    both = first.order_by().union(second.order_by(), all=True).order_by(*order_by)
    return list({row.pk: row for row in both}.values())
