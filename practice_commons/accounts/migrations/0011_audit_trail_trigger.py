"""The audit trail's append-only rule held by PostgreSQL itself, so that raw SQL, another
tool or a bug that bypasses the ORM cannot change or remove an entry either.

- UPDATE is refused unless the only change is ``actor_id`` going to NULL (the
  ``on_delete=SET_NULL`` Django makes when an actor's account is deleted).
- DELETE is refused unless the transaction has declared a purge cutoff
  (``SET LOCAL practice_commons.audit_purge_before``, done only by
  ``AuditEventQuerySet.purge_expired``) and the entry is older than it.

It guards against mistakes and bypasses, not against a database superuser, who can drop
the trigger. TRUNCATE (used by the test runner to empty tables) is not covered. On
SQLite (the embedded mode) the application's rule stands alone."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION accounts_auditevent_append_only() RETURNS trigger AS $$
DECLARE
    expected accounts_auditevent%ROWTYPE;
    cutoff timestamptz;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        expected := OLD;
        expected.actor_id := NULL;
        IF OLD.actor_id IS NOT NULL AND NEW IS NOT DISTINCT FROM expected THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'Audit entries cannot be changed.' USING ERRCODE = 'restrict_violation';
    END IF;
    cutoff := NULLIF(current_setting('practice_commons.audit_purge_before', true), '')::timestamptz;
    IF cutoff IS NOT NULL AND OLD.created_at < cutoff THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Audit entries are deleted only by the retention purge.'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent;
CREATE TRIGGER accounts_auditevent_append_only
    BEFORE UPDATE OR DELETE ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION accounts_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent;
DROP FUNCTION IF EXISTS accounts_auditevent_append_only();
"""


def run_on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no placeholders: "%ROWTYPE" stays

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_audit_trail_append_only"),
    ]

    operations = [
        migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP)),
    ]
