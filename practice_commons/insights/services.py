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


def story_set_featured(*, actor, story: ValueStory, featured: bool) -> ValueStory:
    """A facilitator features a story (for the community's page and its impact report)
    or stops featuring it. Only a story its author consented to publish."""
    if not policies.can_curate(actor, story.community):
        raise PermissionDenied(_("Only the community's facilitators curate its stories."))
    if featured and not story.consent_to_publish:
        raise ValidationError(
            _("Its author has not agreed to publish this story, so it cannot be featured.")
        )
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
