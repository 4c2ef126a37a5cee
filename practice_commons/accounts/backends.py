"""The sign-in backends: Django's and allauth's, loading the signed-in person with the
facts pages ask about them (``core.facts``) and their organisation in the same query,
so the notification count, the navigation and the home page's gates cost no query of
their own."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from practice_commons.core import facts


class LoadsFacts:
    """``get_user`` reading the person, their organisation and their facts in one query."""

    def get_user(self, user_id):
        try:
            user = (
                get_user_model()
                ._default_manager.select_related("organisation")
                .annotate(**facts.annotations(user_id))
                .get(pk=user_id)
            )
        except get_user_model().DoesNotExist:
            return None
        facts.keep_loaded_facts(user)
        return user if self.user_can_authenticate(user) else None


class ModelBackend(LoadsFacts, DjangoModelBackend):
    pass


class AuthenticationBackend(LoadsFacts, AllauthBackend):
    pass
