"""The run from start to end: prepare the scratch database and the server's environment, seed (or reuse),
sign in, measure, assemble the record, clean up, write the results (see bench/run.py for the steps)."""

import contextlib
import datetime
import json
import os
import time

from . import client as bench_client
from . import report
from . import support as bench_support
from .config import PASSWORD, Config, clean_env, log, use_server_env
from .database import Database
from .measures import audit_phase, latency_phase, sql_phase, throughput_phase
from .record import assemble
from .seeding import reusable, seed
from .server import Server, StaticFiles, demo_keys, redis_reachable, server_env
from .workload import list_measures, read_manifest


class Bench:
    def __init__(self, cfg):
        self.cfg = cfg
        self.db = Database(cfg.database_url)
        self.server = None
        self.static = None
        self.phases = {}
        self.started = datetime.datetime.now(datetime.UTC)
        self.scratch = cfg.scratch_dir
        self.manifest_path = self.scratch / f"{self.db.name}.manifest.json"
        self.seed_info_path = self.scratch / f"{self.db.name}.seed.json"

    # -- preparation --

    def prepare(self):
        cfg = self.cfg
        self.scratch.mkdir(parents=True, exist_ok=True)
        keys = demo_keys(self.scratch / "var")
        self.redis_url = cfg.redis_url if redis_reachable(cfg.redis_url) else ""
        self.env = server_env(cfg, keys, self.redis_url)
        use_server_env(self.env)
        self.run_env = clean_env() | self.env
        from . import inprocess

        inprocess.setup_django()
        self.static = StaticFiles(cfg.static_root, self.run_env)
        self.static.start()

        seeded = reusable(cfg, self.db, self.manifest_path, self.seed_info_path)
        if seeded is not None:
            log(f"reusing database {self.db.name} ({seeded['database_cases']:,} cases)")
            with self.phase("migrate"):
                inprocess.command("migrate", "--noinput", verbosity=0)
                inprocess.close_connections()
            self.seeding = seeded | {"reused": True}
        else:
            self._create_and_seed(inprocess)
        log("VACUUM (ANALYZE)")
        with self.phase("vacuum_analyze"):
            self.seeding["vacuum_analyze_seconds"] = self.db.vacuum_analyze()
        with self.phase("collectstatic_wait"):
            self.static.wait()

    def _create_and_seed(self, inprocess):
        cfg = self.cfg
        log(f"creating database {self.db.name}")
        with self.phase("migrate"):
            self.db.recreate()
            inprocess.command("migrate", "--noinput", verbosity=0)
            inprocess.command("load_geography")
            inprocess.command("load_reference_data")
            inprocess.close_connections()
        with self.phase("collectstatic_wait"):
            self.static.wait()
        log(f"seeding {cfg.cases:,} cases")
        with self.phase("seed"):
            self.seeding = seed(self.run_env, cfg, self.manifest_path)
        self.seeding |= {"seed": cfg.seed, "until": cfg.until.isoformat(), "database_cases": self.db.case_count()}
        self.seed_info_path.write_text(json.dumps(self.seeding, indent=2))
        self.seeding["reused"] = False

    @contextlib.contextmanager
    def phase(self, name):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = round(self.phases.get(name, 0) + time.perf_counter() - started, 2)

    # -- measuring --

    def execute(self):
        cfg = self.cfg
        load_start = os.getloadavg()[0]
        with self.phase("prepare"):
            self.prepare()
        from . import inprocess

        log("reading the manifest")
        with self.phase("manifest"):
            plan = read_manifest(self.manifest_path, cfg.seed)
        if not plan["supervisor_cases"] or not plan["commune_cases"]:
            raise RuntimeError("too few cases for the chosen officers: raise BENCH_CASES")
        supervisor, commune = plan["supervisor"]["username"], plan["commune"]["username"]
        log(f"officers: {supervisor} (province {plan['top_province']}), {commune}")
        with self.phase("accounts"):
            support = bench_support.plan_support(cfg, self.db, plan)
            shelter = support["shelter"]["username"]
            log(f"support: {len(support['ledger_cases'])} cases with a ledger sampled, shelter officer {shelter}")
            codes = {name: inprocess.enrol_totp(name) for name in (supervisor, commune, shelter)}
            crowd = inprocess.ensure_officers(supervisor, cfg.concurrency, PASSWORD)
            codes |= {name: inprocess.enrol_totp(name) for name in crowd}
            tokens = {name: inprocess.issue_token(name) for name in (supervisor, commune)}
            scopes = {"supervisor": inprocess.user_scope(supervisor), "commune": inprocess.user_scope(commune)}
            lists = list_measures(cfg, self.db, plan, scopes)
            inprocess.close_connections()

        self.server = Server(self.env, cfg.workers, self.scratch / f"gunicorn-{self.db.name}.log")
        log(f"starting gunicorn ({cfg.workers} workers) on 127.0.0.1:{self.server.port}")
        with self.phase("server_start"):
            self.server.start()
        host, port = "127.0.0.1", self.server.port

        def signed_in(username):
            return bench_client.sign_in(bench_client.Session(host, port), username, PASSWORD, codes[username])

        activity_before = self.db.activity()
        with self.phase("latency"):
            web = {"supervisor": signed_in(supervisor), "commune": signed_in(commune)}
            api = {
                "supervisor": bench_client.Session(host, port, token=tokens[supervisor]),
                "commune": bench_client.Session(host, port, token=tokens[commune]),
            }
            latency, audit_timer, people = latency_phase(cfg, port, plan, lists, web, api)
            web["shelter"] = signed_in(shelter)
            latency |= bench_support.latency_phase(cfg, support, web, api)
        log(f"throughput at concurrency {cfg.concurrency}: case page and bare view, {cfg.duration:g} s each")
        with self.phase("throughput"):
            throughput = throughput_phase(cfg, plan, [signed_in(name) for name in crowd], host, port)
        memory = self.server.memory()
        self.server.stop()
        activity_after = self.db.activity()

        log("hand-written SQL, the application's own SQL, audit and duplicate finder in process")
        with self.phase("in_process"):
            sql_results, inproc = sql_phase(cfg, self.db, lists, plan)
            support_sql, support_inproc = bench_support.sql_phase(cfg, self.db, support)
            sql_results |= support_sql
            inproc |= support_inproc
            entitlements = bench_support.time_entitlements(cfg, support)
            audit = audit_phase(latency, audit_timer)
            latency["duplicate_check"]["find_candidates_in_process"] = inprocess.time_find_candidates(people)
        parts = {
            "plan": plan,
            "scopes": scopes,
            "latency": latency,
            "throughput": throughput,
            "memory": memory,
            "sql_results": sql_results,
            "inproc": inproc,
            "audit": audit,
            "support": support,
            "entitlements": entitlements,
            "counts": self.db.data_counts(),
            "db_facts": self.db.facts(),
            "db_activity_during_http": {name: activity_after[name] - activity_before[name] for name in activity_after},
            "load": {"start": round(load_start, 2), "end": round(os.getloadavg()[0], 2)},
        }
        inprocess.close_connections()
        return assemble(
            cfg,
            started=self.started,
            database=self.db.name,
            redis_url=self.redis_url,
            seeding=self.seeding,
            phases=self.phases,
            **parts,
        )

    # -- cleaning up --

    def cleanup(self):
        if self.server is not None:
            with contextlib.suppress(Exception):
                self.server.stop()
        if self.static is not None:
            self.static.stop()
        with contextlib.suppress(Exception):
            from . import inprocess

            inprocess.close_connections()
        if self.cfg.keep:
            log(f"keeping database {self.db.name} (BENCH_KEEP/BENCH_REUSE)")
            return
        log(f"dropping database {self.db.name}")
        with contextlib.suppress(Exception):
            self.db.drop()
        for path in (self.manifest_path, self.seed_info_path):
            path.unlink(missing_ok=True)


def main():
    cfg = Config.from_env()
    log(
        f"{cfg.cases:,} cases, database {cfg.database_url.rsplit('/', 1)[-1]}, concurrency {cfg.concurrency}, "
        f"{cfg.requests} requests per measure"
    )
    bench = Bench(cfg)
    try:
        result = bench.execute()
    finally:
        bench.cleanup()
    paths = report.write(result, cfg.results_dir)
    print()
    print(report.markdown(result))
    log("results: " + ", ".join(str(p) for p in paths))
    if result["errors"]:
        log(f"{result['errors']} requests failed")
        return 1
    mismatched = [name for name, row in result["sql"].items() if not row["same_rows"]]
    if mismatched:
        log(f"hand-written SQL and the application returned different rows for: {', '.join(mismatched)}")
        return 1
    return 0
