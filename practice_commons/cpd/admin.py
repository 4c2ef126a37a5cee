"""Nothing of CPD is in the Django admin: records, evidence and shares are private to
their owner, and host admins never see them (the privacy tests check the admin too)."""
