from django.conf import settings

from .pwa import offline_owner


def site(request):
    """Values every page needs, whoever is asking."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_BRAND_COLOUR": settings.SITE_BRAND_COLOUR,
        "DEBUG": settings.DEBUG,
        "OFFLINE_OWNER": offline_owner(getattr(request, "user", None)),
    }
