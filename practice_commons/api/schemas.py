"""Schemas of the api app itself. The profile (``ProfileOut``) moved to
``accounts.api_me`` with ``GET /me``."""

from practice_commons.core.api_schemas import ErrorOut  # noqa: F401 - re-exported
