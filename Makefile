# Two commands for newcomers: `make run` and `make test`. Everything lives in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench load install install-dev lint format check clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required (found " + sys.version.split()[0] + "); run: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## make run: install, migrate, load the demo exhibition, serve on http://127.0.0.1:8000/
run: install
	$(BIN)/python manage.py migrate --no-input --verbosity 0
	$(BIN)/python manage.py load_exhibition --address $(HOST):$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: install the test tools, run the whole suite (SQLite, or DATABASE_URL if set)
test: install-dev
	$(BIN)/python -m pytest

## make bench: the site under gunicorn with production settings on loopback, 500 portraits
bench: install-dev
	$(BIN)/python -m pip install --quiet -e ".[dev,bench,production]"
	$(BIN)/python scripts/bench.py

## make load: 60 s at 50 connections over every public page type while a portrait is published
## every 5 s (gunicorn, a task worker, PostgreSQL, Redis; production settings)
load: install-dev
	$(BIN)/python -m pip install --quiet -e ".[dev,production]"
	$(BIN)/python scripts/load.py

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-dev
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
