# FOI casework: `make run` to serve, `make test` for everything CI runs. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test lint format typecheck pytest migrate demo bench clean
SIZE ?= full

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: $(STAMP) ## Create .venv and install the project with its dev tools (the `foi` command lands in .venv/bin)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

migrate: install ## Apply the database migrations (FOI_DATABASE_URL; SQLite by default)
	$(BIN)/foi db upgrade

run: migrate ## Install, migrate and serve on http://$(HOST):$(PORT) (docs at /docs)
	$(BIN)/foi demo offer
	$(BIN)/foi serve --host $(HOST) --port $(PORT)

demo: migrate ## Load the demonstration case
	$(BIN)/foi demo load

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install ## mypy (strict)
	$(BIN)/mypy app

pytest: install ## The test suite on SQLite and PostgreSQL
	$(BIN)/pytest -q

test: lint typecheck pytest ## Everything CI runs: lint, types, tests on both databases

bench: install ## Benchmarks against same-run baselines (SIZE=small for the quick smoke run); JSON in bench/results/
	SIZE=$(SIZE) $(BIN)/python bench/run.py

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
