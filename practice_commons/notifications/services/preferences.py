"""A person's choices about email: channel per kind and per community, quiet hours,
time zone, summary digest frequency, and one-click unsubscribe.

These govern email only: in-app notifications are recorded whatever is chosen here
(unless a thread is muted, see ``recording``).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record

from .. import quiet, selectors
from ..kinds import DIGEST_UNSUBSCRIBE_KIND, Channel, DigestFrequency, NotificationKind
from ..models import NotificationPreference, NotificationSettings
from ..tokens import read_unsubscribe_token


@transaction.atomic
def preferences_update(
    *, actor, kinds: dict[str, str] | None = None, communities: dict[int, str] | None = None
) -> None:
    """Save the person's channel for each kind and their override for each community
    (``""`` for a community means "same as my defaults" and removes the override)."""
    for kind, channel in (kinds or {}).items():
        if kind not in NotificationKind.values or channel not in Channel.values:
            raise ValidationError(_("Choose an option from the list."))
        NotificationPreference.objects.update_or_create(
            user=actor, kind=kind, community_id=None, defaults={"channel": channel}
        )
    for community_id, channel in (communities or {}).items():
        rows = NotificationPreference.objects.filter(
            user=actor, kind=selectors.ALL_KINDS, community_id=community_id
        )
        if not channel:
            rows.delete()
            continue
        if channel not in Channel.values:
            raise ValidationError(_("Choose an option from the list."))
        NotificationPreference.objects.update_or_create(
            user=actor,
            kind=selectors.ALL_KINDS,
            community_id=community_id,
            defaults={"channel": channel},
        )


@transaction.atomic
def notification_settings_update(
    *,
    actor,
    timezone_name: str | None = None,
    quiet_hours_enabled: bool | None = None,
    quiet_hours: dict | None = None,
    digest_frequency: str | None = None,
) -> NotificationSettings:
    """Change only what is given (``None`` leaves a setting as it is); the row is created
    with the defaults on a person's first change."""
    row, _created = NotificationSettings.objects.select_for_update().get_or_create(user=actor)
    changed = []
    if timezone_name is not None:
        if quiet.zone(timezone_name).key != timezone_name:
            raise ValidationError({"timezone": _("Choose a time zone from the list.")})
        row.timezone = timezone_name
        changed.append("timezone")
    if quiet_hours_enabled is not None:
        row.quiet_hours_enabled = quiet_hours_enabled
        changed.append("quiet_hours_enabled")
    if quiet_hours is not None:
        row.quiet_hours = {
            key: quiet.parse_day(quiet.format_day(quiet_hours.get(key, [])))
            for key in quiet.WEEKDAY_KEYS
        }
        changed.append("quiet_hours")
    if digest_frequency is not None:
        if digest_frequency not in DigestFrequency.values:
            raise ValidationError({"digest_frequency": _("Choose an option from the list.")})
        row.digest_frequency = digest_frequency
        changed.append("digest_frequency")
    quiet.require_time_outside(row.quiet_hours or {}, enabled=row.quiet_hours_enabled)
    if changed:
        row.save(update_fields=[*changed, "updated_at"])
    return row


@transaction.atomic
def unsubscribe(*, token: str):
    """Switch one kind of email off for the person the token was made for. Returns
    ``(user, kind)``; raises ``ValidationError`` for a token that is not ours."""
    parsed = read_unsubscribe_token(token)
    User = get_user_model()
    user = User.objects.filter(pk=parsed[0]).first() if parsed else None
    if user is None:
        raise ValidationError(_("This unsubscribe link is not valid."))
    kind = parsed[1]
    if kind == DIGEST_UNSUBSCRIBE_KIND:
        notification_settings_update(actor=user, digest_frequency=DigestFrequency.OFF)
    elif kind in NotificationKind.values:
        preferences_update(actor=user, kinds={kind: Channel.OFF})
    else:
        raise ValidationError(_("This unsubscribe link is not valid."))
    audit_record(actor=user, action="notifications.unsubscribe", target=user, data={"kind": kind})
    return user, kind
