"""Shared by the URL and API role matrices: the module-wide world, a signed-in client per
role, and the outcome of one request written the way the tables write it."""

import os
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client

from practice_commons.api.services import api_token_create

from .world import ROLES, build_world

# Set to a file name to have every visited pattern append its observed line there (how
# the table was first written; review each line before copying it in).
RECORD = os.environ.get("PC_ROLE_MATRIX_RECORD")


def role_world_fixture(django_db_setup, django_db_blocker):
    """One world, and per role one signed-in client and one sending an API token with
    full scope (the API takes only tokens), for for the whole module, inside a transaction
        rolled back at the end; each test (and each request, see ``outcome``) runs in a
        savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        clients, api_clients = {}, {}
        for role in ROLES:
            person = world.people[role]
            clients[role] = Client(raise_request_exception=False)
            api_clients[role] = Client(raise_request_exception=False)
            if person is not None:
                clients[role].force_login(person)
                token = api_token_create(actor=person, user=person, name="Matrix", scope="admin")
                api_clients[role].defaults["HTTP_AUTHORIZATION"] = f"Bearer {token.raw}"
        yield world, clients, api_clients
        transaction.set_rollback(True)


def outcome(client, method: str, path: str, **extra) -> str:
    """The answer to one request as a table token: ``login`` for a redirect to the
    sign-in page, else the status code. The request's writes are rolled back, so one
    role's POST cannot change what the next role sees."""
    with transaction.atomic():
        response = getattr(client, method.lower())(path, **extra)
        transaction.set_rollback(True)
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(resolve_url(settings.LOGIN_URL)):
        return "login"
    return str(response.status_code)


def record(line: str) -> None:
    if RECORD:
        with Path(RECORD).open("a", encoding="utf-8") as out:
            out.write(line + "\n")
