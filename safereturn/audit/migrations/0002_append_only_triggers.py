"""PostgreSQL refuses DELETE of audit events and any UPDATE except sealing an unsealed row."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit events are append-only (delete of event %% refused)', OLD.id;
  END IF;
  IF OLD.chain_seq IS NOT NULL THEN
    RAISE EXCEPTION 'audit event %% is sealed and cannot be changed', OLD.id;
  END IF;
  IF (NEW.id, NEW.occurred_at, NEW.action, NEW.actor_id, NEW.actor_username, NEW.agency_id, NEW.role,
      NEW.object_type, NEW.object_id, NEW.purpose, NEW.ip_address, NEW.request_id, NEW.details::text)
     IS DISTINCT FROM
     (OLD.id, OLD.occurred_at, OLD.action, OLD.actor_id, OLD.actor_username, OLD.agency_id, OLD.role,
      OLD.object_type, OLD.object_id, OLD.purpose, OLD.ip_address, OLD.request_id, OLD.details::text) THEN
    RAISE EXCEPTION 'only sealing may update audit event %%', OLD.id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
