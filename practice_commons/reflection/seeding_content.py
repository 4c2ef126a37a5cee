"""Fixed, vetted demo text for reflective sessions (``tests/test_seeding.py`` runs every
text through the confidentiality guard). Nothing here names or describes a person."""

THEMES = [
    "Holding uncertainty",
    "When a decision keeps us awake",
    "Staying curious under pressure",
    "Working with resistance",
    "Endings and transitions",
    "Hope and realism",
    "What we carry home",
    "Being new in the team",
    "Disagreeing with another agency",
    "Looking after ourselves",
]

# (community key, title, format, past session count, upcoming session count)
DEMO_SERIES = [
    ("reflective-set", "Wednesday reflective set", "flexible", 6, 1),
    ("asye", "ASYE peer supervision", "peer_supervision", 4, 1),
    ("cfdm", "Decision-making action learning set", "action_learning", 3, 1),
]

TESTIMONIALS = [
    "Provides a reflective space to think about my work.",
    "I came in tired and left with a clearer head.",
    "Hearing what the issue raised for others helped me see my own practice differently.",
    "No advice, just thinking together. I did not know how much I needed that.",
    "Comfortable for someone new like me: nobody put me on the spot.",
    "It reminded me why I do this work.",
    "I noticed how much I had been holding on my own.",
    "The rules made it feel safe to be honest about how I felt.",
]

SUMMARIES = [
    "I heard that several of us recognise the pull to fix things quickly, and that "
    "slowing down felt risky but helped. I am taking away the idea of naming my own "
    "anxiety before I decide.",
    "The group reflected on how uncertainty lands in the body. I take from this that I "
    "can share the weight with my supervisor earlier rather than later.",
    "Several reflections were about hope: holding it without promising outcomes. I want "
    "to notice when I talk myself out of hope to protect myself.",
]

ACTIONS = [
    "Book time with my supervisor to talk about how this work affects me.",
    "Try the pause-and-name approach in my next difficult meeting.",
    "Bring one piece of learning to my team meeting.",
    "Protect thirty minutes at the end of the week to write up my reflections.",
]

NOTES = [
    "Remember: my urge to rescue is about my anxiety, not what is needed.",
    "Ask my supervisor about the reading on uncertainty that came up today.",
]
