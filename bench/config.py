"""The bench's configuration: ``BENCH_*`` variables (see bench/run.py and bench/README.md), the fixed
choices of the run, the log line, and the environment its child processes inherit."""

import datetime
import os
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "safereturn_bench"
SETTINGS = "safereturn.settings.production"
PASSWORD = "Demo@SafeReturn2026"  # noqa: S105 - the demo officers' published password (safereturn.demo.officers)
SAMPLE = 500  # cases sampled from the manifest per officer
DISTINCT = 50  # distinct names and numbers searched
THROUGHPUT_ROUNDS = 3  # the case page and the bare view take turns, so background load weighs on both
BARE_PATH = "/__bench__/bare/"
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


def clean_env():
    return {k: v for k, v in os.environ.items() if not k.startswith(_OWN_PREFIXES) and not k.startswith("BENCH_")}


def use_server_env(env):
    """Put the server's settings into this process's environment (for Django in process), replacing inherited ones."""
    for name in [k for k in os.environ if k.startswith(_OWN_PREFIXES)]:
        del os.environ[name]
    os.environ.update(env)
