# SafeReturn — two commands: `make run` (demo on SQLite) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
MANAGE := $(PY) manage.py
DEMO_ENV := DJANGO_SETTINGS_MODULE=safereturn.settings.dev

.PHONY: install run demo-data test test-browser schema-test lint check messages bench clean

$(VENV)/.installed: requirements.lock pyproject.toml build-constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=25.3"
	$(PIP) install --quiet --build-constraint build-constraints.txt -r requirements.lock
	touch $@

install: $(VENV)/.installed

demo-data: install
	$(DEMO_ENV) $(MANAGE) migrate --noinput -v0
	$(DEMO_ENV) $(MANAGE) load_geography
	$(DEMO_ENV) $(MANAGE) load_reference_data
	$(DEMO_ENV) $(MANAGE) seed_demo --cases 300 --scenarios --manifest var/demo-manifest.json

# DEBUG off, like production (safereturn/settings/dev.py; DJANGO_DEBUG=1 for Django's technical pages).
run: demo-data
	@echo "SafeReturn demo at http://127.0.0.1:$(PORT)/  (demo data only; Ctrl-C to stop)"
	@$(DEMO_ENV) $(MANAGE) run_huey --quiet & HUEY_PID=$$!; \
	trap "kill $$HUEY_PID 2>/dev/null" EXIT INT TERM; \
	DJANGO_RUNSERVER_HIDE_WARNING=true $(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

# The suite runs in as many processes as the machine has cores (TEST_WORKERS=0 runs it in one).
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -m "not browser" -q -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS); status=$$?; [ $$status -eq 0 ]

test-browser: install
	$(PY) -m pytest -m browser -q $(PYTEST_ARGS)

# Schemathesis over the whole API schema (.ci/schemathesis): a seeded demo database (SQLite, or
# SCHEMA_DATABASE_URL), no server error, every answer's status and body as the schema documents them.
schema-test: install
	PY=$(PY) ST=$(VENV)/bin/schemathesis bash .ci/schemathesis

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The gates CI runs before the suite: lint, no model change without its migration, every migration
# replayed on a new SQLite database, the message catalogues complete and compiled, and the apps'
# layers (import-linter, contracts in pyproject.toml).
check: lint
	DJANGO_SETTINGS_MODULE=safereturn.settings.test $(MANAGE) makemigrations --check --dry-run
	$(PY) .ci/check_migrations.py
	$(PY) .ci/check_messages.py
	$(VENV)/bin/lint-imports

messages: install
	cd safereturn && ../$(PY) ../manage.py makemessages -l vi -l en --no-obsolete --ignore "settings/*"
	cd safereturn && ../$(PY) ../manage.py compilemessages

# `make bench BENCH_CASES=20000` runs in minutes; the default (1,000,000 cases) took 12–16 minutes here.
# Also read from the environment: BENCH_REUSE=1, BENCH_KEEP=1, BENCH_DURATION, BENCH_WORKERS, BENCH_REDIS_URL.
BENCH_CASES ?= 1000000
BENCH_SEED ?= 2026
BENCH_DATABASE_URL ?=
BENCH_CONCURRENCY ?= 16
BENCH_REQUESTS ?= 200

bench: install
	BENCH_CASES=$(BENCH_CASES) BENCH_SEED=$(BENCH_SEED) BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" \
	BENCH_CONCURRENCY=$(BENCH_CONCURRENCY) BENCH_REQUESTS=$(BENCH_REQUESTS) $(PY) -m bench.run

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
