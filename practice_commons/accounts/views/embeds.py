"""Embed on your website: where an organisation's embeds may be shown, and the code to
paste. For the organisation's admins and host admins (404 to anyone else, like the
people page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from practice_commons.confidentiality.forms import write_from_form

from .. import selectors
from ..embed_forms import EmbedOriginsForm
from ..services.embeds import MAX_EMBED_ORIGINS, organisation_embed_origins_set

# (url name in the "embed" namespace, what it shows, the iframe's starting height)
WIDGETS = (
    ("events", _("Upcoming events"), 420),
    ("jobs", _("Open jobs"), 420),
    ("practice_examples", _("Practice examples"), 420),
)

IFRAME_SNIPPET = (
    '<iframe src="{url}" title="{title}" width="100%" height="{height}" '
    'style="border: 0; display: block;" loading="lazy"></iframe>'
)
# Pasted once on the page that shows the embeds: each embed posts its height, and this
# sets it on the frame that sent it, only when the message comes from this site.
LISTENER_SNIPPET = """<script>
window.addEventListener("message", function (event) {{
  if (event.origin !== "{origin}") return;
  var data = event.data;
  if (!data || data.type !== "practice-commons:embed-height") return;
  var height = Math.ceil(Number(data.height));
  if (!(height > 0 && height < 20000)) return;
  var frames = document.getElementsByTagName("iframe");
  for (var i = 0; i < frames.length; i++) {{
    if (frames[i].contentWindow === event.source) frames[i].style.height = height + "px";
  }}
}});
</script>"""


def _widgets(request, organisation):
    origin = request.build_absolute_uri("/").rstrip("/")
    widgets = []
    for name, label, height in WIDGETS:
        path = reverse(f"embed:{name}", kwargs={"slug": organisation.slug})
        widgets.append(
            {
                "name": name,
                "label": label,
                "url": origin + path,
                "json_url": origin + path + "?format=json",
                "height": height,
                "title": f"{label}, {organisation.name}",
            }
        )
    for widget in widgets:
        widget["snippet"] = IFRAME_SNIPPET.format(
            url=escape(widget["url"]), title=escape(widget["title"]), height=widget["height"]
        )
    return origin, widgets


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
            "listener_snippet": LISTENER_SNIPPET.format(origin=escape(site_origin)),
            "max_origins": MAX_EMBED_ORIGINS,
        },
    )
