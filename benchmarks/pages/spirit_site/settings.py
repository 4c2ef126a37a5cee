"""Spirit's own production settings (its project template's ``base`` and ``prod``), with
the benchmark's database; caches in local memory like Practice Commons without Redis."""

import os
from urllib.parse import urlsplit

from spirit.extra.project_template.project_name.settings.base import *  # noqa: F403

_db = urlsplit(os.environ["DATABASE_URL"])
_var = os.environ["SPIRIT_VAR_DIR"]

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "spirit-benchmark-only")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "spirit_site.urls"
WSGI_APPLICATION = "spirit_site.wsgi.application"
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
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "st_rate_limit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "spirit_rl_cache",
        "TIMEOUT": None,
    },
}
STATIC_ROOT = os.path.join(_var, "static")
MEDIA_ROOT = os.path.join(_var, "media")
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
        "PATH": os.path.join(_var, "st_search"),
    }
}
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405 - as Spirit's prod settings
    "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
ST_SITE_URL = "http://127.0.0.1/"
LANGUAGE_CODE = "en"
