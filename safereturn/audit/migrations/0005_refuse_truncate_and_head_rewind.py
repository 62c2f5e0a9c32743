"""PostgreSQL refuses TRUNCATE of the audit tables, deleting the chain head or moving it back.

With the append-only trigger of 0002 this binds every role, the tables' owner included: to rewrite
the trail one must first disable the triggers, as the owner, explicitly. The checkpoint log outside
the database (decision 20) catches even that. Key rotation may re-encrypt a sealed event's purpose
(and nothing else) in a transaction that says so (``SET LOCAL safereturn.reencrypting = on``). Only a session that says so before it starts
(``-c safereturn.allow_audit_truncate=on``: the test profile, whose transactional tests empty every
table between tests) may truncate; the application's role has no TRUNCATE privilege at all.
"""

from importlib import import_module

from django.db import migrations

append_only = import_module("safereturn.audit.migrations.0002_append_only_triggers")

FORWARD = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit events are append-only (delete of event %% refused)', OLD.id;
  END IF;
  IF (NEW.id, NEW.occurred_at, NEW.action, NEW.actor_id, NEW.actor_username, NEW.agency_id, NEW.role,
      NEW.object_type, NEW.object_id, NEW.ip_address, NEW.request_id, NEW.details::text,
      NEW.chain_seq, NEW.prev_hash, NEW.hash)
     IS NOT DISTINCT FROM
     (OLD.id, OLD.occurred_at, OLD.action, OLD.actor_id, OLD.actor_username, OLD.agency_id, OLD.role,
      OLD.object_type, OLD.object_id, OLD.ip_address, OLD.request_id, OLD.details::text,
      OLD.chain_seq, OLD.prev_hash, OLD.hash)
     AND coalesce(current_setting('safereturn.reencrypting', true), '') = 'on' THEN
    -- Key rotation (core.rotation) re-encrypts the purpose: the chain sealed its clear text, so
    -- verify_audit still checks it. The application's role has no UPDATE on the column at all.
    RETURN NEW;
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

CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('safereturn.allow_audit_truncate', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'the audit trail cannot be truncated (%%)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_auditchainhead;
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_auditchainhead
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();

CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'the audit chain head cannot be deleted';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.last_seq < OLD.last_seq
     OR (NEW.last_seq = OLD.last_seq AND NEW.last_hash IS DISTINCT FROM OLD.last_hash) THEN
    RAISE EXCEPTION 'the audit chain head only moves forward';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_auditchainhead;
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_auditchainhead
  FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_auditchainhead;
DROP FUNCTION IF EXISTS audit_head_forward_only();
DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_auditchainhead;
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_refuse_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)
        schema_editor.execute(append_only.FORWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_token_revoked_action")]
    operations = [migrations.RunPython(forward, backward)]
