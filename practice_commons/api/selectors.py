from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import ApiToken


def tokens_for(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def token_owned_by(user, token_id: int) -> ApiToken:
    return get_object_or_404(ApiToken, pk=token_id, user=user)
