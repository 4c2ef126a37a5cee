"""Embeds: an organisation's upcoming public events, open jobs and practice examples, as
a small page for an iframe on another website, or as JSON with ``?format=json``.

They sit in the top layer because one page reads three content apps (events, jobs,
library) and accounts, through their selectors.

What must stay true:

* Public data only, the same for everyone: the views never look at ``request.user`` or
  the session, read as a signed-out visitor, and render without the request (no context
  processors, no CSRF token), so a response sets no cookie and is the same whoever asks.
* Framing is the organisation's choice: ``Content-Security-Policy: frame-ancestors``
  lists the websites its admins gave (``'none'`` without any), replacing the site's
  ``'none'``; the site-wide ``X-Frame-Options: DENY`` is left off these responses only.
* A fixed number of queries per response, whatever the data: at most ``LIMIT`` items.
"""

import json

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from practice_commons.accounts import embed_selectors
from practice_commons.core.errors import NotFound
from practice_commons.events import selectors as event_selectors
from practice_commons.events.models import Audience, Event
from practice_commons.jobs import selectors as job_selectors
from practice_commons.library import selectors as library_selectors
from practice_commons.library.models import ItemKind
from practice_commons.safeguarding import selectors as safeguarding_selectors

LIMIT = 10


# --- What each embed lists ---------------------------------------------------------------


def _events(request, organisation) -> list[dict]:
    """Upcoming events a signed-out visitor can see, open to anyone with an account (not
    members-only, community-only or by invitation), that the organisation hosts, co-hosts,
    or that a community it hosts puts on."""
    cohosts = Event.co_hosts.through.objects.filter(
        event_id=OuterRef("pk"), organisation_id=organisation.pk
    )
    events = (
        event_selectors.upcoming_events(AnonymousUser())
        .filter(audience=Audience.SIGNED_IN)
        .filter(
            Q(organisation_id=organisation.pk)
            | Q(community__host_organisation_id=organisation.pk)
            | Exists(cohosts)
        )[:LIMIT]
    )
    return [
        {
            "title": event.title,
            "url": request.build_absolute_uri(event.get_absolute_url()),
            "starts_at": timezone.localtime(event.starts_at).isoformat(),
            "ends_at": timezone.localtime(event.ends_at).isoformat(),
            "format": event.format,
            "format_display": event.get_format_display(),
            "where": event.area or event.venue,
            "host": event.host_name,
            "starts_local": timezone.localtime(event.starts_at),
        }
        for event in events
    ]


def _jobs(request, organisation) -> list[dict]:
    """The organisation's open listings, soonest closing first."""
    jobs = job_selectors.jobs_list(filters={"organisation": organisation.slug})[:LIMIT]
    return [
        {
            "title": job.title,
            "url": request.build_absolute_uri(job.get_absolute_url()),
            "closing_date": job.closes_on.isoformat(),
            "location": job.location,
            "contract_type": job.contract_type,
            "contract_type_display": job.get_contract_type_display(),
            "salary": job.salary_display,
            "closes_local": job.closes_on,
        }
        for job in jobs
    ]


def _practice_examples(request, organisation) -> list[dict]:
    """The latest published practice examples a signed-out visitor can read that name
    the organisation."""
    items = safeguarding_selectors.exclude_hidden(
        library_selectors.items_list(AnonymousUser(), kind=ItemKind.PRACTICE_EXAMPLE).filter(
            organisations=organisation
        ),
        None,
    ).order_by("-published_at", "-pk")[:LIMIT]
    return [
        {
            "title": item.title,
            "url": request.build_absolute_uri(item.get_absolute_url()),
            "summary": item.summary,
            "published_at": (
                timezone.localtime(item.published_at).isoformat() if item.published_at else None
            ),
            "published_local": timezone.localtime(item.published_at) if item.published_at else None,
        }
        for item in items
    ]


# kind -> (reader, page heading, text when empty, the full list on the site)
KINDS = {
    "events": (
        _events,
        lambda org: _("Upcoming events from %(org)s") % {"org": org.name},
        _("There are no upcoming public events at the moment."),
        lambda org: reverse("events:list"),
    ),
    "jobs": (
        _jobs,
        lambda org: _("Jobs at %(org)s") % {"org": org.name},
        _("There are no open jobs at the moment."),
        lambda org: reverse("jobs:list") + f"?organisation={org.slug}",
    ),
    "practice_examples": (
        _practice_examples,
        lambda org: _("Practice examples from %(org)s") % {"org": org.name},
        _("There are no published practice examples yet."),
        lambda org: reverse("library:home") + f"?kind={ItemKind.PRACTICE_EXAMPLE}",
    ),
}


# --- Responses ---------------------------------------------------------------------------


def _framed(response: HttpResponse, ancestors: list[str]) -> HttpResponse:
    # django-csp builds the header after the view; this replaces its frame-ancestors.
    response._csp_replace = {"frame-ancestors": ancestors}
    return response


def _not_found(as_json: bool) -> HttpResponse:
    if as_json:
        response = HttpResponse(
            json.dumps({"detail": _("Not found.")}), content_type="application/json", status=404
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response
    html = render_to_string(
        "api/embed/not_found.html", {"lang": settings.LANGUAGE_CODE, "site": settings.SITE_NAME}
    )
    return HttpResponse(html, status=404)


# Values only the page uses (dates as objects, for the page's own formatting).
PAGE_ONLY = frozenset({"starts_local", "closes_local", "published_local"})


def _public(item: dict) -> dict:
    return {k: v for k, v in item.items() if k not in PAGE_ONLY}


def _embed(request, slug: str, kind: str) -> HttpResponse:
    requested = request.GET.get("format", "")
    as_json = requested == "json"
    if requested not in ("", "html", "json"):
        return _framed(
            HttpResponse(
                _("Unknown format: use format=json for JSON, or leave it out for the page."),
                content_type="text/plain; charset=utf-8",
                status=400,
            ),
            ["'none'"],
        )
    with translation.override(settings.LANGUAGE_CODE):
        try:
            organisation = embed_selectors.organisation_for_embed(slug)
        except NotFound:
            return _framed(_not_found(as_json), ["'none'"])
        reader, heading, empty, more = KINDS[kind]
        items = reader(request, organisation)
        more_url = request.build_absolute_uri(more(organisation))
        ancestors = embed_selectors.embed_frame_ancestors(organisation)
        if as_json:
            body = {
                "organisation": {"name": organisation.name, "slug": organisation.slug},
                "kind": kind,
                "items": [_public(item) for item in items],
                "more_url": more_url,
            }
            response = HttpResponse(
                json.dumps(body, ensure_ascii=False), content_type="application/json"
            )
            response["Access-Control-Allow-Origin"] = "*"
            return _framed(response, ancestors)
        html = render_to_string(
            f"api/embed/{kind}.html",
            {
                "lang": settings.LANGUAGE_CODE,
                "site": settings.SITE_NAME,
                "organisation": organisation,
                "heading": heading(organisation),
                "empty": empty,
                "items": items,
                "more_url": more_url,
            },
        )
    return _framed(HttpResponse(html), ancestors)


@require_safe
@xframe_options_exempt
def events(request, slug):
    return _embed(request, slug, "events")


@require_safe
@xframe_options_exempt
def jobs(request, slug):
    return _embed(request, slug, "jobs")


@require_safe
@xframe_options_exempt
def practice_examples(request, slug):
    return _embed(request, slug, "practice_examples")
