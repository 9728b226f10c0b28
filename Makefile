# leavingcare: the commands a newcomer needs. `make run` and `make test` work on a fresh
# machine with Python 3.12+, pip and Node/npm.

PYTHON_CANDIDATES := python3.14 python3.13 python3.12 python3 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3)
PYTHON ?= $(shell for p in $(PYTHON_CANDIDATES); do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test bench lint format install static migrate demo worker beat clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (Django 6 requires it)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static/vendor/govuk/govuk-frontend.min.css: node_modules/.package-lock.json scripts/build-static.mjs
	npm run --silent build

install: $(VENV)/.installed
static: static/vendor/govuk/govuk-frontend.min.css

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

## Install everything, migrate, load demo data and serve on http://127.0.0.1:$(PORT)
## (with REDIS_URL set, a Celery worker and beat run alongside).
run: install static demo
	@if [ -n "$$REDIS_URL" ]; then \
		echo "REDIS_URL is set: starting a Celery worker and beat"; \
		$(BIN)/celery -A leavingcare worker --beat --loglevel=info --concurrency=2 & \
	fi; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## The import contracts between the apps (pyproject.toml [tool.importlinter]), then the whole
## test suite. With REQUIRE_SERVICES=1 a missing PostgreSQL, Redis or browser fails.
test: install static
	@mkdir -p test-results
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist loadgroup

## Benchmarks against PostgreSQL: see docs/benchmarks.md.
bench: install static
	$(BIN)/python scripts/bench.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: install
	$(BIN)/celery -A leavingcare worker --loglevel=info

beat: install
	$(BIN)/celery -A leavingcare beat --loglevel=info

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles test-results
