from practice_commons.core.facts import fact

from .selectors import organisations_managed_by


def navigation(request):
    """What the navigation offers the signed-in person (organisations they manage).

    Read once a request: pages that render panels with the request (the community page)
    run the context processors once a panel."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"managed_organisations": []}
    if not hasattr(request, "_managed_organisations"):
        request._managed_organisations = managed_organisations(user)
    return {"managed_organisations": request._managed_organisations}


def managed_organisations(user) -> list:
    """At most five organisations the person administers. No query for someone who
    administers none, or only their own organisation (the facts ``accounts.facts``
    defines, and the organisation, come with the signed-in person)."""
    count = fact(user, "managed_organisations")
    if not count or user.is_host_admin:
        return []
    if count == 1 and fact(user, "manages_own_organisation"):
        return [user.organisation]
    return list(organisations_managed_by(user)[:5])
