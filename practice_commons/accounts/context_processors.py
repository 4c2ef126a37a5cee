from .selectors import organisations_managed_by


def navigation(request):
    """What the navigation offers the signed-in person (organisations they manage)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"managed_organisations": []}
    return {"managed_organisations": list(organisations_managed_by(user)[:5])}
