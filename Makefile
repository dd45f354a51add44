# The two commands of the Quick start: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install install-test install-bench migrate demo serve check clean bench-import bench-dashboard bench-load

$(PY):
	@PYBIN=$$(scripts/find-python) || exit 1; \
	echo "使用 $$PYBIN 创建 $(VENV)"; \
	"$$PYBIN" -m venv $(VENV)
	@$(PIP) install --quiet --upgrade pip

# Reinstall only when the dependency list changes. Running needs the runtime dependencies
# alone; the test extra (pytest, playwright …) and the bench extra (locust, gevent,
# django-import-export) are installed by the targets that use them.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	@touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[bench]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-bench: $(VENV)/.installed-bench

migrate: install
	$(PY) manage.py migrate --no-input --verbosity 0

demo: migrate
	$(PY) manage.py load_demo

# The web server, and beside it the worker that runs big imports in the background.
serve:
	@$(PY) manage.py db_worker >worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

run: demo serve

check: install
	$(PY) manage.py check

# Lint and format check first (ruff, configured in pyproject.toml), then the whole suite.
lint: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache

# Import speed: ours against django-import-export, on SQLite and on the local PostgreSQL.
bench-import: install-bench
	$(PY) benchmarks/import_workbook.py
	$(PY) benchmarks/import_workbook.py --database $${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/worktracker_bench}

# Dashboard server time and query counts at a generated scale (PostgreSQL; the database is recreated).
bench-dashboard: install-bench
	$(PY) benchmarks/dashboard.py --scale province

# 100 simulated users against gunicorn + the local PostgreSQL for 3 minutes (locust, loopback only).
bench-load: install-bench
	$(PY) benchmarks/load.py
