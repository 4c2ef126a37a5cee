"""Every write insights makes: stories (guarded), their curation, and network snapshots.
Keyword-only, actor first, atomic; refusals are ``core.errors``, Django's
``ValidationError`` or the guard's error."""

import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import NotFound, PermissionDenied

from . import network, policies
from .models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Cycle, NetworkSnapshot, ValueStory

STORY_TEXTS = ("title", "what_happened", "what_it_gave", "how_used", "difference", "evidence")
REQUIRED = ("title", "what_happened", "what_it_gave")
SNAPSHOTS_KEPT = 5


def _clean_story(*, title, cycles, texts: dict) -> tuple[list[str], dict]:
    errors = {}
    cleaned = {k: (v or "").strip() for k, v in texts.items()}
    cleaned["title"] = (title or "").strip()
    for name in REQUIRED:
        if not cleaned[name]:
            errors[name] = _("Enter this part of the story.")
    if len(cleaned["title"]) > TITLE_MAX_LENGTH:
        errors["title"] = _("Keep the title to %(n)s characters.") % {"n": TITLE_MAX_LENGTH}
    for name in STORY_TEXTS[1:]:
        if len(cleaned[name]) > TEXT_MAX_LENGTH:
            errors[name] = _("Keep this to %(n)s characters.") % {"n": TEXT_MAX_LENGTH}
    valid = set(Cycle.values)
    cycles = [str(c) for c in (cycles or [])]
    if not cycles:
        errors["cycles"] = _("Choose at least one value-creation cycle.")
    elif any(c not in valid for c in cycles):
        errors["cycles"] = _("Choose cycles from the list.")
    if errors:
        raise ValidationError(errors)
    ordered = [c for c in Cycle.values if c in cycles]
    return ordered, cleaned


def story_create(
    *,
    actor,
    community,
    title: str,
    cycles: list[str],
    what_happened: str,
    what_it_gave: str,
    how_used: str = "",
    difference: str = "",
    evidence: str = "",
    consent_to_publish: bool = False,
    confidentiality_acknowledged: bool = False,
) -> ValueStory:
    """A member records a value-creation story. Every text passes the guard first."""
    if not community_selectors.can_read(actor, community):
        raise NotFound(_("No such community."))
    if not policies.can_write_story(actor, community):
        raise PermissionDenied(_("Only members of this community can add its stories."))
    cycles, texts = _clean_story(
        title=title,
        cycles=cycles,
        texts={
            "what_happened": what_happened,
            "what_it_gave": what_it_gave,
            "how_used": how_used,
            "difference": difference,
            "evidence": evidence,
        },
    )
    guard_texts(texts=texts, acknowledged=confidentiality_acknowledged)
    with transaction.atomic():
        story = ValueStory.objects.create(
            community=community,
            author=actor,
            cycles=cycles,
            consent_to_publish=bool(consent_to_publish),
            **texts,
        )
        audit_record(actor=actor, action="insights.story_create", target=story)
    return story


_UNCHANGED = object()


def story_update(
    *,
    actor,
    story: ValueStory,
    title=_UNCHANGED,
    cycles=_UNCHANGED,
    what_happened=_UNCHANGED,
    what_it_gave=_UNCHANGED,
    how_used=_UNCHANGED,
    difference=_UNCHANGED,
    evidence=_UNCHANGED,
    consent_to_publish=_UNCHANGED,
    confidentiality_acknowledged: bool = False,
) -> ValueStory:
    """The author changes their story; a part not passed stays as it was. Every text
    passes the guard again, whichever parts changed. The rule: a featured story whose
    words change, or whose author withdraws consent, stops being featured (the
    facilitators chose the earlier words); a hidden story stays hidden."""
    if not policies.can_change_story(actor, story):
        raise PermissionDenied(_("Only the author of a story can change it."))
    given = {
        "title": title,
        "what_happened": what_happened,
        "what_it_gave": what_it_gave,
        "how_used": how_used,
        "difference": difference,
        "evidence": evidence,
    }
    merged = {k: getattr(story, k) if v is _UNCHANGED else v for k, v in given.items()}
    new_cycles, texts = _clean_story(
        title=merged.pop("title"),
        cycles=story.cycles if cycles is _UNCHANGED else cycles,
        texts=merged,
    )
    guard_texts(texts=texts, acknowledged=confidentiality_acknowledged)
    consent = story.consent_to_publish if consent_to_publish is _UNCHANGED else consent_to_publish
    changed = [k for k, v in texts.items() if getattr(story, k) != v]
    if new_cycles != story.cycles:
        changed.append("cycles")
    if bool(consent) != story.consent_to_publish:
        changed.append("consent_to_publish")
    if not changed:
        return story
    with transaction.atomic():
        for k, v in texts.items():
            setattr(story, k, v)
        story.cycles = new_cycles
        story.consent_to_publish = bool(consent)
        fields = [*texts, "cycles", "consent_to_publish", "updated_at"]
        unfeatured = story.featured
        if story.featured:
            story.featured, story.featured_by, story.featured_at = False, None, None
            fields += ["featured", "featured_by", "featured_at"]
        story.updated_at = timezone.now()
        story.save(update_fields=fields)
        # Which parts changed, never their words.
        audit_record(
            actor=actor,
            action="insights.story_update",
            target=story,
            data={"changed": sorted(changed), "unfeatured": unfeatured},
        )
    return story


