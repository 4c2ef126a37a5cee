"""What every discussions read shares: who is signed in, and how an author is shown.

Templates and the API never read ``author`` for display: they read ``shown_author``
(``None`` for an anonymous post or a former member) and ``author_label``.
"""

from django.utils.translation import gettext as _


def signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def anonymous_label() -> str:
    return _("A member")


def decorate_author(obj) -> None:
    if obj.is_anonymous:
        obj.shown_author, obj.author_label = None, anonymous_label()
    elif obj.author_id is None:
        obj.shown_author, obj.author_label = None, _("A former member")
    else:
        obj.shown_author, obj.author_label = obj.author, obj.author.display_name
