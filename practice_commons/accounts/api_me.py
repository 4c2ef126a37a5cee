"""``/api/v1/me``: the token holder's own profile (read and change), their requests for a
copy of their personal data, and deleting their account.

The same selectors, services and form as the pages (``views/profiles.py``,
``views/personal_data.py``, ``views/erasure.py``): everything here is the caller's own.
Organisation and host membership are verified facts, changed only by the affiliation
and register processes (``/me/membership-claim`` and the affiliation operations), never
here.
"""

import datetime as dt
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from practice_commons.core.api_pagination import cursor_page, cursor_query, limit_query, next_field
from practice_commons.core.api_schemas import ErrorOut, GuardErrorOut, example

from . import selectors, services
from .forms import ProfileForm
from .models import ExportStatus, Nation, Regulator
from .services.profiles import PROFILE_FIELDS

router = Router(tags=["me"])

EXPERTISE_MAX = 20  # the form refuses more, with its own message
ExpertiseName = Annotated[str, Field(max_length=200)]
Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]


# --- Your profile ------------------------------------------------------------------------


class ProfileOut(Schema):
    id: int
    email: str
    full_name: str
    pronouns: str
    profession: str | None
    organisation: str | None
    nation: str
    area: str
    regulator: str
    expertise: list[str]
    open_to_collaborate: bool
    happy_to_network: bool
    host_membership: str
    language: str


def profile_out(user) -> dict:
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "pronouns": user.pronouns,
        "profession": user.profession.name if user.profession else None,
        "organisation": user.organisation.name if user.organisation else None,
        "nation": user.nation,
        "area": user.area,
        "regulator": user.regulator,
        "expertise": [t.name for t in user.expertise.all()],
        "open_to_collaborate": user.open_to_collaborate,
        "happy_to_network": user.happy_to_network,
        "host_membership": user.host_membership,
        "language": user.language,
    }


# The operationId it had in api/api.py, so the typed client's ``me()`` keeps its name.
@router.get(
    "",
    response={200: ProfileOut, 401: ErrorOut},
    summary="Your profile",
    operation_id="practice_commons_api_api_me",
)
def me(request):
    """The token holder's own profile as the profile page shows it to them, including
    what only they see (email, host membership, language). Organisation and host
    membership are verified facts, changed only by the affiliation and register
    processes."""
    return profile_out(selectors.profile_for(request.user.pk))


class ProfilePatchIn(Schema):
    model_config = {
        **example(
            {
                "pronouns": "she/her",
                "profession": "social-worker",
                "area": "Leeds",
                "bio": "Child protection social worker; keen to learn from school nurses.",
                "expertise": ["neglect", "transitions to adult services"],
                "open_to_collaborate": True,
                "confidentiality_acknowledged": False,
            }
        ),
        "extra": "forbid",
    }

    full_name: str | None = Field(None, max_length=150, description="Your name as others see it.")
    pronouns: str | None = Field(None, max_length=40)
    profession: str | None = Field(
        None, max_length=100, description="A profession's slug (`social-worker`)."
    )
    nation: Literal[tuple(Nation.values)] | None = None
    area: str | None = Field(None, max_length=120)
    regulator: Literal[tuple(Regulator.values)] | None = None
    registration_number: str | None = Field(None, max_length=40)
    bio: str | None = Field(None, max_length=2000)
    expertise: list[ExpertiseName] | None = Field(
        None,
        max_length=EXPERTISE_MAX + 1,
        description="Your areas of expertise (up to 20, each up to 80 characters); the "
        "list replaces the one stored.",
    )
    open_to_collaborate: bool | None = None
    happy_to_network: bool | None = None
    language: Language | None = None
    confidentiality_acknowledged: bool = False


def _current_form_data(person) -> dict:
    """The profile as its edit page's form would post it, unchanged."""
    return {
        "full_name": person.full_name,
        "pronouns": person.pronouns,
        "profession": person.profession_id or "",
        "nation": person.nation,
        "area": person.area,
        "regulator": person.regulator,
        "registration_number": person.registration_number,
        "bio": person.bio,
        "open_to_collaborate": person.open_to_collaborate,
        "happy_to_network": person.happy_to_network,
        "language": person.language,
        "expertise_text": ", ".join(t.name for t in person.expertise.all()),
    }


def _profession_id(slug: str):
    found = selectors.professions().filter(slug=slug).values_list("pk", flat=True).first()
    if found is None:
        raise ValidationError({"profession": _("Choose a profession from the list.")})
    return found


def _patched_form(person, payload: ProfilePatchIn) -> ProfileForm:
    """The edit page's form, bound to the profile with the payload's changes, so every
    rule of the page (required fields, names, lengths, expertise) applies as it is."""
    changes = payload.model_dump(exclude_unset=True, exclude={"confidentiality_acknowledged"})
    changes = {key: value for key, value in changes.items() if value is not None}
    data = _current_form_data(person)
    if "profession" in changes:
        changes["profession"] = _profession_id(changes["profession"])
    if "expertise" in changes:
        data["expertise_text"] = ", ".join(changes.pop("expertise"))
    form = ProfileForm({**data, **changes}, instance=person)
    if not form.is_valid():
        errors = form.errors.get_json_data()
        renamed = {"expertise_text": "expertise", "organisation_choice": "organisation"}
        raise ValidationError(
            {renamed.get(k, k): [e["message"] for e in v] for k, v in errors.items()}
        )
    return form


