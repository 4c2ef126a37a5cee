"""The wellbeing part of a subject-access export (``core.personal_data``): the person's
own check-ins and instrument answers (found by their pseudonymous subject key, so never
anyone else's). Aggregate figures hold nobody's answers and are not included."""

from practice_commons.core.personal_data import register_exporter

from . import selectors


def export(user) -> dict:
    return {"answers": selectors.personal_export(user)}


# Responses carry no foreign key to the user (they are keyed by a pseudonym): the coverage
# test does not walk them, so the export tests check the answers themselves.
register_exporter("wellbeing", export, covers=["wellbeing.Response"])
