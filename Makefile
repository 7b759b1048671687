# MotCua. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

$(UV):
	@python3 -m venv $(TOOLS)
	@$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

.PHONY: install
install: $(UV) ## Create or update the virtual environment from uv.lock
	@$(UV) sync --frozen --quiet

.PHONY: system
system: ## Make sure the Debian packages are there (Chromium for browser tests, DejaVu fonts for PDFs)
	@bash scripts/ensure-system-packages

.PHONY: run
run: install system ## Migrate, load demo data and serve MotCua with its worker on http://127.0.0.1:$(PORT)
	@mkdir -p var
	@$(PY) -m backend.run

.PHONY: migrate
migrate: install ## Apply database migrations
	@$(PY) -m backend.migrate

.PHONY: test
test: install system ## Run the whole test suite (SQLite by default; DATABASE_URL=postgresql://... for PostgreSQL)
	@mkdir -p var
	@$(PY) -m pytest

.PHONY: lint
lint: install ## ruff and mypy
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/mypy

.PHONY: bench
bench: install ## Run every benchmark; each prints `ratio <name> <value>` lines
	@bash bench/run

.PHONY: migrations
migrations: install ## Generate migrations for changed tables (APP=name)
	@$(VENV)/bin/piccolo migrations new $(APP) --auto

.PHONY: help
help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'
