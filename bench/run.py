"""`make bench`: SafeReturn on PostgreSQL under a real server, measured over real HTTP.

Steps: create a scratch database (``BENCH_DATABASE_URL``, default ``safereturn_bench`` on the local
server), migrate, load the reference data, seed ``BENCH_CASES`` cases with ``seed_demo`` (timed),
start gunicorn with the production settings on 127.0.0.1, sign officers in through the login and
second-factor forms (TOTP devices are enrolled for them) or use API tokens, and measure. Results go
to ``bench/results/<UTC timestamp>.json`` and ``.md`` and ``bench/results/latest.md``. See
bench/README.md for what each number means and how it is measured.

Environment (all optional): BENCH_CASES (1000000), BENCH_SEED (2026), BENCH_UNTIL (2026-06-30),
BENCH_DATABASE_URL, BENCH_REUSE=1 (keep and reuse a database already seeded with at least
BENCH_CASES cases), BENCH_KEEP=1 (do not drop the database), BENCH_CONCURRENCY (16),
BENCH_REQUESTS (200 per latency measure), BENCH_DURATION (15 s per throughput run),
BENCH_WORKERS (2 per core), BENCH_REDIS_URL (redis://127.0.0.1:6379/15; empty: local-memory cache),
BENCH_RESULTS_DIR (bench/results), BENCH_SCRATCH_DIR (bench/scratch), BENCH_STATIC_ROOT.
"""

import contextlib
import datetime
import hashlib
import json
import math
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from . import client as bench_client
from . import report
from . import sql as bench_sql

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "safereturn_bench"
SETTINGS = "safereturn.settings.production"
PASSWORD = "Demo@SafeReturn2026"  # noqa: S105 - the demo officers' published password (safereturn.core.demo)
SAMPLE = 500  # cases sampled from the manifest per officer
DISTINCT = 50  # distinct names and numbers searched
THROUGHPUT_ROUNDS = 3  # the case page and the bare view take turns, so background load weighs on both
BARE_PATH = "/__bench__/bare/"
GOAL_MS = 100
GOAL_DUPLICATE_MS = 200
GOAL_SQL_RATIO = 2.0
GOAL_THROUGHPUT_SHARE = 0.15
GOAL_AUDIT_SHARE = 0.10
GOAL_SEED_MINUTES = 15
GOAL_WORKER_MB = 300
# Variables the bench sets itself; inherited values (a test run's DATABASE_URL...) must not leak into the server.
_OWN_PREFIXES = ("DJANGO_", "SAFERETURN_", "DATABASE_", "REDIS_URL")


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}Z] {message}", flush=True)


def _env_bool(env, name):
    return env.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class Config:
    cases: int
    seed: int
    until: datetime.date
    database_url: str
    reuse: bool
    keep: bool
    concurrency: int
    requests: int
    duration: float
    workers: int
    redis_url: str
    results_dir: Path
    scratch_dir: Path
    static_root: Path

    @classmethod
    def from_env(cls, env=None):
        env = os.environ if env is None else env
        cores = os.cpu_count() or 1
        url = env.get("BENCH_DATABASE_URL") or f"postgres://postgres@127.0.0.1:5432/{DEFAULT_DATABASE}"
        scratch = Path(env.get("BENCH_SCRATCH_DIR") or REPO / "bench" / "scratch")
        return cls(
            cases=int(env.get("BENCH_CASES") or 1_000_000),
            seed=int(env.get("BENCH_SEED") or 2026),
            until=datetime.date.fromisoformat(env.get("BENCH_UNTIL") or "2026-06-30"),
            database_url=url,
            reuse=_env_bool(env, "BENCH_REUSE"),
            keep=_env_bool(env, "BENCH_KEEP") or _env_bool(env, "BENCH_REUSE"),
            concurrency=int(env.get("BENCH_CONCURRENCY") or 16),
            requests=int(env.get("BENCH_REQUESTS") or 200),
            duration=float(env.get("BENCH_DURATION") or 15),
            workers=int(env.get("BENCH_WORKERS") or 2 * cores),
            redis_url=env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
            results_dir=Path(env.get("BENCH_RESULTS_DIR") or REPO / "bench" / "results"),
            scratch_dir=scratch,
            static_root=Path(env.get("BENCH_STATIC_ROOT") or REPO / "bench" / "scratch" / "static"),
        )


# ---- the database ---------------------------------------------------------------------------------


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
        }
        with self.connect() as conn:
            return {name: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for name, table in tables.items()}  # noqa: S608


# ---- environment, static files, commands ----------------------------------------------------------


def clean_env():
    return {k: v for k, v in os.environ.items() if not k.startswith(_OWN_PREFIXES) and not k.startswith("BENCH_")}


