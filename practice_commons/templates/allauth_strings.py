"""Text that django-allauth shows on this site's pages, copied here so that makemessages
extracts it into the templates' Welsh catalogue (allauth ships no Welsh).

Never imported: ``gettext_noop`` only marks the msgids. Each string must be exactly
allauth's own msgid (allauth/account/forms.py, fields.py, adapter.py; allauth/mfa/...),
as allauth looks it up with gettext at run time. Only text people see with this site's
settings is listed: sign in by email and password, sign up, password reset and change,
email management, reauthentication, and two-factor authentication with an authenticator
app and recovery codes (no usernames, phones, sign-in codes or security keys). Labels
the project replaces (practice_commons/accounts/auth_forms.py) and allauth messages and
emails overridden by templates in this folder are not listed.
"""

from django.utils.translation import gettext_noop

# Field labels and placeholders. auth_forms.py relabels these fields (with its own
# msgids, two of them the same: "Email address", "Password") and the GOV.UK form renderer
# drops placeholders, so today they do not show; kept so that allauth's form text is
# Welsh wherever it does surface.
gettext_noop("Email")
gettext_noop("Email address")
gettext_noop("Password")
gettext_noop("Password (again)")
gettext_noop("Current Password")
gettext_noop("New Password")
gettext_noop("New Password (again)")
gettext_noop("Remember Me")

# Form errors from allauth's account adapter.
gettext_noop("The email address and/or password you specified are not correct.")
gettext_noop("Too many failed login attempts. Try again later.")
gettext_noop("Be patient, you are sending too many requests.")
gettext_noop("Incorrect password.")
gettext_noop("This email address is already associated with this account.")
gettext_noop("A user is already registered with this email address.")

# Other ways to confirm it's you (account/base_reauthenticate.html).
gettext_noop("Use your password")
gettext_noop("Use authenticator app or code")

# Two-factor authentication: code fields and errors from allauth's MFA adapter.
gettext_noop("Code")
gettext_noop("Authenticator code")
gettext_noop("Incorrect code.")
gettext_noop(
    "You cannot add an email address to an account protected by two-factor authentication."
)
gettext_noop("You cannot generate recovery codes without having two-factor authentication enabled.")
gettext_noop(
    "You cannot activate two-factor authentication until you have verified your email address."
)
