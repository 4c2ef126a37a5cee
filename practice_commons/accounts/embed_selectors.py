"""Reads for an organisation's embeds: which organisation, and which websites may frame
its embed pages. Public surface (see README): the embed pages above accounts read these."""

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

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


def embed_widgets(organisation: Organisation, site_origin: str) -> list[dict]:
    """Each embed of the organisation with its absolute addresses (``site_origin`` is
    this site's, like ``https://commons.example.org``) and the ``<iframe>`` to paste:
    what the "Embed on your website" page and its API operation show."""
    widgets = []
    for name, label, height in WIDGETS:
        path = reverse(f"embed:{name}", kwargs={"slug": organisation.slug})
        title = f"{label}, {organisation.name}"
        url = site_origin + path
        widgets.append(
            {
                "name": name,
                "label": label,
                "url": url,
                "json_url": url + "?format=json",
                "height": height,
                "title": title,
                "snippet": IFRAME_SNIPPET.format(
                    url=escape(url), title=escape(title), height=height
                ),
            }
        )
    return widgets


def embed_listener_snippet(site_origin: str) -> str:
    """The script pasted once beside the embeds, accepting heights from this site only."""
    return LISTENER_SNIPPET.format(origin=escape(site_origin))