@router.patch(
    "",
    response={200: ProfileOut, 400: ErrorOut, 401: ErrorOut, 422: GuardErrorOut},
    summary="Change your profile",
)
def me_update(request, payload: ProfilePatchIn):
    """Changes the caller's own profile, as the profile edit page: only the fields sent
    change (null or left out: unchanged). The page's rules apply to the whole profile
    after the change (a name, a profession and a nation are needed; at most 20 areas
    of expertise of 80 characters; an unknown profession slug is 400). The bio,
    pronouns, area and expertise pass the confidentiality guard, together as the page
    sends them (422 unless acknowledged with `confidentiality_acknowledged`); your own
    name is not guarded. Organisation and host membership cannot be set here: they
    are verified facts (any other field, `organisation` included, is refused with 422).
    Audited as `profile.update`."""
    person = selectors.profile_for(request.user.pk)
    form = _patched_form(person, payload)
    services.profile_update(
        actor=request.user,
        user=person,
        data={field: form.cleaned_data[field] for field in PROFILE_FIELDS},
        expertise=form.expertise_names(),
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return profile_out(selectors.profile_for(request.user.pk))


# --- Your personal data --------------------------------------------------------------------


class PersonalDataRequestOut(Schema):
    id: int
    status: Literal["pending", "ready", "failed", "expired"]
    requested_at: dt.datetime
    finished_at: dt.datetime | None
    expires_at: dt.datetime | None = Field(description="When a ready archive is deleted.")
    size: int | None = Field(description="The archive's size in bytes, once ready.")
    download_url: str | None = Field(
        description="The page that downloads a ready archive (signed in on the website; "
        "the download is not in the API)."
    )


class PersonalDataRequestListOut(Schema):
    count: int
    limit: int
    items: list[PersonalDataRequestOut]
    next: str | None = next_field()


def _downloadable(export) -> bool:
    return (
        export.status == ExportStatus.READY
        and bool(export.file)
        and (export.expires_at is None or export.expires_at > timezone.now())
    )


def _export_out(request, export) -> dict:
    url = None
    if _downloadable(export):
        path = reverse("accounts:personal_data_download", kwargs={"export_id": export.pk})
        url = request.build_absolute_uri(path)
    return {
        "id": export.pk,
        "status": export.status,
        "requested_at": export.requested_at,
        "finished_at": export.finished_at,
        "expires_at": export.expires_at,
        "size": export.size,
        "download_url": url,
    }


@router.get(
    "/personal-data",
    response={200: PersonalDataRequestListOut, 400: ErrorOut, 401: ErrorOut},
    summary="Your requests for a copy of your personal data",
)
def personal_data_requests(request, limit: int = limit_query(20), cursor: str = cursor_query()):
    """The caller's own requests, newest first, with their state: `pending` (being
    prepared), `ready` (with the link to download it on the website until
    `expires_at`), `failed` or `expired`. Nobody else's requests are ever listed. Paged
    with `limit` and `cursor`."""
    return cursor_page(
        request,
        selectors.personal_data_exports(request.user),
        scope="accounts.personal_data",
        out=lambda export: _export_out(request, export),
        cursor=cursor,
        limit=limit,
    )


@router.post(
    "/personal-data",
    response={201: PersonalDataRequestOut, 401: ErrorOut, 409: ErrorOut},
    summary="Ask for a copy of your personal data",
)
def personal_data_request(request):
    """Asks for an archive of everything the platform holds about the caller, as the
    profile page's *Download your data* button: it is prepared in the background and
    the caller is notified with the link when it is ready (download it on the website).
    409 while an earlier request is still being prepared. Audited as
    `personal_data.request`."""
    export = services.personal_data_export_request(actor=request.user)
    return Status(201, _export_out(request, export))


# --- Deleting your account -----------------------------------------------------------------


class AccountEraseIn(Schema):
    model_config = example(
        {"confirm_email": "sam.jones@riverside.gov.uk", "password": "correct-horse-battery"}
    )

    confirm_email: str = Field(
        max_length=254, description="The email address you sign in with, typed as on the page."
    )
    password: str = Field(
        max_length=4096, description="Your password: a token cannot prove it is you."
    )


@router.post(
    "/erasure",
    response={204: None, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    summary="Delete your account and personal data",
)
def account_erase(request, payload: AccountEraseIn):
    """Deletes the caller's account and personal data at once, as the *Delete your
    account* page, which cannot be undone. The page asks a signed-in person to type the
    address they sign in with; signing in proved who they are, which a bearer token
    cannot (a leaked token is not the person), so the API asks for both that address
    (`confirm_email`, 400 unless it is theirs) and their password (400 when wrong;
    after 5 wrong passwords in an hour, 403 until the hour is over). An account
    without a password (single sign-on only) is deleted on the website (403). 409 with
    every reason while it cannot go yet (the only host admin, an organisation's only
    admin, and what other parts of the platform hold). Nothing changes on any refusal.
    Afterwards every token of the account stops working. Audited as `account.erase`
    (the account's id only)."""
    services.account_erase_with_password(
        actor=request.user,
        person=request.user,
        confirm_email=payload.confirm_email,
        password=payload.password,
    )
    return Status(204, None)
