"""Collaboration champions: organisations that named champions, and each
organisation's champion page (its champions, open opportunities, agreements, and the
sections other apps register: upcoming joint events, recent best practice)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import champion_sections, policies, selectors


@login_required
def champion_index(request):
    return render(
        request,
        "collaboration/champions.html",
        {"organisations": selectors.organisations_with_champions()[:200]},
    )


@login_required
def champion_page(request, slug):
    organisation = selectors.organisation_by_slug(slug)
    return render(
        request,
        "collaboration/champion_page.html",
        {
            "organisation": organisation,
            "champions": list(selectors.champions_of(organisation)[:50]),
            "opportunities": list(selectors.organisation_opportunities(organisation)),
            "agreements": list(selectors.organisation_agreements_for(request.user, organisation)),
            "sections": champion_sections.render_sections(request, organisation),
            "speaks_for": policies.speaks_for(request.user, organisation),
            "is_admin": policies.is_admin_of(request.user, organisation),
        },
    )


def home(request):
    return render(request, "collaboration/home.html")
