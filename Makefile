# The two commands: `make run` and `make test`. Everything else is what they need.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py

.PHONY: run test setup lint format migrate seed messages bench clean

run: setup ## Serve the app and its worker on http://127.0.0.1:8000, demo data included
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) serve

test: setup ## ruff, then the whole pytest suite (DATABASE_URL selects the database)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed node_modules/.installed
	$(MANAGE) collectstatic --noinput -v0

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: setup
	$(VENV)/bin/ruff check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: setup ## Refresh the English catalogue from the French source strings, then compile
	$(MANAGE) makemessages -l en --no-location -i ".venv" -i "node_modules" -i "var" -i "*/tests/*" -i "bench"
	$(MANAGE) compilemessages -l en -i .venv -i node_modules

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules var/static
