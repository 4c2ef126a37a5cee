"""Settings for Practice Commons.

Everything comes from environment variables with safe defaults for the embedded
mode (SQLite in ``var/``, database task queue, mail written to ``var/mail``).
Production sets ``DATABASE_URL``, ``REDIS_URL``, ``EMAIL_URL``, ``SECRET_KEY``,
``ALLOWED_HOSTS`` and leaves ``DEBUG`` off. See the README's configuration table.
"""

import base64
import json
import secrets
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from config.object_storage import object_storages
from config.sso import form_action_sources, socialaccount_providers

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)


def _embedded_secret_key() -> str:
    """A random key kept in var/ so an embedded instance never runs on a published key."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default=None) or _embedded_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Wellbeing answers: the secret behind their pseudonymous keys (empty: derived from
# SECRET_KEY with its own salt). See practice_commons/wellbeing/README.md.
WELLBEING_PSEUDONYM_KEY = env("WELLBEING_PSEUDONYM_KEY", default="")
SITE_NAME = env("SITE_NAME", default="Practice Commons")
# The host's brand on phones: the installed app's short name, its colour and icon
# (practice_commons/core/pwa.py draws the icons in this colour).
SITE_SHORT_NAME = env("SITE_SHORT_NAME", default="Commons")
SITE_BRAND_COLOUR = env("SITE_BRAND_COLOUR", default="#00625e")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # Django's widget templates for the admin's own widgets (date, time)
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Single sign-on (README, "Single sign-on"); no provider unless configured.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "django_htmx",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "practice_commons.core",
    "practice_commons.confidentiality",
    "practice_commons.accounts",
    "practice_commons.notifications",
    "practice_commons.safeguarding",
    "practice_commons.communities",
    "practice_commons.discussions",
    "practice_commons.events",
    "practice_commons.wellbeing",
    "practice_commons.reflection",
    "practice_commons.library",
    "practice_commons.collaboration",
    "practice_commons.jobs",
    "practice_commons.cpd",
    "practice_commons.search",
    "practice_commons.insights",
    "practice_commons.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "practice_commons.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication and messages: who must set up two-factor sign-in first.
    "practice_commons.accounts.middleware.MfaRequiredMiddleware",
    "practice_commons.core.middleware.DomainErrorMiddleware",
    "practice_commons.core.middleware.ClearSiteDataOnSignOutMiddleware",
    "practice_commons.core.api_errors.ApiErrorEnvelopeMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "practice_commons" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "practice_commons.core.context_processors.site",
                "practice_commons.accounts.context_processors.navigation",
                "practice_commons.notifications.context_processors.notifications",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'practice_commons.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers carry on while the worker writes; IMMEDIATE avoids
            # "database is locked" upgrades from read to write inside a transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    # No JIT compilation: the planner's costs for a search over millions of rows pass
    # its threshold, and compiling took 0.97 s of a 1.07 s search (measured, 2 million
    # posts), while no query of this product runs long enough for compiled code to pay.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, tasks -----------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
if env.bool("TASKS_IMMEDIATE", default=False):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Rendered fragments (a thread's posts, discussions/templatetags/post_fragments.py): each
# process keeps its own, so no page's HTML is stored outside the worker that drew it.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 4000},
}
# Webhooks: plain http only to 127.0.0.1/localhost, and only when this is on (DEBUG, tests);
# otherwise https to public addresses only (api/README.md, "Webhooks").
WEBHOOKS_ALLOW_LOOPBACK_HTTP = env.bool("WEBHOOKS_ALLOW_LOOPBACK_HTTP", default=DEBUG)
# Requests each API token may make (ninja rate syntax: "600/m", "50/s", "10000/h").
API_TOKEN_RATE_LIMIT = env("API_TOKEN_RATE_LIMIT", default="600/m")

# --- Email --------------------------------------------------------------------
MAILBOX_DIR = VAR_DIR / "mail"
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "practice_commons.core.mailbox.MailboxBackend"
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Practice Commons <noreply@practicecommons.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "practice_commons.accounts.backends.ModelBackend",
    "practice_commons.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Account emails name the site in their own words ("Confirm your email address for
# Practice Commons"), so no "[site] " prefix; people are shown by name, never a username.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_USER_DISPLAY = "practice_commons.accounts.adapter.user_display"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_ADAPTER = "practice_commons.accounts.adapter.AccountAdapter"
# The holder of an account whose sign-in the limit pauses is emailed at most this often.
LOCKOUT_NOTICE_SECONDS = 3600
# Failed sign-ins are limited per address (ip) and per account (key).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("LOGIN_FAILED_RATE", default="20/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_ADAPTER = "practice_commons.accounts.adapter.MFAAdapter"
# Host admins must set up two-factor sign-in before using the site (on unless DEBUG);
# organisations can require it of their staff too (accounts/mfa_policy.py).
MFA_REQUIRED_FOR_HOST_ADMINS = env.bool("MFA_REQUIRED_FOR_HOST_ADMINS", default=not DEBUG)

# Single sign-on through an organisation's own identity provider (accounts/sso.py); none
# unless SSO_OIDC_PROVIDERS or SSO_SAML_PROVIDERS lists one (JSON, see config/sso.py).
SOCIALACCOUNT_PROVIDERS = socialaccount_providers(
    env("SSO_OIDC_PROVIDERS", default=""), env("SSO_SAML_PROVIDERS", default="")
)
SOCIALACCOUNT_ADAPTER = "practice_commons.accounts.sso.SocialAccountAdapter"
# An existing account is signed in by a provider's address only when that address counts
# as verified (the provider says so and it is at one of the provider's own domains).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

# --- Security -------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE_SSL_REDIRECT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Without this every client shares the proxy's address and one attacker could use up
    # the per-address sign-in limit for everyone.
    ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Single sign-on's "Continue" redirects a form's submission to the provider.
        "form-action": [
            "'self'",
            *form_action_sources(
                env("SSO_OIDC_PROVIDERS", default=""), env("SSO_SAML_PROVIDERS", default="")
            ),
        ],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Internationalisation --------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Welsh (Cymraeg)"))]
# Each app keeps its Welsh catalogue in its own locale/ folder (found through
# INSTALLED_APPS); the project-wide templates keep theirs beside them. Not
# practice_commons/locale: makemessages would then put every app's strings there.
LOCALE_PATHS = [BASE_DIR / "practice_commons" / "templates" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request otherwise
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Several web nodes share nothing on local disk: with AWS_STORAGE_BUCKET_NAME set, public
# media and private files go to S3-compatible object storage (README, "Files").
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES.update(
        object_storages(
            bucket=AWS_STORAGE_BUCKET_NAME,
            endpoint_url=env("AWS_S3_ENDPOINT_URL", default="") or None,
            region=env("AWS_S3_REGION_NAME", default="") or None,
        )
    )
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files only a permission-checked view may serve (discussion attachments): never under
# MEDIA_ROOT, so no media route or web server alias can expose them.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private-media")))
# Largest upload of each kind, in bytes (practice_commons/core/uploads.py; README).
UPLOAD_MAX_BYTES = {
    "attachment": env.int("UPLOAD_MAX_ATTACHMENT_BYTES", default=10 * 1024 * 1024),
    "onboarding_csv": env.int("UPLOAD_MAX_ONBOARDING_CSV_BYTES", default=2 * 1024 * 1024),
    "register_csv": env.int("UPLOAD_MAX_REGISTER_CSV_BYTES", default=5 * 1024 * 1024),
}
WHITENOISE_USE_FINDERS = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# Error reports (500 emails) never carry POST values or local variables: free text may
# identify people practitioners work with (see practice_commons/confidentiality/reporting.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = (
    "practice_commons.confidentiality.reporting.ConfidentialExceptionReporterFilter"
)

FORM_RENDERER = "practice_commons.core.forms.GovUKFormRenderer"
CSRF_FAILURE_VIEW = "practice_commons.core.error_views.csrf_failure"

# --- Notifications ---------------------------------------------------------------
# The digests (07:00 daily, Mondays 07:00 weekly) and the five-minute email sweep are
# scheduled by `manage.py run_scheduler` (APScheduler), in this time zone.
NOTIFICATIONS_SCHEDULE_TIMEZONE = "Europe/London"
NOTIFICATIONS_DIGEST_BATCH_SIZE = env.int("NOTIFICATIONS_DIGEST_BATCH_SIZE", default=500)
# Web Push to phones and computers (notifications/README.md, "Push"): off until the host
# sets both VAPID keys (`manage.py generate_vapid_keys` prints them). The subject is the
# contact push services may write to (mailto: or https:); empty: mailto: DEFAULT_FROM_EMAIL.
WEB_PUSH_VAPID_PUBLIC_KEY = env("WEB_PUSH_VAPID_PUBLIC_KEY", default="")
WEB_PUSH_VAPID_PRIVATE_KEY = env("WEB_PUSH_VAPID_PRIVATE_KEY", default="")


def _embedded_vapid_keys() -> tuple[str, str]:
    """The demo's own VAPID key pair (DEBUG only), kept in var/ like the secret key, so
    notifications on a phone work in `make run` without setting anything."""
    key_file = VAR_DIR / "vapid_keys.json"
    if not key_file.exists():
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        key = ec.generate_private_key(ec.SECP256R1())
        point = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        number = key.private_numbers().private_value.to_bytes(32, "big")
        pair = [base64.urlsafe_b64encode(raw).rstrip(b"=").decode() for raw in (point, number)]
        key_file.write_text(json.dumps(pair))
        key_file.chmod(0o600)
    public, private = json.loads(key_file.read_text())
    return public, private


if DEBUG and not (WEB_PUSH_VAPID_PUBLIC_KEY or WEB_PUSH_VAPID_PRIVATE_KEY):
    WEB_PUSH_VAPID_PUBLIC_KEY, WEB_PUSH_VAPID_PRIVATE_KEY = _embedded_vapid_keys()
WEB_PUSH_VAPID_SUBJECT = env("WEB_PUSH_VAPID_SUBJECT", default="")
# Push addresses must be https; plain http to 127.0.0.1/localhost only when this is on
# (DEBUG, the test suite's local push service).
WEB_PUSH_ALLOW_INSECURE_ENDPOINTS = env.bool("WEB_PUSH_ALLOW_INSECURE_ENDPOINTS", default=DEBUG)

# --- Embeds --------------------------------------------------------------------
# Organisation admins list the websites that may frame their embeds; only https origins
# are accepted, except http://localhost and http://127.0.0.1 when this is on (local
# development and the test suite).
EMBED_ALLOW_LOCAL_ORIGINS = env.bool("EMBED_ALLOW_LOCAL_ORIGINS", default=DEBUG)

# --- Invitations ----------------------------------------------------------------
# Days an emailed invitation link (to join a community or come to an event) works, from
# when it is made or resent.
INVITATION_LIFETIME_DAYS = env.int("INVITATION_LIFETIME_DAYS", default=7)

# --- Sign-in and account pages ------------------------------------------------------
# allauth's forms with GOV.UK wording (sentence-case labels, specific error messages);
# behaviour is allauth's own. See practice_commons/accounts/auth_forms.py.
ACCOUNT_FORMS = {
    "login": "practice_commons.accounts.auth_forms.LoginForm",
    "signup": "practice_commons.accounts.auth_forms.SignupForm",
    "reset_password": "practice_commons.accounts.auth_forms.ResetPasswordForm",
    "reset_password_from_key": "practice_commons.accounts.auth_forms.ResetPasswordKeyForm",
    "change_password": "practice_commons.accounts.auth_forms.ChangePasswordForm",
    "set_password": "practice_commons.accounts.auth_forms.SetPasswordForm",
    "add_email": "practice_commons.accounts.auth_forms.AddEmailForm",
    "reauthenticate": "practice_commons.accounts.auth_forms.ReauthenticateForm",
}

# --- Reflective sessions -----------------------------------------------------------
# Days after a session ends before its material (the presenter's issue, summary and
# actions) is deleted by `manage.py purge_reflection_material`. Private notes are kept.
REFLECTION_RETENTION_DAYS = env.int("REFLECTION_RETENTION_DAYS", default=90)

# --- Retention ---------------------------------------------------------------------
# How long each kind of personal data is kept, in days. Scheduled jobs enforce each one
# (`notifications/retention.py`), and /privacy/ and /privacy/record/ print them.
# Read notifications and unread ones alike go after this many days.
NOTIFICATION_RETENTION_DAYS = env.int("NOTIFICATION_RETENTION_DAYS", default=365)
# The audit trail (sign-ins, role changes, exports, deletions, moderation): six years.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=6 * 365)
# An account nobody has signed in to for this long is deleted (as if its owner had
# deleted it), after a warning sent this many days before.
INACTIVE_ACCOUNT_DAYS = env.int("INACTIVE_ACCOUNT_DAYS", default=3 * 365)
INACTIVE_ACCOUNT_WARNING_DAYS = env.int("INACTIVE_ACCOUNT_WARNING_DAYS", default=30)
# Organisations' webhook deliveries, with the answers their servers gave.
WEBHOOK_DELIVERY_RETENTION_DAYS = env.int("WEBHOOK_DELIVERY_RETENTION_DAYS", default=90)
# A subject-access archive can be downloaded for this long, then its file is deleted.
PERSONAL_DATA_EXPORT_DAYS = env.int("PERSONAL_DATA_EXPORT_DAYS", default=7)

# --- Organisation affiliation ---------------------------------------------------------
# Days a link emailed to a work address (to confirm where someone works) stays valid, and
# days an organisation's bulk onboarding invitation stays valid.
AFFILIATION_CONFIRMATION_DAYS = env.int("AFFILIATION_CONFIRMATION_DAYS", default=7)
ONBOARDING_INVITATION_DAYS = env.int("ONBOARDING_INVITATION_DAYS", default=30)
