"""The installable app's pieces as the server sends them: manifest, service worker,
icons in the host's brand, the offline page, and the sign-out header that clears the
device. The browser journey (offline reading, drafts, installability) is in
tests/browser/test_offline.py."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from PIL import Image

from practice_commons.core.pwa import offline_owner

pytestmark = pytest.mark.django_db

_made = {"n": 0}


def UserFactory(full_name="Sam Person"):  # noqa: N802 - reads like the factories elsewhere
    _made["n"] += 1
    return get_user_model().objects.create_user(
        email=f"pwa{_made['n']}@example.org", password="x" * 14, full_name=full_name
    )


def test_manifest_makes_the_app_installable(client, settings):
    settings.SITE_BRAND_COLOUR = "#123456"
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["theme_color"] == "#123456"
    assert len(manifest["short_name"]) <= 12, "fits under an icon on a home screen"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


@pytest.mark.parametrize(
    "name,size", [("icon", 192), ("icon", 512), ("icon", 180), ("maskable", 512)]
)
def test_icons_are_pngs_of_the_stated_size_in_the_brand_colour(client, settings, name, size):
    settings.SITE_BRAND_COLOUR = "#aa0000"
    response = client.get(f"/icons/{name}-{size}.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("RGBA")
    assert image.size == (size, size)
    red, green, blue, alpha = image.getpixel((size // 2, size // 10 + 2))
    assert (red, green, blue, alpha) == (0xAA, 0, 0, 255)


def test_maskable_icon_fills_its_corners_and_the_plain_one_rounds_them(client):
    corner = {}
    for name in ("icon", "maskable"):
        image = Image.open(io.BytesIO(client.get(f"/icons/{name}-512.png").content))
        corner[name] = image.convert("RGBA").getpixel((0, 0))[3]
    assert corner == {"icon": 0, "maskable": 255}


def test_unknown_icon_size_is_not_found(client):
    assert client.get("/icons/icon-64.png").status_code == 404


def test_service_worker_is_served_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert "/offline/?shell=1" in body
    assert '"/static/dist/application.css"' in body
    assert "request.method !== 'GET'" in body, "only GETs are ever answered from a cache"


@pytest.mark.parametrize("debug,expected", [(True, "true"), (False, "false")])
def test_static_files_come_from_the_network_first_only_while_debugging(
    client, settings, debug, expected
):
    settings.DEBUG = debug
    assert f"const STATIC_NETWORK_FIRST = {expected}" in client.get("/sw.js").content.decode()


def test_service_worker_version_follows_the_shell(client, monkeypatch):
    from practice_commons.core import pwa

    first = client.get("/sw.js").content
    monkeypatch.setattr(pwa, "WORKER_REVISION", "changed")
    assert client.get("/sw.js").content != first


def test_offline_shell_names_nobody_even_when_fetched_signed_in(client):
    user = UserFactory(full_name="Rowan Private")
    client.force_login(user)
    shell = client.get("/offline/?shell=1")
    assert shell.status_code == 200
    assert "Rowan Private" not in shell.content.decode()
    assert 'data-offline-owner=""' in shell.content.decode()
    page = client.get("/offline/")
    assert "Rowan Private" in page.content.decode(), "the page itself is the person's own"
    assert f'data-offline-owner="{offline_owner(user)}"' in page.content.decode()


def test_offline_owner_is_a_keyed_hash_not_the_id():
    user = UserFactory()
    owner = offline_owner(user)
    assert len(owner) == 24 and str(user.pk) != owner
    assert owner == offline_owner(user)
    assert owner != offline_owner(UserFactory())


def test_signing_out_sends_clear_site_data(client):
    client.force_login(UserFactory())
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


@pytest.mark.parametrize("signed_in,method", [(False, "post"), (True, "get")])
def test_no_clear_site_data_otherwise(client, signed_in, method):
    if signed_in:
        client.force_login(UserFactory())
    response = getattr(client, method)(reverse("account_logout"))
    assert "Clear-Site-Data" not in response


def test_every_page_links_the_manifest_and_the_offline_script(client):
    body = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in body
    assert 'src="/static/core/offline.js"' in body
    assert 'data-sign-out="/account/logout/"' in body


@pytest.mark.parametrize("path", ["/manifest.webmanifest", "/sw.js", "/icons/icon-192.png"])
def test_head_requests_are_answered_like_gets(client, path):
    """Browsers and link checkers ask with HEAD; the answer matches GET's type."""
    head, get = client.head(path), client.get(path)
    assert head.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
