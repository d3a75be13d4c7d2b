# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/coordination

.PHONY: run test install install-dev lint format messages serve-prod bench backup restore loadtest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change, so a second `make run` starts in seconds.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Served with DEBUG off, as visitors will see it (the site's own 404 page, not Django's list of
# every URL), on a key kept in var/; `make run DEBUG=1` for Django's debug pages.
DEBUG ?= 0
DEV_KEY := var/dev-secret-key
RUN_ENV = SECRET_KEY="$$(cat $(DEV_KEY))" DEBUG=$(DEBUG)

$(DEV_KEY):
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(40))" > $@

# Links in the review mails point where this serves (SITE_URL=… make run to change them).
SITE_URL ?= http://127.0.0.1:$(PORT)
run: install $(DEV_KEY)
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed
	$(RUN_ENV) $(BIN)/python manage.py ensure_admin
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@echo "Serving on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(RUN_ENV) SITE_URL="$(SITE_URL)" $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# SQLite by default; PostgreSQL when DATABASE_URL is set (e.g. DATABASE_URL=$(PG_URL) make test).
test: install-dev
	SECRET_KEY=test-only $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext; the compiled .mo files are committed so nobody else does.
messages: install-dev
	cd coordination && DEBUG=1 ../$(BIN)/python ../manage.py makemessages -l vi --no-obsolete
	cd coordination && DEBUG=1 ../$(BIN)/python ../manage.py compilemessages -l vi

# The docker-compose stack without Docker: gunicorn + PostgreSQL (DATABASE_URL, default local).
WORKERS ?= 5
serve-prod: install
	@test -n "$$SECRET_KEY" || (echo "Set SECRET_KEY first, e.g. SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(40))') make serve-prod" && exit 1)
	@test -n "$$DATABASE_URL" || createdb -h 127.0.0.1 -U postgres coordination 2>/dev/null || true
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/python manage.py migrate --noinput
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/python manage.py seed
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/python manage.py collectstatic --noinput -v0
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/gunicorn config.wsgi -b 127.0.0.1:$(PORT) -w $(WORKERS) --access-logfile -

# Benchmarks at a million activities on PostgreSQL (see bench/README.md); BENCH_ARGS to change.
bench: install-dev
	SECRET_KEY=bench $(BIN)/python bench/run.py $(BENCH_ARGS)

# Backups of the database in DATABASE_URL (SQLite var/db.sqlite3 by default): see README.
backup: install
	SECRET_KEY=$${SECRET_KEY:-not-used-by-backups} $(BIN)/python manage.py backup $(FILE)

restore: install
	@test -n "$(FILE)" || (echo "Say which backup: make restore FILE=var/backups/coordination-….dump" && exit 1)
	SECRET_KEY=$${SECRET_KEY:-not-used-by-backups} $(BIN)/python manage.py restore "$(FILE)" --noinput

# Load and fault test (bench/loadtest.py): gunicorn on PostgreSQL, 32 visitors and 2 staff for
# 60 s, the database cut off halfway; prints p50/p95 and requests/s, fails on any 5xx outside
# the outage, a lost or doubled record or a tally that differs from a recount.
LOAD_DB_URL ?= postgres://postgres@127.0.0.1:5432/coordination_load
loadtest: install
	$(BIN)/python bench/loadtest.py --database-url $(LOAD_DB_URL) $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
