import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# After the application is set up (Django is then configured and importable).
from practice_commons.core.collector import freeze_after_requests  # noqa: E402

freeze_after_requests()
