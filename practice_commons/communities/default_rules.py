"""The group rules every new community starts with, kept as data so a change is one edit.

Source: the default ground rules of a Scottish social work community of practice
(see ``shared/domain.md``, "Reflective group formats"), plus the rule that
safeguarding duties override confidentiality. Facilitators edit them per community;
editing creates a new ``CommunityRules`` version.

The texts are marked for translation and copied in the language of the person who
creates the community (``default_rules``): from then on they are that community's own
text, which its facilitators edit.
"""

from django.utils.translation import gettext_lazy as _

DEFAULT_RULES: list[dict[str, str]] = [
    {
        "title": _("Confidentiality"),
        "description": _(
            "What is shared in the group stays in the group. Never name or "
            "identify the people you work with: no names, dates of birth, addresses or "
            "case numbers."
        ),
    },
    {
        "title": _('Take off the caseworker "hat"'),
        "description": _(
            "We meet as peers reflecting on practice, not as case managers "
            "making decisions about a case."
        ),
    },
    {
        "title": _("No scrutinising cases"),
        "description": _(
            "We do not audit or second-guess a colleague's casework; we "
            "reflect on what it raises for us."
        ),
    },
    {
        "title": _("Summarise the description"),
        "description": _(
            "Keep the account of a situation short and general: enough for "
            "the group to reflect on, no more."
        ),
    },
    {
        "title": _('Speak from an "I" place, including feelings'),
        "description": _(
            "Say what the issue raises for you, how it leaves you feeling and "
            "what you notice in your own practice."
        ),
    },
    {
        "title": _("Non-judgement"),
        "description": _(
            "Listen with respect and without judging the presenter or each "
            "other; challenge ideas kindly."
        ),
    },
    {
        "title": _("The work belongs to the whole group"),
        "description": _(
            "Insights and learning are shared; everyone is responsible for how the group works."
        ),
    },
    {
        "title": _("Safeguarding duties override confidentiality"),
        "description": _(
            "If something shared suggests that someone is at risk of harm, "
            "your safeguarding duties come first: follow your employer's procedure and tell "
            "the community's safeguarding lead."
        ),
    },
]

MAX_RULES = 30
MAX_RULE_TITLE = 120
MAX_RULE_DESCRIPTION = 1000


def default_rules() -> list[dict[str, str]]:
    """A fresh copy in the active language, so callers can never change the module's
    data."""
    return [{key: str(value) for key, value in rule.items()} for rule in DEFAULT_RULES]
