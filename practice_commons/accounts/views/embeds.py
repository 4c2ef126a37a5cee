"""Embed on your website: where an organisation's embeds may be shown, and the code to
paste. For the organisation's admins and host admins (404 to anyone else, like the
people page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from practice_commons.confidentiality.forms import write_from_form

from .. import selectors
from ..embed_forms import EmbedOriginsForm
from ..embed_selectors import embed_listener_snippet, embed_widgets
from ..services.embeds import MAX_EMBED_ORIGINS, organisation_embed_origins_set


def _widgets(request, organisation):
    origin = request.build_absolute_uri("/").rstrip("/")
    return origin, embed_widgets(organisation, origin)


@login_required
def organisation_embed(request, slug):
    organisation = selectors.organisation_for_manager(request.user, slug)
    initial = {"origins": "\n".join(organisation.embed_origins)}
    form = EmbedOriginsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            organisation_embed_origins_set,
            actor=request.user,
            organisation=organisation,
            origins=form.origin_lines(),
        )
        if written:
            if written.value.embed_origins:
                messages.success(request, _("The list of websites is saved."))
            else:
                messages.success(request, _("No website may show the embeds now."))
            return redirect("organisation_embed:settings", slug=slug)
    site_origin, widgets = _widgets(request, organisation)
    return render(
        request,
        "accounts/embed/settings.html",
        {
            "organisation": organisation,
            "form": form,
            "widgets": widgets,
            "site_origin": site_origin,
            "listener_snippet": embed_listener_snippet(site_origin),
            "max_origins": MAX_EMBED_ORIGINS,
        },
    )
