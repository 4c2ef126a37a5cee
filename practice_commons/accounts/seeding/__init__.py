"""Demo data for accounts: organisations across the four nations, people in the curated
professions, and one demo login per role. Registered with ``core.seeding`` so that
``manage.py seed_demo`` runs it before every other app's seeder."""

from practice_commons.core.seeding import register_seeder

from .affiliation import seed_affiliations
from .demo import DEMO_LOGINS, DEMO_PASSWORD, logins_table
from .seeder import is_seeded, reset_accounts, seed_accounts

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "is_seeded", "logins_table"]

register_seeder("accounts", seed_accounts, order=0, reset=reset_accounts)
# Domains and a few pending requests; the demo people's requests go with them on reset.
register_seeder("affiliations", seed_affiliations, order=1)
