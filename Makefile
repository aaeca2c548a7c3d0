# FOI casework: `make run` to serve, `make test` for everything CI runs. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install system-packages run test lint format typecheck pytest migrate demo bench bench-tools load clean browser-deps frontend
SIZE ?= full
# pytest-xdist workers for `make test` (one per CPU; 0 runs the suite in one process)
TEST_WORKERS ?= auto

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: system-packages $(STAMP) ## Create .venv and install the project with its dev tools (the `foi` command lands in .venv/bin)

system-packages: ## Debian tools for redaction and its leak tests (pdftotext; tesseract OCR), installed if missing
	@command -v pdftotext >/dev/null && command -v tesseract >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq poppler-utils tesseract-ocr tesseract-ocr-eng; }

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

bench-tools: ## wrk (Debian's, in C) drives the HTTP figures: a load generator that is not the bottleneck
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

browser-deps: ## What the browser tests need: Debian's chromium (never a downloaded browser) and axe-core from npm
	@command -v chromium >/dev/null 2>&1 || { echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -f tests/browser/node_modules/axe-core/axe.min.js || npm ci --prefix tests/browser --no-audit --no-fund --silent

frontend: ## Rebuild app/static/govuk from GOV.UK Frontend (after changing its version; the output is committed)
	cd app/web/frontend && npm ci --no-audit --no-fund --silent && npm run build

pytest: install browser-deps ## The test suite on SQLite and PostgreSQL, with the browser scenario (screenshots in var/test-artifacts)
	$(BIN)/pytest -q -n $(TEST_WORKERS)

test: lint typecheck pytest ## Everything CI runs: lint, types, tests on both databases

bench: install bench-tools ## Benchmarks against same-run baselines (SIZE=small for the quick smoke run); JSON in bench/results/
	SIZE=$(SIZE) $(BIN)/python bench/run.py

load: install ## Load test: 200 clients for 60 s of mixed reads and writes on PostgreSQL; fails on any error
	$(BIN)/python bench/load.py --clients $(or $(CLIENTS),200) --duration $(or $(DURATION),60)

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
