"""Practice Commons on a phone: the web app manifest, the service worker, the icons in
the host's brand and the offline page.

Rules the service worker (``core/sw.js``) keeps:

- Pages are never cached on the way past. A page is stored only when the person presses
  "Save for offline reading" on it, and only if the page itself offers that button
  (``core/includes/offline_save.html``): signed in, and for a private community's
  content only to its members (``communities.selectors.may_save_offline``).
- Saved pages live in a cache named after the signed-in person (``offline_owner``, a
  keyed hash, never the id); pages of anyone else are deleted on the next page load, and
  signing out clears every cache, draft and subscription on the device (the
  ``Clear-Site-Data`` header, ``ClearSiteDataOnSignOutMiddleware``).
- Saved copies are refreshed at most every six hours while online; a page the person
  may no longer read (404, 403, sent to sign in, no longer offering the button) is
  deleted from the device then.
- Drafts written offline stay in the device's IndexedDB, never in a cache, and go to the
  server when the connection returns; the confidentiality guard runs there as online.
- The app shell (CSS, scripts, icons, the offline page) is cached when the worker
  installs; the offline page is rendered for nobody in particular.
"""

import hashlib
import hmac
import io
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw

ICON_SIZES = (180, 192, 512)
SHELL_STATIC = (
    "dist/application.css",
    "dist/application.js",
    "core/js-enabled.js",
    "core/navigation.css",
    "core/navigation.js",
    "core/offline.js",
    "library/library.css",
    "library/glossary.js",
    "search/search.css",
    "dist/images/favicon.svg",
)
# Bump when sw.js itself changes in a way the shell list does not show.
WORKER_REVISION = "1"


def offline_owner(user) -> str:
    """Who a device's saved pages and drafts belong to: a keyed hash of the account, so
    the cache name says nothing about the person."""
    if not getattr(user, "is_authenticated", False):
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"offline-owner:{user.pk}".encode(), hashlib.sha256).hexdigest()[:24]


@require_safe
@cache_control(max_age=3600)
def manifest(request):
    icons = [
        {
            "src": reverse("core:pwa_icon", args=[size]),
            "sizes": f"{size}x{size}",
            "type": "image/png",
        }
        for size in (192, 512)
    ]
    icons.append(
        {
            "src": reverse("core:pwa_icon_maskable", args=[512]),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    data = {
        "id": "/",
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_SHORT_NAME,
        "description": "Communities of practice, reflective sessions, a library of "
        "practice and CPD for social workers and the people they work beside.",
        "lang": "en-GB",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": settings.SITE_BRAND_COLOUR,
        "background_color": "#ffffff",
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    response["Content-Type"] = "application/manifest+json"
    return response


def shell_urls() -> list[str]:
    return [offline_shell_url(), *(static(path) for path in SHELL_STATIC)]


def offline_shell_url() -> str:
    return reverse("core:offline") + "?shell=1"


@require_safe
def service_worker(request):
    shell = shell_urls()
    version = hashlib.sha256("|".join([WORKER_REVISION, *shell]).encode()).hexdigest()[:12]
    response = render(
        request,
        "core/sw.js",
        {
            "shell_json": json.dumps(shell),
            "version": version,
            "offline_url": offline_shell_url(),
            "static_prefix": settings.STATIC_URL,
            "static_network_first": settings.DEBUG,
            "site_name": settings.SITE_NAME.replace("'", ""),
            "icon_url": reverse("core:pwa_icon", args=[192]),
        },
        content_type="text/javascript; charset=utf-8",
    )
    # The worker must be checked for updates on every visit, and may control the site.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def _hex_colour(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


@lru_cache(maxsize=8)
def icon_png(size: int, colour: str, *, maskable: bool) -> bytes:
    """The favicon's two linked rings, white on the host's colour. A maskable icon fills
    the square and keeps the rings inside the central safe circle (80%)."""
    scale = 4  # drawn large and scaled down: smooth edges without anti-aliasing support
    side = size * scale
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    fill = _hex_colour(colour)
    if maskable:
        draw.rectangle((0, 0, side, side), fill=fill)
        unit = side * 0.8 / 64
        origin = side * 0.1
    else:
        draw.rounded_rectangle((0, 0, side - 1, side - 1), radius=side * 12 // 64, fill=fill)
        unit = side / 64
        origin = 0
    for cx in (25, 39):
        box = [
            origin + (cx - 13) * unit,
            origin + 19 * unit,
            origin + (cx + 13) * unit,
            origin + 45 * unit,
        ]
        draw.ellipse(box, outline="white", width=round(5 * unit))
    image = image.resize((size, size), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _icon_response(size: int, *, maskable: bool) -> HttpResponse:
    if size not in ICON_SIZES:
        raise Http404
    png = icon_png(size, settings.SITE_BRAND_COLOUR, maskable=maskable)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def icon(request, size: int):
    return _icon_response(size, maskable=False)


@require_safe
def icon_maskable(request, size: int):
    return _icon_response(size, maskable=True)


@require_safe
def offline(request):
    """Saved pages and waiting drafts on this device, listed by core/offline.js. The copy
    the service worker keeps as the app shell's offline fallback (``?shell=1``) is
    rendered for nobody in particular, so it names nobody."""
    shell = request.GET.get("shell") == "1"
    if shell:
        request.user = AnonymousUser()
    return render(request, "core/offline.html", {"shell": shell})
