from .selectors import organisations_managed_by


def navigation(request):
    """What the navigation offers the signed-in person (organisations they manage).

    Read once a request: pages that render panels with the request (the community page)
    run the context processors once a panel."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"managed_organisations": []}
    if not hasattr(request, "_managed_organisations"):
        request._managed_organisations = list(organisations_managed_by(user)[:5])
    return {"managed_organisations": request._managed_organisations}
