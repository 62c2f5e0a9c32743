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

import sys

from .harness import Bench, main
from .measures import SHAPE_DROP, SHAPE_TRIAL, _shapes_worth_timing

# The harness is split by feature (bench/README.md, "The code"): config, database, seeding, server,
# workload, measures, goals, record, harness; the names tests and callers used from here stay importable.
__all__ = ["SHAPE_DROP", "SHAPE_TRIAL", "Bench", "_shapes_worth_timing", "main"]

if __name__ == "__main__":
    sys.exit(main())
