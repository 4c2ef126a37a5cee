"""One row per searchable thing: the search index.

The text lives here (``title``, ``body``) so the full-text structures of either engine
can be kept in step by the database itself, in the same transaction as the row:

* SQLite: an FTS5 table ``search_fts`` (external content: this table) kept in step by
  triggers (migration 0002);
* PostgreSQL: a generated ``tsvector`` column ``search_vector`` (title weighted A, body
  B, ``english`` configuration) with a GIN index (migration 0002).

Neither is a Django field: only ``engine.py`` reads them.

Only things someone other than their owner may read are indexed. CPD records,
wellbeing answers, private notes, reflective sessions' summaries and actions, private
messages, drafts and hidden or removed posts are never written here. Who may see a row
is decided at query time (``selectors``), from ``audience`` and ``community_id`` with the
communities' read policy, so a change of a community's visibility or of someone's
membership needs no re-indexing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    THREAD = "thread", _("Thread")
    POST = "post", _("Reply")
    SOLUTION = "solution", _("Documented solution")
    PRACTICE_EXAMPLE = "practice_example", _("Practice example")
    RESOURCE = "resource", _("Resource")
    GLOSSARY = "glossary", _("Glossary term")
    EVENT = "event", _("Event")
    OPPORTUNITY = "opportunity", _("Opportunity")
    JOB = "job", _("Job")
    PERSON = "person", _("Person")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone, signed in or not")
    SIGNED_IN = "signed_in", _("Everyone signed in")
    COMMUNITY = "community", _("Whoever may read its community")
    DIRECTORY = "directory", _("Whoever the directory shows the person to")


class SearchDocument(models.Model):
    # The columns the permission filter and the ranking read come first and the text
    # last: SQLite reads a row's columns in order, so a filter never walks past a long
    # body (measured: five times faster over a large candidate set).
    kind = models.CharField(max_length=24, choices=Kind.choices)
    object_id = models.BigIntegerField()
    audience = models.CharField(max_length=16, choices=Audience.choices)
    community_id = models.BigIntegerField(null=True, blank=True)
    # Replies: their thread, so a thread's move, hiding or removal reaches them at once.
    thread_id = models.BigIntegerField(null=True, blank=True)
    # Jobs and opportunities leave results after their closing date, with no job to run.
    closes_on = models.DateField(null=True, blank=True)
    # Ranking signals (text relevance first; see ``ranking.py``)
    date = models.DateTimeField()  # written, published or (events) starting
    solved = models.BooleanField(default=False)
    endorsements = models.PositiveIntegerField(default=0)
    # Filters
    nations = models.CharField(max_length=200, blank=True)  # " wales scotland " for LIKE
    professions = models.CharField(max_length=500, blank=True)  # " slug slug " for LIKE
    indexed_at = models.DateTimeField(auto_now=True)
    heading = models.CharField(max_length=300, blank=True)  # shown as the result's title
    url = models.CharField(max_length=500)
    # What the full-text index reads (weighted A and B). A reply's title is empty: its
    # thread's title is shown (``heading``) but does not make every reply match.
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_doc_unique")
        ]
        indexes = [
            models.Index(fields=["thread_id"], name="search_doc_thread"),
            models.Index(fields=["community_id"], name="search_doc_community"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.heading}"
