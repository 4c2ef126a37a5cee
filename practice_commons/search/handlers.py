"""The receivers that keep the index in step (see ``indexing.py`` for why these are
``post_save``/``post_delete`` receivers). Each is thin: it decides whether the save
touched anything the index holds and hands the object to ``indexing``. Connected once
from ``SearchConfig.ready()``."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from practice_commons.accounts.models import User
from practice_commons.collaboration.models import DirectoryListing, Opportunity
from practice_commons.discussions.models import Post, Thread
from practice_commons.events.models import Event
from practice_commons.jobs.models import Job
from practice_commons.library.models import GlossaryTerm, LibraryItem

from . import indexing
from .indexing import LIBRARY_KINDS
from .models import Kind

# Saves naming only these fields change nothing the index holds.
THREAD_QUIET = {"is_locked", "is_pinned", "last_activity_at", "reply_count", "last_post_number"}
THREAD_CASCADE = {"community", "community_id", "hidden_at", "deleted_at", "title"}
USER_FIELDS = {"full_name", "profession", "profession_id", "area", "nation", "bio", "is_active"}
LIBRARY_QUIET = {"review_reminded_at", "link_status", "link_checked_at", "version"}


def _touches(update_fields, quiet=frozenset(), relevant=None) -> bool:
    if update_fields is None:
        return True
    fields = set(update_fields)
    if relevant is not None:
        return bool(fields & relevant)
    return bool(fields - quiet)


def on_thread_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or created or not _touches(update_fields, THREAD_QUIET):
        # A new thread is indexed when its opening post is saved (it has no text yet).
        return
    cascade = update_fields is None or bool(set(update_fields) & THREAD_CASCADE)
    indexing.index_thread(instance, cascade=cascade)


def on_post_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_post(instance)


def on_item_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw and _touches(update_fields, LIBRARY_QUIET):
        indexing.index_item(instance)


def on_term_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_term(instance)


def on_event_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_event(instance)


def on_opportunity_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_opportunity(instance)


def on_job_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_job(instance)


def on_user_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if created and not instance.full_name:
        return  # nobody to list yet: nameless people are never in the directory
    if _touches(update_fields, relevant=USER_FIELDS):
        indexing.index_person(instance)


def on_listing_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_person(User.objects.select_related("profession").get(pk=instance.user_id))


def on_listing_deleted(sender, instance, **kwargs):
    person = User.objects.select_related("profession").filter(pk=instance.user_id).first()
    if person is not None:
        indexing.index_person(person)


def on_m2m_changed(sender, instance, action, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, LibraryItem):
        indexing.index_item(instance)
    elif isinstance(instance, Event):
        indexing.index_event(instance)
    elif isinstance(instance, Opportunity):
        indexing.index_opportunity(instance)
    elif isinstance(instance, User):
        indexing.index_person(instance)


def _deleted(kind):
    def receiver(sender, instance, **kwargs):
        indexing.unindex(kind, instance.pk)

    return receiver


_on_thread_deleted = _deleted(Kind.THREAD)
_on_post_deleted = _deleted(Kind.POST)
_on_item_deleted = _deleted(LIBRARY_KINDS)
_on_term_deleted = _deleted(Kind.GLOSSARY)
_on_event_deleted = _deleted(Kind.EVENT)
_on_opportunity_deleted = _deleted(Kind.OPPORTUNITY)
_on_job_deleted = _deleted(Kind.JOB)
_on_user_deleted = _deleted(Kind.PERSON)


def connect() -> None:
    uid = "search-index"
    saves = [
        (Thread, on_thread_saved),
        (Post, on_post_saved),
        (LibraryItem, on_item_saved),
        (GlossaryTerm, on_term_saved),
        (Event, on_event_saved),
        (Opportunity, on_opportunity_saved),
        (Job, on_job_saved),
        (User, on_user_saved),
        (DirectoryListing, on_listing_saved),
    ]
    for model, receiver in saves:
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save-{model.__name__}")
    deletes = [
        (Thread, _on_thread_deleted),
        (Post, _on_post_deleted),
        (LibraryItem, _on_item_deleted),
        (GlossaryTerm, _on_term_deleted),
        (Event, _on_event_deleted),
        (Opportunity, _on_opportunity_deleted),
        (Job, _on_job_deleted),
        (User, _on_user_deleted),
        (DirectoryListing, on_listing_deleted),
    ]
    for model, receiver in deletes:
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete-{model.__name__}")
    for through in (
        LibraryItem.topics.through,
        LibraryItem.professions.through,
        Event.target_professions.through,
        Opportunity.professions.through,
        User.expertise.through,
    ):
        m2m_changed.connect(
            on_m2m_changed, sender=through, dispatch_uid=f"{uid}-m2m-{through.__name__}"
        )
