"""The privacy notice's retention table and the record of processing (UK GDPR article 30),
generated from the settings that the scheduled jobs enforce, so the published periods
can never drift from what the platform does."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RetentionRule:
    data: str
    setting: str
    how: str

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting))

    @property
    def period(self) -> str:
        days = self.days
        if days % 365 == 0:
            years = days // 365
            return _("%(n)s year") % {"n": years} if years == 1 else _("%(n)s years") % {"n": years}
        return _("%(n)s day") % {"n": days} if days == 1 else _("%(n)s days") % {"n": days}


RETENTION_RULES = (
    RetentionRule(
        _("Reflective session material (the presenter's issue, summary and actions)"),
        "REFLECTION_RETENTION_DAYS",
        _("deleted that long after the session ends; your private notes stay with you"),
    ),
    RetentionRule(
        _("Notifications"),
        "NOTIFICATION_RETENTION_DAYS",
        _("deleted that long after they were sent, read or not"),
    ),
    RetentionRule(
        _("Audit trail (sign-ins, role changes, exports, deletions, moderation)"),
        "AUDIT_RETENTION_DAYS",
        _("entries older than that are deleted; nothing else ever removes one"),
    ),
    RetentionRule(
        _("Accounts nobody signs in to"),
        "INACTIVE_ACCOUNT_DAYS",
        _(
            "deleted with their personal data after that long without a sign-in, after a "
            "warning by email"
        ),
    ),
    RetentionRule(
        _("Records of webhook deliveries to organisations' systems, with their answers"),
        "WEBHOOK_DELIVERY_RETENTION_DAYS",
        _("deleted that long after the event, once no retry is due"),
    ),
    RetentionRule(
        _("Copies of your data you downloaded"),
        "PERSONAL_DATA_EXPORT_DAYS",
        _("the archive's file is deleted that long after it is ready"),
    ),
)

# What the record of processing says beyond the retention periods. Each line is a fact
# about how the product works; change it when the product changes.
PURPOSES = (
    _("Communities of practice, discussions and reflective peer sessions between practitioners"),
    _("Events and joint training: bookings, waiting lists, attendance and certificates"),
    _("Continuing professional development records against the professional frameworks"),
    _("Wellbeing check-ins, shown to organisations only as aggregates of at least ten people"),
    _("Collaboration between organisations: opportunities, agreements, work-shadowing, jobs"),
    _("Keeping the service safe: the confidentiality guard, reports, moderation and audit"),
)
DATA_SUBJECTS = (
    _("Practitioners who hold an account (social workers and the professionals they work beside)"),
    _("Staff of member organisations invited to join"),
)
CATEGORIES = (
    _("Identity and contact: name, pronouns, work email address"),
    _("Professional: profession, organisation, registration body and number, expertise"),
    _("Contributions: posts, messages, library items, agreements, feedback"),
    _("Learning: event attendance, CPD records and reflections"),
    _(
        "Health (special category): wellbeing answers, stored under a keyed pseudonym, never "
        "shown to anyone but the person except as suppressed aggregates"
    ),
    _("Technical: sign-in times, audit entries, API tokens (as digests)"),
)
RECIPIENTS = (
    _("Other members, as each community's and page's visibility allows"),
    _("Organisation admins: their own staff's affiliation and aggregate figures only"),
    _("Safeguarding leads: reports for the communities they cover"),
    _("Email delivery provider, as a processor, for notifications"),
)
SECURITY = (
    _(
        "Everything written passes the confidentiality guard before it is stored, so details "
        "of the people practitioners work with are not held"
    ),
    _("Tokens and links stored only as SHA-256 digests; passwords hashed; two-factor sign-in"),
    _("Private files served only through permission checks, with download headers"),
    _("Append-only audit trail of security-relevant and moderation actions"),
    _("Backups as one archive of the database and files, restored by a tested command"),
)


def retention_rules() -> tuple[RetentionRule, ...]:
    return RETENTION_RULES


def sign_in_providers() -> list[str]:
    """The organisations' identity providers configured for single sign-on
    (``SSO_OIDC_PROVIDERS``, ``SSO_SAML_PROVIDERS``), by name."""
    providers = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {})
    return sorted(
        app.get("name") or app.get("provider_id", "")
        for config in providers.values()
        for app in config.get("APPS", [])
    )


def categories() -> tuple:
    """What is held, with single sign-on's own line only where a provider is configured."""
    names = sign_in_providers()
    if not names:
        return CATEGORIES
    return (
        *CATEGORIES,
        _(
            "Single sign-on (%(providers)s): the identity provider's identifier for you and "
            "the name and work email address it sends when you sign in with it"
        )
        % {"providers": ", ".join(names)},
    )


def recipients() -> tuple:
    names = sign_in_providers()
    if not names:
        return RECIPIENTS
    return (
        *RECIPIENTS,
        _(
            "Your organisation's identity provider (%(providers)s) learns when you sign in "
            "with it; it receives nothing else from the platform"
        )
        % {"providers": ", ".join(names)},
    )
