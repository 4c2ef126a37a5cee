"""Background jobs: thin, idempotent, given ids (never text), calling services.

Tasks sit above services: this module imports them at module level, and a service that
queues a task imports this module inside the function that queues it, after commit.
"""

from django_tasks import task

from .services import affiliation, onboarding, onboarding_invitations, personal_data


@task()
def validate_onboarding_import(import_id: int) -> str | None:
    """Check every row of a large staff file; the status page polls its progress."""
    return onboarding.onboarding_import_validate(import_id=import_id)


@task()
def run_onboarding_import(import_id: int) -> int:
    """Invite the rows of a confirmed large staff file, resuming where a run stopped."""
    return onboarding_invitations.onboarding_import_run(import_id=import_id)


@task()
def send_affiliation_outcome(request_id: int) -> bool:
    """Tell a person that their affiliation was approved or declined (once)."""
    return affiliation.affiliation_outcome_send(request_id=request_id)


@task()
def build_personal_data_export(export_id: int) -> str:
    """Build a person's subject-access archive into private storage (once)."""
    return personal_data.personal_data_export_build(export_id=export_id)
