"""HSE Management Standards Indicator Tool: 35 items on 7 scales.

Items 1–23 are answered by frequency (never … always), 24–35 by agreement (strongly
disagree … strongly agree). The demands and relationships items are reverse-scored;
each scale is the mean of its items, 1–5, higher is better; there is no total.
Crown copyright, reused under the Open Government Licence v3.0."""

from django.utils.translation import gettext_noop

from . import Instrument, Item, Scale

FREQUENCY = [(1, "Never"), (2, "Seldom"), (3, "Sometimes"), (4, "Often"), (5, "Always")]
AGREEMENT = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neutral"),
    (4, "Agree"),
    (5, "Strongly agree"),
]

_TEXTS = {
    1: "I am clear what is expected of me at work",
    2: "I can decide when to take a break",
    3: "Different groups at work demand things from me that are hard to combine",
    4: "I know how to go about getting my job done",
    5: "I am subject to personal harassment in the form of unkind words or behaviour",
    6: "I have unachievable deadlines",
    7: "If work gets difficult, my colleagues will help me",
    8: "I am given supportive feedback on the work I do",
    9: "I have to work very intensively",
    10: "I have a say in my own work speed",
    11: "I am clear what my duties and responsibilities are",
    12: "I have to neglect some tasks because I have too much to do",
    13: "I am clear about the goals and objectives for my department",
    14: "There is friction or anger between colleagues",
    15: "I have a choice in deciding how I do my work",
    16: "I am unable to take sufficient breaks",
    17: "I understand how my work fits into the overall aim of the organisation",
    18: "I am pressured to work long hours",
    19: "I have a choice in deciding what I do at work",
    20: "I have to work very fast",
    21: "I am subject to bullying at work",
    22: "I have unrealistic time pressures",
    23: "I can rely on my line manager to help me out with a work problem",
    24: "I get the help and support I need from colleagues",
    25: "I have some say over the way I work",
    26: "I have sufficient opportunities to question managers about change at work",
    27: "I receive the respect at work I deserve from my colleagues",
    28: "Staff are always consulted about change at work",
    29: "I can talk to my line manager about something that has upset or annoyed me about work",
    30: "My working time can be flexible",
    31: "My colleagues are willing to listen to my work-related problems",
    32: "When changes are made at work, I am clear how they will work out in practice",
    33: "I am supported through emotionally demanding work",
    34: "Relationships at work are strained",
    35: "My line manager encourages me at work",
}

HSE = Instrument(
    slug="hse",
    name="HSE Management Standards Indicator Tool",
    short_name="HSE Indicator Tool",
    minutes=10,
    introduction=gettext_noop(
        "35 statements about your working conditions over the last six months. Each of "
        "the seven areas is scored from 1 to 5; a higher score means better conditions "
        "in that area. It describes your work, not you."
    ),
    option_sets={"frequency": FREQUENCY, "agreement": AGREEMENT},
    items=tuple(
        Item(n, text, "frequency" if n <= 23 else "agreement") for n, text in _TEXTS.items()
    ),
    scales=(
        Scale(
            "hse_demands",
            gettext_noop("Demands"),
            (3, 6, 9, 12, 16, 18, 20, 22),
            gettext_noop(
                "Workload, pace and hours. A low score means the demands on you are high."
            ),
            reverse=(3, 6, 9, 12, 16, 18, 20, 22),
        ),
        Scale(
            "hse_control",
            gettext_noop("Control"),
            (2, 10, 15, 19, 25, 30),
            gettext_noop("How much say you have in the way you do your work."),
        ),
        Scale(
            "hse_manager_support",
            gettext_noop("Manager support"),
            (8, 23, 29, 33, 35),
            gettext_noop("Encouragement, feedback and help from your line manager."),
        ),
        Scale(
            "hse_peer_support",
            gettext_noop("Peer support"),
            (7, 24, 27, 31),
            gettext_noop("Help, respect and a listening ear from colleagues."),
        ),
        Scale(
            "hse_relationships",
            gettext_noop("Relationships"),
            (5, 14, 21, 34),
            gettext_noop(
                "Whether work is free of conflict, harassment and bullying. A low score "
                "means more of them."
            ),
            reverse=(5, 14, 21, 34),
        ),
        Scale(
            "hse_role",
            gettext_noop("Role"),
            (1, 4, 11, 13, 17),
            gettext_noop("Whether you understand your role and what is expected of you."),
        ),
        Scale(
            "hse_change",
            gettext_noop("Change"),
            (26, 28, 32),
            gettext_noop("How well change at work is consulted on and explained."),
        ),
    ),
    licence=gettext_noop(
        "The HSE Management Standards Indicator Tool is Crown copyright, published by the "
        "Health and Safety Executive and reused here under the Open Government Licence "
        "v3.0. The Health and Safety Executive does not endorse Practice Commons."
    ),
    norms=gettext_noop(
        "HSE has published benchmarks for each area, but we have not yet checked the "
        "current figures, so no comparison with them is shown. As a rough guide, scores "
        "below 3 suggest an area that deserves attention."
    ),
    checks=(
        "Item wording checked against independent public transcriptions of the 35 items; "
        "to be checked once more against HSE's current PDF of the tool.",
        "Licence notice to be checked against the tool's own notice.",
    ),
)
