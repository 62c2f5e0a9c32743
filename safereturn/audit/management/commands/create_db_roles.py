"""PostgreSQL roles: one that owns the schema (migrations), one the application connects as.

The application's role reads and writes every table but cannot rewrite the audit trail: on the
audit tables it may SELECT and INSERT, and UPDATE only the sealing columns (the triggers of audit
migrations 0002 and 0005 allow no more than sealing an unsealed row and moving the head forward);
it has no DELETE or TRUNCATE there. Run as a superuser (or the database's owner) after every
``migrate``: it is idempotent, and grants on tables created since.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

from safereturn.audit.models import AuditChainHead, AuditEvent

SEAL_COLUMNS = {
    AuditEvent._meta.db_table: ("chain_seq", "prev_hash", "hash"),
    AuditChainHead._meta.db_table: ("last_seq", "last_hash", "sealed_at"),
}


class Command(BaseCommand):
    help = (
        "Create (or update) the PostgreSQL roles: an owner for migrations and an application role that "
        "cannot UPDATE (beyond sealing), DELETE or TRUNCATE the audit tables. Run after every migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--app-role", default="safereturn_app", help="Role the application connects as.")
        parser.add_argument(
            "--owner-role",
            default="",
            help="Role that owns the tables and runs migrations (created, and given this schema's tables "
            "owned by the connecting user). Omit to keep the current owner.",
        )
        parser.add_argument(
            "--password-env",
            default="",
            help="Read the application role's password from this environment variable (LOGIN role).",
        )
        parser.add_argument(
            "--owner-password-env", default="", help="Read the owner role's password from this environment variable."
        )

    def handle(self, *args, app_role, owner_role, password_env, owner_password_env, **options):
        if connection.vendor != "postgresql":
            raise CommandError("create_db_roles needs PostgreSQL (SQLite has no roles).")
        with transaction.atomic(), connection.cursor() as cursor:
            if owner_role:
                self._role(cursor, owner_role, self._password(owner_password_env))
                self._hand_over(cursor, owner_role)
            owner = owner_role or self._current_owner(cursor)
            self._role(cursor, app_role, self._password(password_env))
            self._grant(cursor, app_role, owner)
        self.stdout.write(self.style.SUCCESS(f"role {app_role!r} may use the database; audit tables append-only"))

    @staticmethod
    def _password(variable):
        if not variable:
            return None
        value = os.environ.get(variable, "")
        if not value:
            raise CommandError(f"environment variable {variable} is empty")
        return value

    @staticmethod
    def _role(cursor, name, password):
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        verb = "ALTER" if cursor.fetchone() else "CREATE"
        statement = sql.SQL("{} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS").format(
            sql.SQL(verb), sql.Identifier(name)
        )
        if password is not None:
            statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(password))
        cursor.execute(statement)

    @staticmethod
    def _current_owner(cursor):
        cursor.execute(
            "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = %s",
            [AuditEvent._meta.db_table],
        )
        row = cursor.fetchone()
        if row is None:
            raise CommandError("run migrate first: the audit tables do not exist")
        return row[0]

    @staticmethod
    def _hand_over(cursor, owner):
        """Give the owner role the schema's tables, sequences and functions the connecting user owns."""
        cursor.execute(sql.SQL("GRANT CREATE, USAGE ON SCHEMA public TO {}").format(sql.Identifier(owner)))
        cursor.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm') "
            "AND pg_get_userbyid(c.relowner) = current_user"
        )
        for name, _kind in cursor.fetchall():
            cursor.execute(sql.SQL("ALTER TABLE {} OWNER TO {}").format(sql.Identifier(name), sql.Identifier(owner)))
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND pg_get_userbyid(p.proowner) = current_user"
        )
        for (signature,) in cursor.fetchall():
            cursor.execute(sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(sql.SQL(signature), sql.Identifier(owner)))

    @staticmethod
    def _grant(cursor, app, owner):
        role, owner_id = sql.Identifier(app), sql.Identifier(owner)
        cursor.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(connection.settings_dict["NAME"]), role)
        )
        cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        for (table,) in cursor.fetchall():
            name = sql.Identifier(table)
            cursor.execute(sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(name, role))
            if table in SEAL_COLUMNS:
                columns = sql.SQL(", ").join(sql.Identifier(column) for column in SEAL_COLUMNS[table])
                cursor.execute(sql.SQL("GRANT SELECT, INSERT ON TABLE {} TO {}").format(name, role))
                cursor.execute(sql.SQL("GRANT UPDATE ({}) ON TABLE {} TO {}").format(columns, name, role))
            else:
                cursor.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {} TO {}").format(name, role))
        cursor.execute(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(role))
        # Tables a later migration creates are usable before this command runs again; re-running it
        # takes DELETE back from any new audit table.
        cursor.execute(
            sql.SQL(
                "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public "
                "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
            ).format(owner_id, role)
        )
        cursor.execute(
            sql.SQL(
                "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}"
            ).format(owner_id, role)
        )
