from django.conf import settings


def site(request):
    """Values every page needs, whoever is asking."""
    return {"SITE_NAME": settings.SITE_NAME, "DEBUG": settings.DEBUG}
