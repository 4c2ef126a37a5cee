from django.conf import settings


def site(request):
    """Values every page needs: the site's name and what the navigation should offer."""
    user = getattr(request, "user", None)
    managed = []
    if user is not None and user.is_authenticated:
        # Imported here: core sits below accounts and must not import it at module level.
        from practice_commons.accounts.selectors import organisations_managed_by

        managed = list(organisations_managed_by(user)[:5])
    return {
        "SITE_NAME": settings.SITE_NAME,
        "DEBUG": settings.DEBUG,
        "managed_organisations": managed,
    }
