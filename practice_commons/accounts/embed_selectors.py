"""Reads for an organisation's embeds: which organisation, and which websites may frame
its embed pages. Public surface (see README): the embed pages above accounts read these."""

from practice_commons.core.errors import NotFound

from .models import Organisation


def organisation_for_embed(slug: str) -> Organisation:
    """The organisation whose public listings an embed shows (anyone may ask: the embeds
    show only what a signed-out visitor sees). ``NotFound`` for an unknown slug."""
    org = Organisation.objects.filter(slug=slug).only("pk", "name", "slug", "embed_origins").first()
    if org is None:
        raise NotFound
    return org


def embed_frame_ancestors(organisation: Organisation) -> list[str]:
    """The ``frame-ancestors`` sources for the organisation's embeds: the websites its
    admins listed (each checked by ``services.embeds`` when stored), or ``'none'``."""
    return list(organisation.embed_origins) or ["'none'"]
