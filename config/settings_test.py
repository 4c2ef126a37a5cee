"""Settings for the test suite: the same as production-shaped settings, minus slow or
stateful pieces. The database still comes from ``DATABASE_URL`` so the suite runs on
SQLite by default and on PostgreSQL in CI."""

from .settings import *  # noqa: F403
from .settings import CACHES, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WEBHOOKS_ALLOW_LOOPBACK_HTTP = True  # the webhook tests deliver to a server on 127.0.0.1
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": CACHES["fragments"],
}
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,5/5m/key", "signup": "100/m/ip"}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Embeds: the browser tests frame them from a page served on http://127.0.0.1.
EMBED_ALLOW_LOCAL_ORIGINS = True
# Host admins' two-factor rule is tested on its own (accounts/tests/test_mfa_required.py);
# elsewhere host admins sign in with a password only, as in the embedded mode.
MFA_REQUIRED_FOR_HOST_ADMINS = False
