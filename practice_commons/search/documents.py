"""What each kind of content puts in the index, and when it must not be there.

A builder takes one object and returns the row's fields, or ``None`` when nobody but
its owner or its moderators may see it (a draft, a hidden or removed post, a
withdrawn job, a person who left the directory): such a row is deleted from the index.

Never indexed, by design: CPD records, wellbeing answers, reflective sessions' issue,
summary, actions and private notes, private messages, agreements, expressions of
interest, and who wrote an anonymous thread (no author is indexed at all).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.models import User
from practice_commons.collaboration.models import DirectoryListing, DirectoryVisibility, Opportunity
from practice_commons.discussions.models import Post, Thread
from practice_commons.events.models import Event, EventStatus
from practice_commons.jobs.models import Job
from practice_commons.library.models import GlossaryTerm, ItemStatus, LibraryItem, TermStatus

from .models import Audience, Kind

BODY_LIMIT = 20_000


def _tags(values) -> str:
    values = [v for v in values if v]
    return f" {' '.join(values)} " if values else ""


def _join(*parts) -> str:
    return "\n".join(str(p) for p in parts if p)[:BODY_LIMIT]


def _details_text(details) -> str:
    if not isinstance(details, dict):
        return ""
    return " ".join(str(v) for v in details.values() if isinstance(v, str | int))


# --- discussions ------------------------------------------------------------------------


def thread_is_listed(thread: Thread) -> bool:
    return thread.deleted_at is None and thread.hidden_at is None


def thread_document(thread: Thread, opening: Post | None = None) -> dict | None:
    if not thread_is_listed(thread):
        return None
    if opening is None:
        opening = thread.posts.filter(is_opening=True).only("body").first()
    return {
        "kind": Kind.THREAD,
        "object_id": thread.pk,
        "title": thread.title,
        "heading": thread.title,
        "body": _join(opening.body if opening else "", _details_text(thread.details)),
        "url": thread.get_absolute_url(),
        "audience": Audience.COMMUNITY,
        "community_id": thread.community_id,
        "thread_id": thread.pk,
        "date": thread.created_at,
        "solved": thread.answer_id is not None or bool(thread.library_item_id),
        "endorsements": 0,
    }


def post_document(
    post: Post, thread: Thread | None = None, *, thread_url: str | None = None
) -> dict | None:
    """A reply (the opening post is its thread's document). ``thread_url``, when given, is
    the thread's address (a rebuild works it out once per thread)."""
    thread = thread or post.thread
    if post.is_opening or post.deleted_at or post.hidden_at or not thread_is_listed(thread):
        return None
    return {
        "kind": Kind.POST,
        "object_id": post.pk,
        "title": "",
        "heading": thread.title,
        "body": post.body[:BODY_LIMIT],
        "url": f"{thread_url or thread.get_absolute_url()}#post-{post.pk}",
        "audience": Audience.COMMUNITY,
        "community_id": thread.community_id,
        "thread_id": thread.pk,
        "date": post.created_at,
        "solved": thread.answer_id == post.pk,
        "endorsements": 0,
    }


# --- library ----------------------------------------------------------------------------


def item_document(item: LibraryItem) -> dict | None:
    if item.status != ItemStatus.PUBLISHED:
        return None
    topics = [t.name for t in item.topics.all()]
    professions = [p.slug for p in item.professions.all()]
    return {
        "kind": item.kind,
        "object_id": item.pk,
        "title": item.title,
        "heading": item.title,
        "body": _join(
            item.summary,
            item.context,
            item.what_was_done,
            item.outcomes,
            item.evidence,
            item.before_trying,
            " ".join(topics),
        ),
        "url": item.get_absolute_url(),
        "audience": Audience.COMMUNITY if item.community_id else Audience.PUBLIC,
        "community_id": item.community_id,
        "date": item.published_at or item.updated_at,
        "endorsements": item.endorsement_count,
        "professions": _tags(professions),
        "nations": _tags(item.nations or []),
        "solved": False,
    }


def term_document(term: GlossaryTerm) -> dict | None:
    if term.status != TermStatus.APPROVED:
        return None
    return {
        "kind": Kind.GLOSSARY,
        "object_id": term.pk,
        "title": _join(term.term, " ".join(term.also_known_as or [])),
        "heading": term.term,
        "body": _join(term.definition, term.equivalents),
        "url": f"{reverse('library:glossary')}#term-{term.slug}",
        "audience": Audience.PUBLIC,
        "date": term.decided_at or term.created_at,
        "nations": _tags(term.nations or []),
        "solved": False,
        "endorsements": 0,
    }


# --- events, opportunities, jobs ----------------------------------------------------------


def event_document(event: Event) -> dict | None:
    if event.status != EventStatus.PUBLISHED:
        return None
    return {
        "kind": Kind.EVENT,
        "object_id": event.pk,
        "title": event.title,
        "heading": event.title,
        "body": _join(event.description, event.venue, event.area, event.get_kind_display()),
        "url": event.get_absolute_url(),
        "audience": Audience.COMMUNITY if event.community_id else Audience.PUBLIC,
        "community_id": event.community_id,
        "date": event.starts_at,
        "nations": _tags([event.nation]),
        "professions": _tags([p.slug for p in event.target_professions.all()]),
        "solved": False,
        "endorsements": 0,
    }


def opportunity_document(opportunity: Opportunity) -> dict | None:
    if opportunity.status != Opportunity.Status.OPEN:
        return None
    return {
        "kind": Kind.OPPORTUNITY,
        "object_id": opportunity.pk,
        "title": opportunity.title,
        "heading": opportunity.title,
        "body": _join(opportunity.description, opportunity.area, opportunity.commitment),
        "url": opportunity.get_absolute_url(),
        "audience": Audience.SIGNED_IN,
        "closes_on": opportunity.closes_on,
        "date": opportunity.created_at,
        "nations": _tags([opportunity.nation]),
        "professions": _tags([p.slug for p in opportunity.professions.all()]),
        "solved": False,
        "endorsements": 0,
    }


def job_document(job: Job) -> dict | None:
    if job.status != Job.Status.OPEN:
        return None
    return {
        "kind": Kind.JOB,
        "object_id": job.pk,
        "title": job.title,
        "heading": f"{job.title}, {job.organisation.name}",
        "body": _join(job.description, job.location, job.organisation.name, job.hours),
        "url": job.get_absolute_url(),
        "audience": Audience.PUBLIC,
        "closes_on": job.closes_on,
        "date": job.created_at,
        "nations": _tags([job.nation]),
        "professions": _tags([job.profession.slug if job.profession_id else ""]),
        "solved": False,
        "endorsements": 0,
    }


# --- people -------------------------------------------------------------------------------


def person_document(person: User, listing: DirectoryListing | None | bool = False) -> dict | None:
    """A person the directory may show to someone (``collaboration.policies``): active,
    named, not left out of the directory. Who sees them is asked at query time."""
    if listing is False:
        listing = DirectoryListing.objects.filter(user_id=person.pk).first()
    if not person.is_active or not person.full_name.strip():
        return None
    if listing is not None and listing.visibility == DirectoryVisibility.HIDDEN:
        return None
    profession = person.profession.name if person.profession_id else ""
    bio = person.bio if (listing is not None and listing.show_bio) else ""
    expertise = " ".join(t.name for t in person.expertise.all())
    return {
        "kind": Kind.PERSON,
        "object_id": person.pk,
        "title": person.full_name,
        "heading": person.full_name,
        "body": _join(profession, person.area, expertise, bio),
        "url": f"{reverse('collaboration:directory')}?{urlencode({'q': person.full_name})}",
        "audience": Audience.DIRECTORY,
        "date": person.date_joined or timezone.now(),
        "nations": _tags([person.nation]),
        "professions": _tags([person.profession.slug if person.profession_id else ""]),
        "solved": False,
        "endorsements": 0,
    }
