"""CI gate: every migration replays on a new SQLite database, as ``make run`` does, and leaves the
rule rows ``load_rules`` would write (the SQLite test database is built from the models for speed:
see conftest.py; PostgreSQL's test database is built by the migrations themselves).

Run from the repository root: ``.venv/bin/python .ci/check_migrations.py``. Exit 1 saying what failed.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(env, *args):
    done = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        print(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        sys.exit(1)
    return done.stdout


def main():
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(scratch) / 'fresh.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "safereturn.settings.test",
        }
        manage(env, "migrate", "--noinput", "-v0")
        loaded = manage(env, "load_rules").strip()
        if loaded != "rules: 0 created; public holidays: 0 created":
            print(f"the migrations did not leave every rule row load_rules writes: {loaded}")
            return 1
    print("migrations: replayed on a new SQLite database, with the rule rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
