"""The API against its own OpenAPI document, fuzzed by schemathesis as a member (every
other role: ``test_schemathesis_roles.py``).

Every operation, with generated parameters and bodies (bounded examples, fixed seed),
must never answer 5xx, and every answer must match the document: a declared status, a
JSON content type and a body that fits the declared schema. A new operation joins this
test by existing; a status it can return but does not declare fails it.

Most generated path parameters are swapped for a real object the member can reach (see
``conftest.api_world``), so bodies reach the services instead of stopping at a 404; the
rest keep their generated value, so the 404 answers are checked too.
"""

from .fuzzing import CHECKS, MAX_EXAMPLES, aim_at_real_objects, fuzz_settings, schema


@schema.parametrize()
@fuzz_settings(MAX_EXAMPLES)
def test_every_operation_conforms_and_never_fails(case, api_world, test_connection_kept):
    aim_at_real_objects(case, api_world.path_values)
    response = case.call(headers=api_world.headers)
    case.validate_response(response, checks=CHECKS)
