"""Every Django form the project defines, the free-text fields each one takes, and which
of them the confidentiality guard covers.

Forms are found by walking ``practice_commons`` (tests and migrations aside) and taking
each ``BaseForm`` subclass a module defines, plus the forms settings hand to allauth. A
form whose fields depend on its arguments is built by ``FORM_BUILDERS`` (one instance
per variant, e.g. a thread form for every kind); any other form must build with no
arguments, or the catalogue says which builder is missing.
"""

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.utils.module_loading import import_string

import practice_commons
from practice_commons.confidentiality.forms import GuardedFormMixin

SKIPPED_PACKAGES = ("tests", "migrations")


def dotted(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def project_modules() -> Iterator:
    for info in pkgutil.walk_packages(practice_commons.__path__, prefix="practice_commons."):
        parts = info.name.split(".")
        if any(part in SKIPPED_PACKAGES for part in parts) or parts[-1].startswith("test"):
            continue
        yield importlib.import_module(info.name)


def _settings_forms() -> list[type]:
    """Forms the project hands to allauth by setting (its own or allauth's)."""
    found = []
    for setting in ("ACCOUNT_FORMS", "MFA_FORMS", "SOCIALACCOUNT_FORMS"):
        for path in (getattr(settings, setting, None) or {}).values():
            found.append(import_string(path))
    return found


def third_party_form_modules() -> Iterator:
    """The ``forms`` modules of the installed allauth apps: their pages (sign-in codes,
    MFA, email management) are the project's pages too."""
    for app in settings.INSTALLED_APPS:
        if not app.startswith("allauth."):
            continue
        package = importlib.import_module(app)
        names = [app] + [
            info.name
            for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}.")
            if "tests" not in info.name.split(".")
        ]
        for name in names:
            if name.endswith(".forms"):
                yield importlib.import_module(name)


def project_form_classes() -> list[type]:
    """Every concrete form class defined under ``practice_commons``, by dotted name."""
    classes = {}
    for module in project_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                classes[dotted(cls)] = cls
    for cls in _settings_forms():
        classes[dotted(cls)] = cls
    return [classes[name] for name in sorted(classes)]


def third_party_form_classes() -> list[type]:
    classes = {}
    for module in third_party_form_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                classes[dotted(cls)] = cls
    return [classes[name] for name in sorted(classes)]


# --- building forms whose fields depend on their arguments ---------------------------------


def _thread_forms(cls):
    from practice_commons.discussions.kinds import KINDS

    return [cls(kind=kind) for kind in KINDS] + [cls(kind=kind, editing=True) for kind in KINDS]


def _quiet_hours(cls):
    return [
        cls(
            settings_row=SimpleNamespace(
                timezone="Europe/London", quiet_hours_enabled=False, quiet_hours={}
            )
        )
    ]


def _preferences(cls):
    return [
        cls(
            preferences={"kinds": [("reply", "Replies", "in_app")], "communities": {1: ""}},
            community_labels={1: "A community"},
            digest_frequency="weekly",
        )
    ]


def _vote(cls):
    poll = SimpleNamespace(allows_multiple=True)
    return [cls(poll_view=SimpleNamespace(poll=poll, options=[]))]


def _with_user(cls):
    from practice_commons.accounts.models import User

    return [cls(user=User(email="someone@example.org"))]


def _reset_key(cls):
    from practice_commons.accounts.models import User

    return [cls(user=User(email="someone@example.org"), temp_key="key")]


