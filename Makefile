# Practice Commons — the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install install-dev assets translations messages migrate seed run serve worker scheduler test test-fast lint format bench soak clean

help:
	@echo "make run    install, migrate, load demo data and serve at http://$(HOST):$(PORT)"
	@echo "make test   install what tests need and run the whole suite"
	@echo "make lint   ruff, template and import-layer checks"
	@echo "make bench  performance benchmarks"
	@echo "make soak   minutes of mixed traffic against gunicorn, PostgreSQL and Redis (SOAK_SECONDS)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes, so a second `make run` starts in seconds.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed assets translations
install-dev: $(VENV)/.installed-dev assets translations

# The Welsh catalogues (.po, committed) compiled to the .mo files Django reads.
translations: $(VENV)/.installed
	@$(PY) scripts/compile_messages.py

# Refresh the catalogues from the source after changing interface text (needs GNU gettext).
messages: $(VENV)/.installed
	@PY=$(PY) bash scripts/make_messages.sh

assets: $(VENV)/.installed
	@VENV=$(VENV) bash scripts/build_assets.sh

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

run: install
	@VENV=$(VENV) HOST=$(HOST) PORT=$(PORT) bash scripts/run.sh

test: install-dev
	@VENV=$(VENV) bash scripts/test.sh

test-fast: $(VENV)/.installed-dev
	$(PY) -m pytest -q -m "not browser" $(ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) scripts/check_architecture.py

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install-dev
	@VENV=$(VENV) bash scripts/bench.sh

# PostgreSQL and Redis at 127.0.0.1; exits non-zero on any 5xx or memory growth.
soak: install-dev
	$(PY) benchmarks/soak.py

clean:
	rm -rf $(VENV) var practice_commons/core/static/dist frontend/node_modules
