"""allauth's forms with GOV.UK wording: sentence-case labels and error messages that say
what to do ("Enter your email address"), not "This field is required."

Registered through ``settings.ACCOUNT_FORMS``. Only labels, hints and messages change:
every behaviour (rate limits, email verification, not revealing that an address is
already registered, password validation) stays allauth's own, so nothing here overrides
``clean_email``, ``try_save``, ``save`` or ``login``.

allauth builds some fields in ``__init__`` (the sign-in email field, the sign-up password
fields), so the wording is applied to ``self.fields`` after ``super().__init__()``.
"""

from allauth.account import forms as allauth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EMAIL_INVALID = _("Enter an email address in the correct format, like name@example.org")
PASSWORDS_MUST_MATCH = _("Passwords must match")

# allauth adds this when the two passwords differ (matched in English and as translated).
_ALLAUTH_MISMATCH_TEXT = "You must type the same password each time."


def password_hint() -> str:
    """A plain hint for a new password, from the configured validators (Django's own
    help text is a bulleted list of "Your password can’t …")."""
    validators = password_validation.get_default_password_validators()
    sentences = []
    min_length = next(
        (
            v.min_length
            for v in validators
            if isinstance(v, password_validation.MinimumLengthValidator)
        ),
        None,
    )
    if min_length:
        sentences.append(
            gettext("Use at least %(min_length)d characters.") % {"min_length": min_length}
        )
    common, numeric, similar = (
        any(isinstance(v, kind) for v in validators)
        for kind in (
            password_validation.CommonPasswordValidator,
            password_validation.NumericPasswordValidator,
            password_validation.UserAttributeSimilarityValidator,
        )
    )
    if common and numeric and similar:
        sentences.append(
            gettext(
                "Do not use a common password, only numbers, or anything like your email address."
            )
        )
    else:
        if common:
            sentences.append(gettext("Do not use a common password."))
        if numeric:
            sentences.append(gettext("Do not use only numbers."))
        if similar:
            sentences.append(gettext("Do not use anything like your email address."))
    return " ".join(sentences)


class GovUKWordingMixin:
    """Relabel fields and replace their generic messages.

    ``wording`` maps a field name to any of ``label``, ``required``, ``invalid`` and
    ``help_text`` (a callable is called, for text that depends on settings).
    """

    wording: dict[str, dict] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, words in self.wording.items():
            field = self.fields.get(name)
            if field is None:
                continue
            if "label" in words:
                field.label = words["label"]
            if "help_text" in words:
                help_text = words["help_text"]
                field.help_text = help_text() if callable(help_text) else help_text
            # Copy: the dict may be shared with the field class's defaults.
            field.error_messages = dict(field.error_messages)
            for code in ("required", "invalid"):
                if code in words:
                    field.error_messages[code] = words[code]

    def add_error(self, field, error):
        # allauth passes its message as a (lazy) string, not a ValidationError.
        if (
            field == "password2"
            and isinstance(error, (str, Promise))
            and str(error) in {_ALLAUTH_MISMATCH_TEXT, gettext(_ALLAUTH_MISMATCH_TEXT)}
        ):
            error = ValidationError(PASSWORDS_MUST_MATCH, code="password_mismatch")
        super().add_error(field, error)


class LoginForm(GovUKWordingMixin, allauth_forms.LoginForm):
    wording = {
        "login": {
            "label": _("Email address"),
            "required": _("Enter your email address"),
            "invalid": EMAIL_INVALID,
        },
        "password": {"label": _("Password"), "required": _("Enter your password")},
        "remember": {"label": _("Remember me on this device")},
    }


class SignupForm(GovUKWordingMixin, allauth_forms.SignupForm):
    wording = {
        "email": {
            "label": _("Email address"),
            "required": _("Enter your email address"),
            "invalid": EMAIL_INVALID,
        },
        "password1": {
            "label": _("Password"),
            "required": _("Enter a password"),
            "help_text": password_hint,
        },
        "password2": {"label": _("Confirm password"), "required": _("Confirm your password")},
    }


class ResetPasswordForm(GovUKWordingMixin, allauth_forms.ResetPasswordForm):
    wording = {
        "email": {
            "label": _("Email address"),
            "required": _("Enter your email address"),
            "invalid": EMAIL_INVALID,
        },
    }


class ResetPasswordKeyForm(GovUKWordingMixin, allauth_forms.ResetPasswordKeyForm):
    wording = {
        "password1": {
            "label": _("New password"),
            "required": _("Enter a new password"),
            "help_text": password_hint,
        },
        "password2": {
            "label": _("Confirm new password"),
            "required": _("Confirm your new password"),
        },
    }


class ChangePasswordForm(GovUKWordingMixin, allauth_forms.ChangePasswordForm):
    wording = {
        "oldpassword": {
            "label": _("Current password"),
            "required": _("Enter your current password"),
        },
        **ResetPasswordKeyForm.wording,
    }

    def clean_oldpassword(self):
        try:
            return super().clean_oldpassword()
        except ValidationError:
            # allauth says "Please type your current password." for a wrong one too.
            raise ValidationError(
                _("The current password you entered is not correct"), code="incorrect_password"
            ) from None


class SetPasswordForm(GovUKWordingMixin, allauth_forms.SetPasswordForm):
    wording = {
        "password1": {
            "label": _("Password"),
            "required": _("Enter a password"),
            "help_text": password_hint,
        },
        "password2": {"label": _("Confirm password"), "required": _("Confirm your password")},
    }


class AddEmailForm(GovUKWordingMixin, allauth_forms.AddEmailForm):
    wording = {
        "email": {
            "label": _("Email address"),
            "required": _("Enter an email address"),
            "invalid": EMAIL_INVALID,
        },
    }


class ReauthenticateForm(GovUKWordingMixin, allauth_forms.ReauthenticateForm):
    wording = {"password": {"label": _("Password"), "required": _("Enter your password")}}
