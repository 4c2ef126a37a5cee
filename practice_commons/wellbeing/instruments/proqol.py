"""ProQOL 5 (Professional Quality of Life): 30 items about the last 30 days, 1–5
(never … very often); three subscales of ten items, each summed (10–50): compassion
satisfaction, burnout (items 1, 4, 15, 17 and 29 reverse-scored) and secondary traumatic
stress. Bands from the measure's own scoring sheet: 22 or less low, 23–41 moderate,
42 or more high. Free to use if credited, not sold, and not changed beyond the
bracketed "[helper]" words (kept here as "help" and "helper")."""

from django.utils.translation import gettext_noop

from . import Band, Instrument, Item, Scale

OFTEN = [(1, "Never"), (2, "Rarely"), (3, "Sometimes"), (4, "Often"), (5, "Very often")]

_TEXTS = {
    1: "I am happy.",
    2: "I am preoccupied with more than one person I help.",
    3: "I get satisfaction from being able to help people.",
    4: "I feel connected to others.",
    5: "I jump or am startled by unexpected sounds.",
    6: "I feel invigorated after working with those I help.",
    7: "I find it difficult to separate my personal life from my life as a helper.",
    8: (
        "I am not as productive at work because I am losing sleep over traumatic "
        "experiences of a person I help."
    ),
    9: "I think that I might have been affected by the traumatic stress of those I help.",
    10: "I feel trapped by my job as a helper.",
    11: "Because of my helping, I have felt \u201con edge\u201d about various things.",
    12: "I like my work as a helper.",
    13: "I feel depressed because of the traumatic experiences of the people I help.",
    14: "I feel as though I am experiencing the trauma of someone I have helped.",
    15: "I have beliefs that sustain me.",
    16: "I am pleased with how I am able to keep up with helping techniques and protocols.",
    17: "I am the person I always wanted to be.",
    18: "My work makes me feel satisfied.",
    19: "I feel worn out because of my work as a helper.",
    20: "I have happy thoughts and feelings about those I help and how I could help them.",
    21: "I feel overwhelmed because my case work load seems endless.",
    22: "I believe I can make a difference through my work.",
    23: (
        "I avoid certain activities or situations because they remind me of frightening "
        "experiences of the people I help."
    ),
    24: "I am proud of what I can do to help.",
    25: "As a result of my helping, I have intrusive, frightening thoughts.",
    26: "I feel \u201cbogged down\u201d by the system.",
    27: "I have thoughts that I am a \u201csuccess\u201d as a helper.",
    28: "I can\u2019t recall important parts of my work with trauma victims.",
    29: "I am a very caring person.",
    30: "I am happy that I chose to do this work.",
}


def _bands(high_meaning: str, low_meaning: str) -> tuple[Band, ...]:
    return (
        Band(gettext_noop("low"), 10, 22, low_meaning),
        Band(gettext_noop("moderate"), 23, 41, gettext_noop("Most people score in this range.")),
        Band(gettext_noop("high"), 42, 50, high_meaning),
    )


PROQOL = Instrument(
    slug="proqol",
    name="Professional Quality of Life Scale (ProQOL 5)",
    short_name="ProQOL 5",
    minutes=8,
    introduction=(
        "When you help people you have direct contact with their lives. As you may have "
        "found, your compassion for those you help can affect you in positive and "
        "negative ways. Below are some questions about your experiences, both positive "
        "and negative, as a helper. Consider each of the following questions about you "
        "and your current work situation. Select the number that honestly reflects how "
        "frequently you experienced these things in the last 30 days."
    ),
    option_sets={"often": OFTEN},
    items=tuple(Item(n, text, "often") for n, text in _TEXTS.items()),
    scales=(
        Scale(
            "proqol_cs",
            gettext_noop("Compassion satisfaction"),
            (3, 6, 12, 16, 18, 20, 22, 24, 27, 30),
            gettext_noop("The pleasure you get from being able to do your work well."),
            method="sum",
            bands=_bands(
                gettext_noop(
                    "You probably get a good deal of professional satisfaction from your work."
                ),
                gettext_noop(
                    "You may be finding problems with your work, or getting your satisfaction "
                    "from other parts of your life."
                ),
            ),
        ),
        Scale(
            "proqol_burnout",
            gettext_noop("Burnout"),
            (1, 4, 8, 10, 15, 17, 19, 21, 26, 29),
            gettext_noop(
                "Feelings of hopelessness and difficulty doing your job well, usually "
                "building up gradually, often with a very high workload or an unsupportive "
                "work environment."
            ),
            reverse=(1, 4, 15, 17, 29),
            method="sum",
            bands=_bands(
                gettext_noop(
                    "A high score is worth talking about with someone you trust: a supervisor, "
                    "your manager, your GP or one of the services below."
                ),
                gettext_noop(
                    "A low score reflects positive feelings about your ability to be effective "
                    "in your work."
                ),
            ),
            higher_is_better=False,
        ),
        Scale(
            "proqol_sts",
            gettext_noop("Secondary traumatic stress"),
            (2, 5, 7, 9, 11, 13, 14, 23, 25, 28),
            gettext_noop(
                "Work-related, secondary exposure to extremely or traumatically stressful "
                "events in the lives of the people you help."
            ),
            method="sum",
            bands=_bands(
                gettext_noop(
                    "A high score is worth talking about with someone you trust: a supervisor, "
                    "your manager, your GP or one of the services below."
                ),
                gettext_noop("A low score suggests this is not weighing on you at the moment."),
            ),
            higher_is_better=False,
        ),
    ),
    licence=gettext_noop(
        "ProQOL 5 © B. Hudnall Stamm, 2009–2012. Professional Quality of Life: "
        "Compassion Satisfaction and Fatigue Version 5 (ProQOL), now looked after by the "
        "Center for Victims of Torture, www.proqol.org. Used free of charge, not sold, and "
        "not changed beyond the words chosen for “[helper]”. No endorsement is "
        "implied."
    ),
    norms=gettext_noop(
        "The bands (22 or less low, 23 to 41 moderate, 42 or more high) are the ones on "
        "the ProQOL 5 scoring sheet. The ProQOL manual's averages use a different, "
        "standardised scoring, so no comparison with them is shown."
    ),
)