def demo_keys(scratch_dir):
    """The demo profile's encryption and blind-index keys (safereturn/settings/dev.py): seeded data decrypts."""
    env = clean_env() | {"DJANGO_SETTINGS_MODULE": "safereturn.settings.dev", "SAFERETURN_VAR_DIR": str(scratch_dir)}
    code = (
        "import json; from django.conf import settings; print(json.dumps({'keys': settings.SAFERETURN_ENCRYPTION_KEYS,"
        " 'blind': settings.SAFERETURN_BLIND_INDEX_KEY}))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=REPO, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def redis_reachable(url):
    match = re.match(r"redis://([^:/]+)(?::(\d+))?", url or "")
    if not match:
        return False
    try:
        with socket.create_connection((match.group(1), int(match.group(2) or 6379)), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def server_env(cfg, keys, redis_url):
    env = {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": cfg.database_url,
        "SAFERETURN_ENCRYPTION_KEYS": json.dumps(keys["keys"]),
        "SAFERETURN_BLIND_INDEX_KEY": keys["blind"],
        "SAFERETURN_BENCH_VIEWS": "1",
        "SAFERETURN_SERVER_TIMING": "1",
        "SAFERETURN_VAR_DIR": str(cfg.scratch_dir / "var"),
        "DJANGO_STATIC_ROOT": str(cfg.static_root),
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def static_fingerprint():
    """Changes when any static source file changes (collectstatic with compression takes ~25 s: do it once)."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    entries = []
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            full = storage.path(path)
            stat = os.stat(full)
            entries.append(f"{path}\0{full}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def seed(env, cfg, manifest):
    """``seed_demo`` as documented, timed; progress echoed, the summary line parsed."""
    command = [
        sys.executable,
        "manage.py",
        "seed_demo",
        "--cases",
        str(cfg.cases),
        "--seed",
        str(cfg.seed),
        "--until",
        cfg.until.isoformat(),
        "--manifest",
        str(manifest),
        "--bulk",
        "--quiet-logins",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    output = bytearray()
    while chunk := process.stdout.read1(4096):
        output += chunk
        sys.stdout.write(chunk.decode(errors="replace"))
        sys.stdout.flush()
    if process.wait() != 0:
        raise RuntimeError(f"seed_demo failed (exit {process.returncode})")
    wall = time.perf_counter() - started
    text = output.decode(errors="replace")
    match = re.search(r"demo cases: ([\d,]+) written.* in ([\d.]+)s \(([\d,]+) cases/s\)", text)
    written = int(match.group(1).replace(",", "")) if match else cfg.cases
    seconds = float(match.group(2)) if match else wall
    return {
        "cases": written,
        "seconds": round(seconds, 2),
        "cases_per_second": float(match.group(3).replace(",", "")) if match else round(written / max(seconds, 1e-9), 1),
        "command_seconds": round(wall, 2),
        "command_cases_per_second": round(written / max(wall, 1e-9), 1),
        "summary": match.group(0) if match else text.strip().splitlines()[-1:],
    }


# ---- the manifest ---------------------------------------------------------------------------------


def _iter_manifest(path):
    """Users, then cases one by one, from seed_demo's streamed manifest (one case per line)."""
    with open(path, encoding="utf-8") as fh:
        head = []
        for line in fh:
            if line.startswith('"cases"'):
                break
            head.append(line)
        else:
            raise ValueError("no cases in the manifest")
        users = json.loads("".join(head).rstrip().rstrip(",") + "}")["users"]
        yield users
        rest = line[line.index("[") + 1 :].strip()
        if rest not in ("", "]"):
            raise ValueError("unexpected manifest layout")
        for line in fh:
            line = line.strip().rstrip(",")
            if line.startswith("{"):
                yield json.loads(line)


def read_manifest(path, seed):
    """Pick the officers and sample the cases each may open (the same rules as the access policy).

    Two passes over the streamed manifest (counts, then samples), so a million cases need little memory.
    """
    stream = _iter_manifest(path)
    users = next(stream)
    supervisors = {
        u["province_code"]: u
        for u in users
        if "supervisor" in u["roles"] and u.get("agency_type") == "health_department" and u["province_code"]
    }
    communes = [u for u in users if "intake_officer" in u["roles"] and u.get("agency_type") == "commune_committee"]
    commune_agencies = {u["agency"] for u in communes}
    province_counts, agency_counts = {}, {}
    for case in stream:
        province_counts[case["province_code"]] = province_counts.get(case["province_code"], 0) + 1
        for agency in case["participant_agencies"]:
            if agency in commune_agencies:
                agency_counts[agency] = agency_counts.get(agency, 0) + 1
    if not province_counts:
        raise RuntimeError("the manifest lists no cases")
    top_province = max(province_counts, key=lambda p: (province_counts[p], -p))
    supervisor = supervisors[top_province]
    commune = max(
        (u for u in communes if u["province_code"] == top_province),
        key=lambda u: (agency_counts.get(u["agency"], 0), u["username"]),
    )
    rng = random.Random(f"bench-{seed}")
    supervisor_cases, commune_cases = [], []
    seen_sup = seen_com = 0
    stream = _iter_manifest(path)
    next(stream)
    for case in stream:
        agencies = case["participant_agencies"]
        if case["province_code"] == top_province or supervisor["agency"] in agencies:
            seen_sup += 1
            _reservoir(supervisor_cases, case, seen_sup, rng)
        if commune["agency"] in agencies:
            seen_com += 1
            _reservoir(commune_cases, case, seen_com, rng)
    return {
        "users": users,
        "province_counts": province_counts,
        "top_province": top_province,
        "supervisor": supervisor,
        "commune": commune,
        "supervisor_cases": supervisor_cases,
        "commune_cases": commune_cases,
        "supervisor_visible": seen_sup,
        "commune_visible": seen_com,
    }


def _reservoir(sample, row, seen, rng):
    if len(sample) < SAMPLE:
        sample.append(row)
    else:
        j = int(rng.random() * seen)
        if j < SAMPLE:
            sample[j] = row


def strip_accents(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def search_text(full_name, rng):
    """How an officer types a name into the search box: without accents, words in another order."""
    tokens = strip_accents(full_name).split()
    shuffled = tokens[:]
    if len(tokens) > 1:
        while shuffled == tokens:
            rng.shuffle(shuffled)
    return " ".join(shuffled).lower()


def new_people(count, seed):
    """Intake of people not in the data: names drawn like the seeded ones (so some look like earlier records)."""
    from faker.providers.person.vi_VN import Provider as Names

    rng = random.Random(f"bench-new-people-{seed}")
    lasts = list(Names.last_names)
    people = []
    for _ in range(count):
        female = rng.random() < 0.52
        middle = rng.choice(["Thị", "Ngọc", "Xuân", "Mai"] if female else ["Văn", "Đức", "Hữu", "Quang", "Minh"])
        given = rng.choice(list(Names.first_names_female if female else Names.first_names_male))
        people.append(
            {
                "full_name": f"{rng.choice(lasts)} {middle} {given}",
                "sex": "female" if female else "male",
                "birth_year": 1975 + int(rng.random() * 35),
            }
        )
    return people


# ---- the server -----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, env, workers, log_path):
        self.env, self.workers, self.log_path = env, workers, log_path
        self.port = free_port()
        self.process = None

    def command(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "safereturn.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            "120",
        ]
        helptext = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True, check=False
        ).stdout
        if "--no-control-socket" in helptext:
            command.append("--no-control-socket")
        return command

    def start(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603
            self.command(), cwd=REPO, env=clean_env() | self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 90
        probe = bench_client.Session("127.0.0.1", self.port, timeout=5)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                response = probe.get(BARE_PATH)
                if response.status == 200:
                    probe.close()
                    return
                raise RuntimeError(f"{BARE_PATH} answered {response.status}:\n{self.log_tail()}")
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 90 s:\n{self.log_tail()}")

    def worker_pids(self):
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            return [int(pid) for pid in path.read_text().split()]
        return []

    def memory(self):
        """Peak (VmHWM) and current (VmRSS) resident memory of each worker, in MB."""
        workers = []
        for pid in self.worker_pids():
            fields = {}
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    name, _, value = line.partition(":")
                    if name in ("VmHWM", "VmRSS"):
                        fields[name] = round(int(value.split()[0]) / 1024, 1)
            if fields:
                workers.append({"pid": pid, "peak_mb": fields.get("VmHWM"), "rss_mb": fields.get("VmRSS")})
        return workers

    def log_tail(self, lines=40):
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


# ---- the run --------------------------------------------------------------------------------------


class Bench:
    def __init__(self, cfg):
        self.cfg = cfg
        self.db = Database(cfg.database_url)
        self.server = None
        self.collectstatic = None
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
        for name in [k for k in os.environ if k.startswith(_OWN_PREFIXES)]:
            del os.environ[name]
        os.environ.update(self.env)
        self.run_env = clean_env() | self.env
        from . import inprocess

        inprocess.setup_django()
        fingerprint = static_fingerprint()
        stamp = cfg.static_root / ".bench-fingerprint"
        if not (
            stamp.exists() and stamp.read_text() == fingerprint and (cfg.static_root / "staticfiles.json").exists()
        ):
            log(f"collectstatic into {cfg.static_root} (in the background)")
            cfg.static_root.mkdir(parents=True, exist_ok=True)
            self.collectstatic = subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=REPO,
                env=self.run_env,
            )
            self._static_stamp = (stamp, fingerprint)

        seeded = self._reusable()
        if seeded is not None:
            log(f"reusing database {self.db.name} ({seeded['database_cases']:,} cases)")
            with self.phase("migrate"):
                inprocess.command("migrate", "--noinput", verbosity=0)
                inprocess.close_connections()
            self.seeding = seeded | {"reused": True}
        else:
            log(f"creating database {self.db.name}")
            with self.phase("migrate"):
                self.db.recreate()
                inprocess.command("migrate", "--noinput", verbosity=0)
                inprocess.command("load_geography")
                inprocess.command("load_reference_data")
                inprocess.close_connections()
            with self.phase("collectstatic_wait"):
                self._wait_static()
            log(f"seeding {cfg.cases:,} cases")
            with self.phase("seed"):
                self.seeding = seed(self.run_env, cfg, self.manifest_path)
            self.seeding |= {"seed": cfg.seed, "until": cfg.until.isoformat(), "database_cases": self.db.case_count()}
            self.seed_info_path.write_text(json.dumps(self.seeding, indent=2))
            self.seeding["reused"] = False
        log("VACUUM (ANALYZE)")
        with self.phase("vacuum_analyze"):
            self.seeding["vacuum_analyze_seconds"] = self.db.vacuum_analyze()
        with self.phase("collectstatic_wait"):
            self._wait_static()

    @contextlib.contextmanager
    def phase(self, name):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = round(self.phases.get(name, 0) + time.perf_counter() - started, 2)

    def _wait_static(self):
        if self.collectstatic is not None:
            if self.collectstatic.wait() != 0:
                raise RuntimeError("collectstatic failed")
            stamp, fingerprint = self._static_stamp
            stamp.write_text(fingerprint)
            self.collectstatic = None

    def _reusable(self):
        cfg = self.cfg
        if not cfg.reuse or not self.db.exists() or not self.manifest_path.exists() or not self.seed_info_path.exists():
            return None
        info = json.loads(self.seed_info_path.read_text())
        count = self.db.case_count()
        if info.get("seed") != cfg.seed or info.get("until") != cfg.until.isoformat() or count < cfg.cases:
            return None
        return info | {"database_cases": count}

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
            codes = {name: inprocess.enrol_totp(name) for name in (supervisor, commune)}
            crowd = inprocess.ensure_officers(supervisor, cfg.concurrency, PASSWORD)
            codes |= {name: inprocess.enrol_totp(name) for name in crowd}
            tokens = {name: inprocess.issue_token(name) for name in (supervisor, commune)}
            scopes = {"supervisor": inprocess.user_scope(supervisor), "commune": inprocess.user_scope(commune)}
            lists = self.list_measures(plan, scopes)
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
            latency = self.latency_phase(plan, lists, web, api)
        log(f"throughput at concurrency {cfg.concurrency}: case page and bare view, {cfg.duration:g} s each")
        with self.phase("throughput"):
            throughput = self.throughput_phase(plan, [signed_in(name) for name in crowd], host, port)
        memory = self.server.memory()
        self.server.stop()
        activity_after = self.db.activity()

        log("hand-written SQL, the application's own SQL, audit and duplicate finder in process")
        with self.phase("in_process"):
            sql_results, inproc = self.sql_phase(lists, plan)
            audit = self.audit_phase(latency)
            latency["duplicate_check"]["find_candidates_in_process"] = inprocess.time_find_candidates(self.people)
        parts = {
            "plan": plan,
            "scopes": scopes,
            "latency": latency,
            "throughput": throughput,
            "memory": memory,
            "sql_results": sql_results,
            "inproc": inproc,
            "audit": audit,
            "counts": self.db.data_counts(),
            "db_facts": self.db.facts(),
            "db_activity_during_http": {name: activity_after[name] - activity_before[name] for name in activity_after},
            "load": {"start": round(load_start, 2), "end": round(os.getloadavg()[0], 2)},
        }
        inprocess.close_connections()
        return self.assemble(**parts)

    def list_measures(self, plan, scopes):
        """Each list measure: who, what, and its request instances (path plus the filters for the SQL)."""
        cfg = self.cfg
        rng = random.Random(f"bench-search-{cfg.seed}")
        year_ago = cfg.until - datetime.timedelta(days=364)
        specs = [
            (
                "list_supervisor_status",
                "Case list, provincial supervisor, whole province: status filter, newest first, pages 1–5",
                "supervisor",
                False,
                {"status": "under_verification", "sort": "-received"},
            ),
            (
                "list_supervisor_range",
                "Case list, provincial supervisor: channel + one-year date range, by number, pages 1–5",
                "supervisor",
                False,
                {
                    "channel": "rescue_abroad",
                    "received_from": year_ago,
                    "received_to": cfg.until,
                    "sort": "number",
                },
            ),
            (
                "list_supervisor_exploitation",
                "Case list, provincial supervisor, whole province: exploitation form + sex, newest first, pages 1–5",
                "supervisor",
                False,
                {"exploitation": "sexual", "sex": "female", "sort": "-received"},
            ),
            (
                "list_supervisor_children",
                "Case list, provincial supervisor, whole province: children, newest first, pages 1–5",
                "supervisor",
                False,
                {"age_group": "child", "sort": "-received"},
            ),
            (
                "list_commune_own",
                "Case list, commune officer, own cases: newest first, pages 1–5",
                "commune",
                False,
                {"sort": "-received"},
            ),
            (
                "list_commune_status",
                "Case list, commune officer, own cases: status filter, newest first, pages 1–5",
                "commune",
                False,
                {"status": "under_verification", "sort": "-received"},
            ),
            (
                "list_api_supervisor_status",
                "Case list API, provincial supervisor: status filter, newest first, 50 a page, pages 1–5",
                "supervisor",
                True,
                {"status": "under_verification", "sort": "-received"},
            ),
        ]
        from . import inprocess

        measures = {}
        with self.db.connect() as conn:
            import psycopg

            cursor = psycopg.ClientCursor(conn)
            for name, title, who, is_api, query in specs:
                size = 50 if is_api else 25
                filters = {k: v for k, v in query.items() if k != "sort"}
                _page, count_sql, params = bench_sql.list_queries(scopes[who], filters, query["sort"], 1, size)
                total = cursor.execute(count_sql, params).fetchone()[0]
                pages = max(1, min(5, math.ceil(total / size)))
                instances = []
                for page in range(1, pages + 1):
                    q = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in query.items()}
                    path = ("/api/cases/?" if is_api else "/cases/?") + urlencode(q | {"page": page})
                    instances.append({"path": path, "filters": filters, "sort": query["sort"], "page": page})
                measures[name] = {"title": title, "who": who, "api": is_api, "page_size": size, "instances": instances}
            names = [c["person_full_name"] for c in plan["supervisor_cases"][:DISTINCT]]
            searches = []
            for full_name in names:
                text = search_text(full_name, rng)
                keys = inprocess.search_keys(text)
                searches.append(
                    {
                        "path": "/cases/?" + urlencode({"q": text}),
                        "filters": {"name_keys": keys},
                        "sort": "-received",
                        "page": 1,
                    }
                )
            measures["search_name"] = {
                "title": "Name search, provincial supervisor: no accents, words shuffled (first page)",
                "who": "supervisor",
                "api": False,
                "page_size": 25,
                "instances": searches,
            }
            numbers = [c["number"] for c in plan["supervisor_cases"][:DISTINCT]]
            measures["search_number"] = {
                "title": "Case-number lookup, provincial supervisor",
                "who": "supervisor",
                "api": False,
                "page_size": 25,
                "instances": [
                    {
                        "path": "/cases/?" + urlencode({"q": n}),
                        "filters": {"number": n},
                        "sort": "-received",
                        "page": 1,
                        "expect": n,
                    }
                    for n in numbers
                ],
            }
        return measures

    def latency_phase(self, plan, lists, web, api):
        cfg = self.cfg
        n, warmup = cfg.requests, max(3, cfg.requests // 10)
        results = {}

        def run(name, title, session, make, check, between=None, **extra):
            log(f"latency: {name}")
            result = bench_client.measure_latency(session, make, count=n, warmup=warmup, check=check, between=between)
            results[name] = {"title": title, **extra, **result}

        def ok(_i, response):
            return "ok" if response.status == 200 else None

        run(
            "bare_view",
            "Bare Django view (same server, no session): the framework's floor",
            bench_client.Session("127.0.0.1", self.server.port),
            lambda i: ("GET", BARE_PATH, None, None),
            lambda _i, r: "ok" if r.status == 200 and r.body == b"ok" else None,
        )
        for name, measure in lists.items():
            session = (api if measure["api"] else web)[measure["who"]]
            instances = measure["instances"]

            def make(i, instances=instances):
                return ("GET", instances[i % len(instances)]["path"], None, None)

            def check(i, response, instances=instances):
                expect = instances[i % len(instances)].get("expect")
                if response.status != 200 or (expect and expect.encode() not in response.body):
                    return None
                return "ok"

            run(name, measure["title"], session, make, check, goal_p95_ms=GOAL_MS)

        def detail_page(cases):
            def make(i):
                return ("GET", f"/cases/{cases[i % len(cases)]['id']}/", None, None)

            def check(i, response):
                number = cases[i % len(cases)]["number"]
                return "ok" if response.status == 200 and number.encode() in response.body else None

            return make, check

        sup_cases, com_cases = plan["supervisor_cases"], plan["commune_cases"]
        make, check = detail_page(sup_cases)
        # audit_record is timed in process turn about with this measure (see audit_phase).
        from . import inprocess

        self.audit_timer = inprocess.AuditTimer(plan["supervisor"]["username"], sup_cases[0]["id"])
        run(
            "detail_page_supervisor",
            "Case page, provincial supervisor",
            web["supervisor"],
            make,
            check,
            between=self.audit_timer.once,
            goal_p95_ms=GOAL_MS,
        )
        make, check = detail_page(com_cases)
        run("detail_page_commune", "Case page, commune officer", web["commune"], make, check, goal_p95_ms=GOAL_MS)

        def api_check(i, response):
            if response.status != 200:
                return None
            return "ok" if json.loads(response.body).get("id") == sup_cases[i % len(sup_cases)]["id"] else None

        run(
            "detail_api_supervisor",
            "Case API (GET /api/cases/<id>/), provincial supervisor, token",
            api["supervisor"],
            lambda i: ("GET", f"/api/cases/{sup_cases[i % len(sup_cases)]['id']}/", None, None),
            api_check,
            goal_p95_ms=GOAL_MS,
        )
        self.people = new_people(n + warmup, cfg.seed)
        commune_code = plan["commune"].get("commune_code")
        received = datetime.datetime.now(datetime.UTC).astimezone(bench_sql.TIME_ZONE) - datetime.timedelta(hours=1)

        def intake(i):
            person = self.people[i + warmup]  # warm-up requests have negative i: every person is new
            body = {
                "full_name": person["full_name"],
                "sex": person["sex"],
                "birth_year": person["birth_year"],
                "channel": "self_return",
                "received_at": received.strftime("%Y-%m-%dT%H:%M"),
                "province": plan["top_province"],
                "route": "cross_border",
                "destination_country": "KH",
                "risk_level": "medium",
            }
            if commune_code:
                body["commune"] = commune_code
            return ("POST", "/api/cases/", json.dumps(body), {"Content-Type": "application/json"})

        def intake_check(_i, response):
            return {201: "no match: case recorded", 409: "possible matches shown"}.get(response.status)

        run(
            "duplicate_check",
            "Duplicate check at intake of a new person (POST /api/cases/, commune officer, token)",
            api["commune"],
            intake,
            intake_check,
            goal_p95_ms=GOAL_DUPLICATE_MS,
        )
        return results

    def throughput_phase(self, plan, sessions, host, port):
        cases = plan["supervisor_cases"]
        bare_sessions = [bench_client.Session(host, port) for _ in sessions]
        ok = lambda _i, r: "ok" if r.status == 200 else None  # noqa: E731
        results = bench_client.measure_throughput(
            {
                "detail_page": (sessions, lambda i: ("GET", f"/cases/{cases[i % len(cases)]['id']}/", None, None), ok),
                "bare_view": (bare_sessions, lambda i: ("GET", BARE_PATH, None, None), ok),
            },
            duration=self.cfg.duration,
            rounds=THROUGHPUT_ROUNDS,
        )
        for session in sessions + bare_sessions:
            session.close()
        detail, bare = results["detail_page"], results["bare_view"]
        share = detail["requests_per_second"] / bare["requests_per_second"] if bare["requests_per_second"] else None
        return {"detail_page": detail, "bare_view": bare, "detail_share_of_bare": share}

    def sql_phase(self, lists, plan):
        """For each list measure: the app's SQL (captured from the real view) and the hand-written SQL,
        checked to return the same case ids in the same order, then timed turn about, ``requests`` times."""
        import psycopg

        from . import inprocess

        scopes = {
            "supervisor": inprocess.user_scope(plan["supervisor"]["username"]),
            "commune": inprocess.user_scope(plan["commune"]["username"]),
        }
        clients = {
            "supervisor": inprocess.AppClient(plan["supervisor"]["username"]),
            "commune": inprocess.AppClient(plan["commune"]["username"]),
        }
        results, inproc = {}, {}
        reps = self.cfg.requests
        # The same session settings as the application's connections (settings: DATABASE_PG_OPTIONS,
        # JIT off), so hand-written and application SQL are timed on equal terms.
        with self.db.connect(prepare_threshold=None, options="-c jit=off") as conn:
            cursor = psycopg.ClientCursor(conn)
            for name, measure in lists.items():
                prepared, mismatches, request_seconds, query_counts = [], 0, [], []
                shapes = bench_sql.shapes(measure["instances"][0]["filters"])
                clients[measure["who"]].get(measure["instances"][0]["path"])  # warm-up, not recorded
                for inst in measure["instances"]:
                    response, seconds, queries = clients[measure["who"]].get(inst["path"])
                    if response.status_code != 200:
                        raise RuntimeError(f"in-process {inst['path']} answered {response.status_code}")
                    request_seconds.append(seconds)
                    query_counts.append(len(queries))
                    app_sql = [q for q, _s in queries if inprocess.is_list_query(q)]
                    app_ids = []
                    for q in app_sql:
                        if "COUNT(" not in q.upper():
                            app_ids = [str(row[0]) for row in cursor.execute(q).fetchall()]
                    hand = {}
                    for shape in shapes:
                        page_sql, count_sql, params = bench_sql.list_queries(
                            scopes[measure["who"]],
                            inst["filters"],
                            inst["sort"],
                            inst["page"],
                            measure["page_size"],
                            shape,
                        )
                        hand_ids = [str(row[0]) for row in cursor.execute(page_sql, params).fetchall()]
                        mismatches += hand_ids != app_ids
                        hand[shape] = (page_sql, count_sql, params)
                    prepared.append((app_sql, hand))
                timings = {shape: [] for shape in shapes}
                timed_shapes = set(shapes)
                app = []
                for rep in range(-1, reps):  # one untimed round first
                    app_sql, hand = prepared[rep % len(prepared)]
                    if rep == SHAPE_TRIAL:
                        timed_shapes = _shapes_worth_timing(timings)
                    for shape, (page_sql, count_sql, params) in hand.items():
                        if shape not in timed_shapes:
                            continue
                        seconds = bench_sql.timed(cursor, page_sql, params)[0]
                        if count_sql is not None:  # the "window" shape counts in the page's own read
                            seconds += bench_sql.timed(cursor, count_sql, params)[0]
                        if rep >= 0:
                            timings[shape].append(seconds)
                    seconds = sum(bench_sql.timed(cursor, q)[0] for q in app_sql)
                    if rep >= 0:
                        app.append(seconds)
                by_shape = {shape: bench_client.summary_ms(values) for shape, values in timings.items()}
                best = min(by_shape, key=lambda shape: by_shape[shape]["p95_ms"])
                example_sql, example_hand = prepared[0]
                page_sql, count_sql, params = example_hand[best]
                results[name] = {
                    "hand_sql": by_shape[best],
                    "hand_sql_shape": best,
                    "hand_sql_by_shape": by_shape,
                    "app_sql": bench_client.summary_ms(app),
                    "app_list_queries_per_request": len(example_sql),
                    "instances": len(prepared),
                    "same_rows": mismatches == 0,
                    "mismatched_instances": mismatches,
                    "example_hand_page_sql": cursor.mogrify(page_sql, params),
                    "example_hand_count_sql": cursor.mogrify(count_sql, params) if count_sql else None,
                    "example_app_sql": example_sql,
                }
                inproc[name] = {
                    "request": bench_client.summary_ms(request_seconds),
                    "queries_per_request": max(query_counts),
                }
            # The case page in process: its queries and the share of its time spent inserting the audit row.
            shares, counts, seconds = [], [], []
            clients["supervisor"].get(f"/cases/{plan['supervisor_cases'][-1]['id']}/")  # warm-up, not recorded
            for case in plan["supervisor_cases"][: min(DISTINCT, reps)]:
                response, elapsed, queries = clients["supervisor"].get(f"/cases/{case['id']}/")
                if response.status_code != 200:
                    raise RuntimeError(f"in-process case page answered {response.status_code}")
                audit_seconds = sum(s for q, s in queries if inprocess.is_audit_insert(q))
                shares.append(audit_seconds / elapsed)
                counts.append(len(queries))
                seconds.append(elapsed)
            inproc["detail_page_supervisor"] = {
                "request": bench_client.summary_ms(seconds),
                "queries_per_request": max(counts),
                "audit_insert_share_median": round(sorted(shares)[len(shares) // 2], 4),
            }
        return results, inproc

    def audit_phase(self, latency):
        """The audit write's share of the case page: measured inside each request (the server's
        Server-Timing), and, for comparison, ``audit_record`` alone in process, turn about with it."""
        page = latency["detail_page_supervisor"]
        timing = self.audit_timer.summary()
        detail_p50 = page["p50_ms"]
        in_request = page.get("server_timing", {}).get("audit", {})
        return {
            "in_request": in_request,
            "share": page.get("server_timing_share_median", {}).get("audit"),
            "audit_record": timing,
            "detail_page_p50_ms": detail_p50,
            "events_per_request": 1,
            "share_audit_record_alone": round(timing["p50_ms"] / detail_p50, 4) if detail_p50 else None,
        }

    # -- results --

    def assemble(
        self,
        *,
        plan,
        scopes,
        latency,
        throughput,
        memory,
        sql_results,
        inproc,
        audit,
        counts,
        db_facts,
        db_activity_during_http,
        load,
    ):
        cfg = self.cfg
        import django
        import gunicorn

        meminfo = Path("/proc/meminfo").read_text()
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
        git = {}
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            git["commit"] = subprocess.run(
                ["git", "rev-parse", "HEAD"],  # noqa: S607
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            status = subprocess.run(
                ["git", "status", "--porcelain"],  # noqa: S607
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            git["dirty"] = bool(status.strip())
        seeding = dict(self.seeding)
        rate = seeding.get("cases_per_second") or 0
        measured_at_1m = seeding.get("cases", 0) >= 1_000_000
        seeding["minutes_for_1m"] = round(1_000_000 / rate / 60, 1) if rate else None
        seeding["minutes_for_1m_is"] = "measured" if measured_at_1m else "projected from this run's rate"
        peak = max((w["peak_mb"] for w in memory), default=None)

        table = []

        def add(measure, goal=None, met=None, **values):
            table.append({"measure": measure, "goal": goal, "met": met, **values})

        for name, row in latency.items():
            goal = row.get("goal_p95_ms")
            add(
                row["title"],
                f"p95 ≤ {goal} ms" if goal else None,
                (row["p95_ms"] <= goal and not row["errors"]) if goal and row["p95_ms"] is not None else None,
                key=f"latency.{name}",
                p50_ms=row["p50_ms"],
                p95_ms=row["p95_ms"],
                p99_ms=row["p99_ms"],
            )
        for name, row in sql_results.items():
            http_p95 = latency[name]["p95_ms"]
            hand_p95 = row["hand_sql"]["p95_ms"]
            row["ratio_http_p95_to_hand_sql_p95"] = round(http_p95 / hand_p95, 2) if hand_p95 else None
            row["ratio_app_sql_p95_to_hand_sql_p95"] = (
                round(row["app_sql"]["p95_ms"] / hand_p95, 2) if hand_p95 and row["app_sql"]["p95_ms"] else None
            )
            add(
                f"{name}: hand-written SQL lower bound (page + count)",
                key=f"sql.{name}.hand",
                p50_ms=row["hand_sql"]["p50_ms"],
                p95_ms=row["hand_sql"]["p95_ms"],
                p99_ms=row["hand_sql"]["p99_ms"],
            )
            # The goal is the list's query against the best one for the same rows (decision 14); the
            # whole request against that query is shown beside it, without a goal.
            differ = "" if row["same_rows"] else " (rows differ!)"
            add(
                f"{name}: the list's own SQL p95 ÷ SQL lower bound p95{differ}",
                f"≤ {GOAL_SQL_RATIO:g}×",
                row["same_rows"]
                and row["ratio_app_sql_p95_to_hand_sql_p95"] is not None
                and row["ratio_app_sql_p95_to_hand_sql_p95"] <= GOAL_SQL_RATIO,
                key=f"sql.{name}.ratio_app_sql",
                value=row["ratio_app_sql_p95_to_hand_sql_p95"],
                unit="×",
                digits=1,
            )
            add(
                f"{name}: for comparison, the whole HTTP request p95 ÷ SQL lower bound p95",
                key=f"sql.{name}.ratio_http",
                value=row["ratio_http_p95_to_hand_sql_p95"],
                unit="×",
                digits=1,
            )
        detail, bare = throughput["detail_page"], throughput["bare_view"]
        add(
            f"Throughput, case page (concurrency {detail['concurrency']})",
            key="throughput.detail_page",
            value=detail["requests_per_second"],
            unit="req/s",
        )
        add(
            f"Throughput, bare view (concurrency {bare['concurrency']})",
            key="throughput.bare_view",
            value=bare["requests_per_second"],
            unit="req/s",
        )
        share = throughput["detail_share_of_bare"]
        add(
            "Case page throughput as a share of the bare view's",
            f"≥ {GOAL_THROUGHPUT_SHARE:.0%}",
            share is not None and share >= GOAL_THROUGHPUT_SHARE and not detail["errors"],
            key="throughput.share",
            value=round(share * 100, 1) if share is not None else None,
            unit="%",
        )
        add(
            "Audit writing as a share of the case page (its INSERT's time inside each request ÷ that request's "
            "time, median)",
            f"≤ {GOAL_AUDIT_SHARE:.0%}",
            audit["share"] is not None and audit["share"] <= GOAL_AUDIT_SHARE,
            key="audit.share",
            value=round(audit["share"] * 100, 1) if audit["share"] is not None else None,
            unit="%",
        )
        add(
            "For comparison: `audit_record` alone in process, turn about with the page (p50 ÷ page p50)",
            None,
            None,
            key="audit.share_audit_record_alone",
            value=round(audit["share_audit_record_alone"] * 100, 1)
            if audit["share_audit_record_alone"] is not None
            else None,
            unit="%",
        )
        add(
            "Seeding rate (seed_demo"
            + (", from the run that seeded this reused database)" if seeding.get("reused") else ")"),
            key="seeding.rate",
            value=seeding.get("cases_per_second"),
            unit="cases/s",
        )
        add(
            f"Time to seed 1,000,000 cases ({seeding['minutes_for_1m_is']})",
            f"≤ {GOAL_SEED_MINUTES} min",
            seeding["minutes_for_1m"] is not None and seeding["minutes_for_1m"] <= GOAL_SEED_MINUTES,
            key="seeding.minutes_for_1m",
            value=seeding["minutes_for_1m"],
            unit="min",
        )
        add(
            "Peak memory of a web worker (VmHWM, largest worker)",
            f"≤ {GOAL_WORKER_MB} MB",
            peak is not None and peak <= GOAL_WORKER_MB,
            key="memory.worker_peak",
            value=peak,
            unit="MB",
        )
        errors = sum(r.get("errors", 0) for r in latency.values()) + detail["errors"] + bare["errors"]
        redis_note = (
            f"cache and sessions in Redis ({self.redis_url})"
            if self.redis_url
            else "cache and sessions in local memory per worker (Redis not reachable or BENCH_REDIS_URL empty)"
        )
        notes = [
            f"Server: `gunicorn safereturn.wsgi --workers {cfg.workers}` (sync workers, 2 per core as the README "
            f"advises, `--timeout 120`), `{SETTINGS}` with DEBUG off, bound to 127.0.0.1; {redis_note}.",
            "Deviations from production: no nginx or TLS (plain HTTP on loopback; `X-Forwarded-Proto: https` is "
            "sent as nginx would and `DJANGO_SECURE_SSL_REDIRECT=0`); the load generator (Python threads) runs on "
            "the same machine and takes CPU from the server; the bare view exists only with "
            "`SAFERETURN_BENCH_VIEWS=1`; the server sends `Server-Timing` (`SAFERETURN_SERVER_TIMING=1`, about 8 µs "
            "a request measured in process, on the bare view and the case page alike).",
            "Sign-in: pages use sessions made through the real login form and second factor (a TOTP device is "
            f"enrolled for each bench officer; codes computed with django_otp); the API uses tokens from "
            f"`manage.py issue_token`. The throughput run signs in {cfg.concurrency} extra supervisors "
            "(same agency and role) so that each thread has its own session.",
            f"Latency: {cfg.requests} requests per measure, one at a time after {max(3, cfg.requests // 10)} "
            "warm-up requests, timed from sending the request to reading the whole body (new TCP connection "
            "included: sync workers close after each response). Percentiles interpolate between ranks.",
            f"Officers: `{plan['supervisor']['username']}` (supervisor of {plan['supervisor']['agency']}, province "
            f"{plan['top_province']}, the province with the most cases: {plan['supervisor_visible']:,} visible) and "
            f"`{plan['commune']['username']}` ({plan['commune']['agency']}, {plan['commune_visible']:,} cases). "
            "Case pages cycle through cases sampled from the manifest; searches use names from it typed without "
            "accents in shuffled order, and its case numbers.",
            "Duplicate check: new people (names drawn from the same Vietnamese name lists, so some resemble "
            "earlier records) submitted to the intake API without a link/confirm decision; the check runs on "
            "every request; when it finds nothing the case is recorded in the same request (both outcomes are "
            "reported separately in the JSON, with `find_candidates` alone timed in process).",
            f"Throughput: {cfg.concurrency} threads, each with its own connection (and, on the case page, its own "
            f"session), {cfg.duration:g} s on the case page and {cfg.duration:g} s on the bare view (anonymous), "
            f"taking turns in {THROUGHPUT_ROUNDS} rounds so background load weighs on both alike; completed "
            "requests per second of wall time. The load generator itself used "
            f"{detail['client_cpu_seconds'] / detail['duration_s']:.0%} of a core during the case-page run and "
            f"{bare['client_cpu_seconds'] / bare['duration_s']:.0%} during the bare-view run, CPU the server "
            "did not have (so the bare view's ceiling is understated, which flatters the share).",
            "SQL lower bound: for every list request, hand-written SQL (bench/sql.py: page rows + count; for "
            "lists three shapes, one counting in the page's own read, the fastest by p95 being the bound; a shape "
            f"whose median over the first {SHAPE_TRIAL} rounds is {SHAPE_DROP}× the best one's is not timed further) "
            "and the application's own SQL (captured "
            "from the real view through Django's test client: every SELECT on cases, participations or persons) "
            "run turn about "
            "through psycopg on one connection, as many times as the HTTP requests; all are checked to give "
            "the same case ids in the same order. The goal (≤ 2×) is the list's own SQL p95 ÷ lower bound p95 "
            "(the application's queries against the best ones for the same rows; decision 14); the whole HTTP "
            "request p95 ÷ lower bound p95 is shown beside it for comparison.",
            "Audit: the server times its own SQL (`SAFERETURN_SERVER_TIMING=1`: a `Server-Timing` header with "
            "the time in the application, in SQL and in audit INSERTs); for each timed request of the "
            "supervisor's case page, the audit INSERT's time ÷ the request's whole time as the client saw it, "
            "median over the requests. For comparison, `audit_record` is also timed alone in process (one event, "
            "as a case page writes), one call after each of those requests, its p50 ÷ the page's p50: a write "
            "on a connection that has been idle since the last one costs more than one inside a request. "
            "Cross-check in the JSON: share of the in-process page time spent in the audit INSERT.",
            "Seeding: `manage.py seed_demo --cases N --bulk` as documented (one transaction; the case tables' "
            "foreign keys dropped for the load and checked once when added back, indexes kept); its own rate "
            "(excluding process start and directory seeding, including the foreign keys' check) is shown; below "
            "1,000,000 cases the time for 1,000,000 is projected linearly."
            + (" This run reused an already seeded database." if seeding.get("reused") else ""),
            "Memory: VmHWM (peak resident set) of each gunicorn worker from /proc after all HTTP measures.",
            "Before measuring, the database is vacuumed, analysed and checkpointed (`VACUUM (ANALYZE)` then "
            f"`CHECKPOINT`, {seeding.get('vacuum_analyze_seconds', 0):g} s, not counted in the seeding time), as "
            "autovacuum and the checkpointer leave a production database: every query is planned with "
            "statistics, and the write-out of the freshly seeded pages does not fall inside the measures."
            + _activity_sentence(db_activity_during_http),
        ]
        result = {
            "schema": 1,
            "started_at": self.started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "finished_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "git": git,
            "machine": {
                "cores": os.cpu_count(),
                "memory_mb": round(mem_kb / 1024),
                "python": sys.version.split()[0],
                "django": django.get_version(),
                "gunicorn": gunicorn.__version__,
                "load_average": load,
                **db_facts,
                "db_activity_during_http": db_activity_during_http,
            },
            "config": {
                "cases": cfg.cases,
                "seed": cfg.seed,
                "until": cfg.until.isoformat(),
                "database": self.db.name,
                "concurrency": cfg.concurrency,
                "requests": cfg.requests,
                "duration_s": cfg.duration,
                "workers": cfg.workers,
                "worker_class": "sync",
                "threads": 1,
                "settings": SETTINGS,
                "cache": self.redis_url or "locmem",
                "second_factor": "enforced (TOTP)",
            },
            "data": counts
            | {
                "top_province": plan["top_province"],
                "cases_by_province": {str(k): v for k, v in sorted(plan["province_counts"].items())},
                "supervisor": plan["supervisor"]["username"],
                "supervisor_visible_cases": plan["supervisor_visible"],
                "commune_officer": plan["commune"]["username"],
                "commune_visible_cases": plan["commune_visible"],
                "scopes": scopes,
            },
            "seeding": seeding,
            "latency": latency,
            "sql": sql_results,
            "in_process": inproc,
            "throughput": throughput,
            "audit": audit,
            "memory": {"workers": memory, "worker_peak_mb": peak},
            "phases_s": self.phases,
            "table": table,
            "errors": errors,
            "notes": notes,
        }
        return result

    # -- cleaning up --

    def cleanup(self):
        if self.server is not None:
            with contextlib.suppress(Exception):
                self.server.stop()
        if self.collectstatic is not None and self.collectstatic.poll() is None:
            self.collectstatic.terminate()
            self.collectstatic.wait()
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


# After this many timed rounds, a hand-written shape whose median is SHAPE_DROP times the best one's
# is no longer timed: it cannot be the lower bound, and the row-by-row shapes of a large list take
# half a second a round. Its figures (over these first rounds) stay in the JSON.
SHAPE_TRIAL = 20
SHAPE_DROP = 5


def _shapes_worth_timing(timings):
    medians = {shape: statistics.median(values) for shape, values in timings.items()}
    best = min(medians.values())
    return {shape for shape, median in medians.items() if median <= SHAPE_DROP * best}


def _activity_sentence(activity):
    """What PostgreSQL did in the background while the HTTP measures ran."""
    return (
        f" While the HTTP measures ran, PostgreSQL made {activity['checkpoints']} checkpoint(s) "
        f"({activity['buffers_checkpoint']:,} buffers written) and autovacuum or autoanalyze ran "
        f"{activity['autovacuum_runs']} time(s)."
    )


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


if __name__ == "__main__":
    sys.exit(main())
