# The two commands of the Quick start: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo serve check clean

$(PY):
	@PYBIN=$$(scripts/find-python) || exit 1; \
	echo "使用 $$PYBIN 创建 $(VENV)"; \
	"$$PYBIN" -m venv $(VENV)
	@$(PIP) install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --no-input --verbosity 0

demo: migrate
	$(PY) manage.py load_demo

serve:
	$(PY) manage.py runserver $(HOST):$(PORT)

run: demo serve

check: install
	$(PY) manage.py check

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
