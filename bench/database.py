"""The scratch PostgreSQL database: created, vacuumed, counted, described and dropped again."""

import re
import time


class Database:
    def __init__(self, url):
        import dj_database_url

        parsed = dj_database_url.parse(url)
        if "postgresql" not in parsed["ENGINE"]:
            raise SystemExit(f"BENCH_DATABASE_URL must be a PostgreSQL URL, not {url!r}")
        self.url = url
        self.name = parsed["NAME"]
        if not re.fullmatch(r"[A-Za-z0-9_]+", self.name or ""):
            raise SystemExit(f"scratch database name must be letters, digits and _: {self.name!r}")
        self.params = {
            "host": parsed.get("HOST") or "127.0.0.1",
            "port": parsed.get("PORT") or 5432,
            "user": parsed.get("USER") or "postgres",
            "password": parsed.get("PASSWORD") or None,
        }

    def connect(self, dbname=None, **kwargs):
        import psycopg

        params = {k: v for k, v in self.params.items() if v is not None}
        return psycopg.connect(dbname=dbname or self.name, autocommit=True, **params, **kwargs)

    def exists(self):
        with self.connect("postgres") as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]).fetchone() is not None

    def recreate(self):
        from psycopg import sql

        with self.connect("postgres") as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self):
        from psycopg import sql

        with self.connect("postgres") as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))

    def vacuum_analyze(self):
        """What autovacuum does to a production database in time: visibility map and planner statistics.

        The checkpoint then writes out what seeding and VACUUM left dirty, as the checkpointer does in
        time; without it, that write-out (gigabytes at 1M cases) falls inside the measures.
        """
        started = time.perf_counter()
        with self.connect() as conn:
            conn.execute("VACUUM (ANALYZE)")
            conn.execute("CHECKPOINT")
        return round(time.perf_counter() - started, 2)

    def activity(self):
        """Counters of the server's own background work, to tell whether it fell inside a measure."""
        with self.connect() as conn:
            row = conn.execute(
                "SELECT checkpoints_timed + checkpoints_req, buffers_checkpoint, buffers_backend,"
                " (SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0)::bigint FROM pg_stat_user_tables)"
                " FROM pg_stat_bgwriter"
            ).fetchone()
        return dict(zip(("checkpoints", "buffers_checkpoint", "buffers_backend", "autovacuum_runs"), row, strict=True))

    def case_count(self):
        with self.connect() as conn:
            if conn.execute("SELECT to_regclass('public.cases_case')").fetchone()[0] is None:
                return 0
            return conn.execute("SELECT count(*) FROM cases_case").fetchone()[0]

    def facts(self):
        with self.connect() as conn:

            def one(query):
                return conn.execute(query).fetchone()[0]

            return {
                "postgresql_version": one("SHOW server_version"),
                "postgresql_settings": {
                    name: one(f"SHOW {name}")
                    for name in ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "jit")
                },
                "database_size_mb": round(one("SELECT pg_database_size(current_database())") / 2**20, 1),
            }

    def data_counts(self):
        tables = {
            "cases": "cases_case",
            "persons": "cases_person",
            "participants": "cases_caseparticipant",
            "events": "cases_caseevent",
            "consents": "cases_consent",
            "name_keys": "cases_personnamekey",
            "audit_events": "audit_auditevent",
            "support_records": "support_supportrecord",
            "support_decisions": "support_supportdecision",
            "shelter_stays": "shelters_stay",
        }
        with self.connect() as conn:
            return {name: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for name, table in tables.items()}  # noqa: S608
