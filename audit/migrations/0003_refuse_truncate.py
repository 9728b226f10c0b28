"""PostgreSQL: refuse TRUNCATE of the audit log too.

TRUNCATE is not a row operation, so the row trigger of 0002 never sees it. A statement trigger
refuses it unless the session has said, on purpose, that it may empty the table: the test
settings do so for every connection (the test runner empties tables between tests), and an
operator's deliberate purge must too (``SET leavingcare.allow_audit_truncate = 'on'``).
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_auditevent_no_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('leavingcare.allow_audit_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: TRUNCATE refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_no_truncate();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_no_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(forward, reverse)]
