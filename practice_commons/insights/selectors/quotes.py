"""Feedback quotes for the impact report: only those their writers consented to have
quoted (reflection's ``consent_to_quote``), never with a name."""

from practice_commons.reflection.models import SessionFeedback

MAX_QUOTES = 10


def consented_quotes(community, period) -> list[str]:
    return list(
        SessionFeedback.objects.filter(
            session__community=community,
            consent_to_quote=True,
            created_at__gte=period.since,
            created_at__lt=period.until,
        )
        .exclude(gave_you="")
        .order_by("-created_at", "-pk")
        .values_list("gave_you", flat=True)[:MAX_QUOTES]
    )
