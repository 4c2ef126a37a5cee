"""Settings of the lean reference project (production-like: DEBUG off, cached templates)."""

import os
from urllib.parse import urlsplit

_db = urlsplit(os.environ["DATABASE_URL"])

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "lean-reference-only")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = ["lean"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
ROOT_URLCONF = "lean.urls"
WSGI_APPLICATION = "lean.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {},  # with DEBUG off, Django caches compiled templates
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _db.path.lstrip("/"),
        "USER": _db.username or "",
        "PASSWORD": _db.password or "",
        "HOST": _db.hostname or "",
        "PORT": str(_db.port or ""),
        "CONN_MAX_AGE": 60,
    }
}
USE_TZ = True
TIME_ZONE = "Europe/London"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
