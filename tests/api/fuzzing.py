"""What the API's fuzzing tests share (``test_schemathesis.py`` as a member,
``test_schemathesis_roles.py`` as every other role): the schema loaded from the
application, the checks, and real objects for the path parameters.

Two files so that CI's two workers each take one (``--dist loadfile``).
"""

import zlib

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]

# Per operation and phase; with a fixed seed the run is the same every time. About a
# minute for the whole API on a 2-core machine.
MAX_EXAMPLES = 12


def _load_schema():
    from config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = _load_schema()


def aim_at_real_objects(case, path_values: dict) -> None:
    """Three generated path values in four become a real object's (a stable choice, from
    the generated value itself, so the fixed seed still fixes the run)."""
    parameters = case.path_parameters or {}
    for name, generated in parameters.items():
        if name in path_values and zlib.crc32(repr(generated).encode()) % 4:
            parameters[name] = path_values[name]


def fuzz_settings(max_examples: int):
    """Hypothesis settings for a fuzz run: a fixed seed (the run is the same every time),
    no deadline and no example database."""
    return settings(
        max_examples=max_examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