def story_delete(*, actor, story: ValueStory) -> None:
    """The author deletes their story, featured or not: withdrawing it is always theirs
    to do. The audit keeps who and which story id, not the words."""
    if not policies.can_change_story(actor, story):
        raise PermissionDenied(_("Only the author of a story can delete it."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="insights.story_delete",
            target=story,
            data={"community": story.community_id, "featured": story.featured},
        )
        story.delete()


def story_set_hidden(*, actor, story: ValueStory, hidden: bool) -> ValueStory:
    """A facilitator hides a story from the community (its author and the facilitators
    still see it) or shows it again. Hiding stops featuring it."""
    if not policies.can_curate(actor, story.community):
        raise PermissionDenied(_("Only the community's facilitators curate its stories."))
    if hidden == story.hidden:
        return story
    with transaction.atomic():
        story.hidden_at = timezone.now() if hidden else None
        story.hidden_by = actor if hidden else None
        fields = ["hidden_at", "hidden_by", "updated_at"]
        if hidden and story.featured:
            story.featured, story.featured_by, story.featured_at = False, None, None
            fields += ["featured", "featured_by", "featured_at"]
        story.updated_at = timezone.now()
        story.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="insights.story_hide" if hidden else "insights.story_show",
            target=story,
        )
    return story


def story_set_featured(*, actor, story: ValueStory, featured: bool) -> ValueStory:
    """A facilitator features a story (for the community's page and its impact report)
    or stops featuring it. Only a story its author consented to publish and that is not
    hidden."""
    if not policies.can_curate(actor, story.community):
        raise PermissionDenied(_("Only the community's facilitators curate its stories."))
    if featured and not story.consent_to_publish:
        raise ValidationError(
            _("Its author has not agreed to publish this story, so it cannot be featured.")
        )
    if featured and story.hidden:
        raise ValidationError(_("Show this story again before featuring it."))
    with transaction.atomic():
        story.featured = featured
        story.featured_by = actor if featured else None
        story.featured_at = timezone.now() if featured else None
        story.updated_at = timezone.now()
        story.save(update_fields=["featured", "featured_by", "featured_at", "updated_at"])
        audit_record(
            actor=actor,
            action="insights.story_feature" if featured else "insights.story_unfeature",
            target=story,
        )
    return story


def network_refresh_request(*, actor) -> None:
    """A host admin asks for a fresh network snapshot: the background task computes it
    after the commit (it takes a few minutes)."""
    if not getattr(actor, "is_host_admin", False):
        raise PermissionDenied(_("Only host admins can ask for a new network snapshot."))
    from . import tasks  # the task module imports this one

    audit_record(actor=actor, action="insights.network.refresh", target=None)
    transaction.on_commit(lambda: tasks.compute_network.enqueue())


def network_snapshot_compute(*, samples: int | None = None) -> NetworkSnapshot:
    """Read every interaction, analyse the network and store a snapshot (keeping the
    last few). Run by the background task; idempotent (a new snapshot each time)."""
    started = time.perf_counter()
    edges = network.interactions()
    persons = network.people()
    graph = network.build_graph(edges, persons)
    data = network.analyse(
        graph,
        members=network.community_members(),
        org_communities=network.organisation_communities(),
        communities=network.community_profiles(),
        samples=samples or network.BETWEENNESS_SAMPLES,
    )
    seconds = round(time.perf_counter() - started, 2)
    with transaction.atomic():
        snapshot = NetworkSnapshot.objects.create(
            seconds=seconds,
            people=data["people"],
            connections=data["connections"],
            organisations=data["organisations"],
            isolated=data["isolated"],
            data=data,
        )
        keep = NetworkSnapshot.objects.order_by("-computed_at", "-pk").values_list("pk", flat=True)[
            :SNAPSHOTS_KEPT
        ]
        NetworkSnapshot.objects.exclude(pk__in=list(keep)).delete()
    return snapshot
