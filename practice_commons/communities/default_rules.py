"""The group rules every new community starts with, kept as data so a change is one edit.

Source: the default ground rules of a Scottish social work community of practice
(see ``shared/domain.md``, "Reflective group formats"), plus the rule that
safeguarding duties override confidentiality. Facilitators edit them per community;
editing creates a new ``CommunityRules`` version.
"""

DEFAULT_RULES: list[dict[str, str]] = [
    {
        "title": "Confidentiality",
        "description": "What is shared in the group stays in the group. Never name or "
        "identify the people you work with: no names, dates of birth, addresses or "
        "case numbers.",
    },
    {
        "title": 'Take off the caseworker "hat"',
        "description": "We meet as peers reflecting on practice, not as case managers "
        "making decisions about a case.",
    },
    {
        "title": "No scrutinising cases",
        "description": "We do not audit or second-guess a colleague's casework; we "
        "reflect on what it raises for us.",
    },
    {
        "title": "Summarise the description",
        "description": "Keep the account of a situation short and general: enough for "
        "the group to reflect on, no more.",
    },
    {
        "title": 'Speak from an "I" place, including feelings',
        "description": "Say what the issue raises for you, how it leaves you feeling and "
        "what you notice in your own practice.",
    },
    {
        "title": "Non-judgement",
        "description": "Listen with respect and without judging the presenter or each "
        "other; challenge ideas kindly.",
    },
    {
        "title": "The work belongs to the whole group",
        "description": "Insights and learning are shared; everyone is responsible for how "
        "the group works.",
    },
    {
        "title": "Safeguarding duties override confidentiality",
        "description": "If something shared suggests that someone is at risk of harm, "
        "your safeguarding duties come first: follow your employer's procedure and tell "
        "the community's safeguarding lead.",
    },
]

MAX_RULES = 30
MAX_RULE_TITLE = 120
MAX_RULE_DESCRIPTION = 1000


def default_rules() -> list[dict[str, str]]:
    """A fresh copy, so callers can never change the module's data."""
    return [dict(rule) for rule in DEFAULT_RULES]
