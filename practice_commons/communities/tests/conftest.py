"""Communities for the communities tests.

``cast``, ``client_for``, ``private_community`` and ``members_only_community`` come from
the root ``conftest.py`` (the discussions tests use them too); ``ROLES``, the keys of
``cast(community)``, is in ``factories``.
"""

import pytest

from .factories import make_community


@pytest.fixture
def community(db):
    return make_community(name="Children and families decision-making")


@pytest.fixture(autouse=True)
def _own_panels_only():
    """The community page's panels belong to higher apps and are tested (with their query
    budgets) there; these tests see only the panels they register themselves."""
    from practice_commons.communities import panels

    saved = dict(panels._PANELS)
    panels._PANELS.clear()
    yield
    panels._PANELS.clear()
    panels._PANELS.update(saved)