FORM_BUILDERS: dict[str, Callable[[type], list]] = {
    "practice_commons.discussions.forms.ThreadForm": _thread_forms,
    "practice_commons.discussions.forms.MoveForm": lambda cls: [cls(targets=None)],
    "practice_commons.discussions.forms.VoteForm": _vote,
    "practice_commons.discussions.forms.NewConversationForm": lambda cls: [cls(people=None)],
    "practice_commons.notifications.forms.QuietHoursForm": _quiet_hours,
    "practice_commons.notifications.forms.PreferencesForm": _preferences,
    "practice_commons.notifications.forms.NewsletterForm": lambda cls: [cls(candidates=[])],
    "practice_commons.safeguarding.forms.ModerationActionForm": lambda cls: [
        cls(actions=["acknowledge"])
    ],
    "practice_commons.accounts.auth_forms.ChangePasswordForm": _with_user,
    "practice_commons.accounts.auth_forms.SetPasswordForm": _with_user,
    "practice_commons.accounts.auth_forms.AddEmailForm": _with_user,
    "practice_commons.accounts.auth_forms.ReauthenticateForm": _with_user,
    "practice_commons.accounts.auth_forms.ResetPasswordKeyForm": _reset_key,
}


class MissingBuilder(Exception):
    pass


# Values for a form's required keyword-only arguments, by name: forms that take the same
# kind of object share one sample; any other name gets ``None``.
SAMPLE_ARGUMENTS: dict[str, Callable] = {
    "session": lambda world: world.session,
}


def _required_keywords(cls, world=None) -> dict:
    """A value for each keyword-only argument ``cls`` requires."""
    required = {}
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        for param in inspect.signature(init).parameters.values():
            if param.kind is param.KEYWORD_ONLY and param.default is param.empty:
                sample = SAMPLE_ARGUMENTS.get(param.name)
                required[param.name] = sample(world) if (sample and world) else None
    return required


def instances(cls, world=None) -> list:
    """Instances of ``cls`` with every field it can have (some add fields in
    ``__init__``). ``world`` (a ``World``) provides real objects to forms that need them."""
    builder = FORM_BUILDERS.get(dotted(cls))
    if builder is not None:
        return builder(cls)
    try:
        return [cls(**_required_keywords(cls, world))]
    except Exception as exc:  # noqa: BLE001 - reported as a missing builder
        raise MissingBuilder(
            f"{dotted(cls)} does not build ({type(exc).__name__}: {exc}): add a builder to "
            "FORM_BUILDERS or a sample to SAMPLE_ARGUMENTS in "
            "tests/guard_everywhere/forms_catalogue.py"
        ) from None


def third_party_fields(cls) -> list:
    """A third-party form's fields: an instance's where it builds without arguments,
    else the declared ones (its arguments are not ours to know)."""
    try:
        return [cls(**_required_keywords(cls))]
    except Exception:  # noqa: BLE001
        return [SimpleNamespace(fields=dict(cls.base_fields))]


# --- which fields take free text, and which the guard covers --------------------------------

NOT_FREE_TEXT = (forms.EmailField, forms.URLField, forms.SlugField)
NOT_TEXT_WIDGETS = (forms.PasswordInput, forms.HiddenInput, forms.MultipleHiddenInput, forms.Select)


def free_text_fields(form) -> list[str]:
    """Fields a person types free text into: a ``CharField`` (or subclass) drawn as a
    text input or a textarea, without choices; not an email, URL or slug, a password or
    a hidden field."""
    names = []
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field, NOT_FREE_TEXT):
            continue
        if isinstance(field.widget, NOT_TEXT_WIDGETS) or getattr(field, "choices", None):
            continue
        names.append(name)
    return names


def guarded_fields(form) -> set[str]:
    """The fields this form shows guard findings on (``guarded_fields`` and the targets
    of ``guard_field_map``); empty for a form without ``GuardedFormMixin``."""
    if not isinstance(form, GuardedFormMixin):
        return set()
    return set(form.guarded_fields) | set(getattr(form, "guard_field_map", {}).values())


def lookup(table: dict, cls, field: str):
    """``table[(dotted class, field)]`` for the class or the nearest base that has it."""
    for klass in cls.__mro__:
        key = (dotted(klass), field)
        if key in table:
            return table[key]
    return None
