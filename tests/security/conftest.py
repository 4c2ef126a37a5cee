import pytest

from .matrix import role_world_fixture

role_world = pytest.fixture(scope="module")(role_world_fixture)
