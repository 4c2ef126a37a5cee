"""The curated list of professions, kept as data so a change is one edit."""

PROFESSIONS = [
    # (name, slug, is_social_work)
    ("Social worker", "social-worker", True),
    ("Teacher", "teacher", False),
    ("Police officer", "police-officer", False),
    ("Health visitor", "health-visitor", False),
    ("School nurse", "school-nurse", False),
    ("Youth worker", "youth-worker", False),
    ("Early years practitioner", "early-years-practitioner", False),
    ("Housing officer", "housing-officer", False),
    ("GP", "gp", False),
    ("Mental health nurse", "mental-health-nurse", False),
    ("Probation officer", "probation-officer", False),
    ("Other", "other", False),
]
