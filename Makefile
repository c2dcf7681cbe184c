# Two commands: `make run` serves the portal with the seed data, `make test` runs the whole suite.
# Without DATABASE_URL both start an embedded PostgreSQL whose data lives in var/pgdata.

PYTHON ?= $(shell .ci/find-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py

.PHONY: run test production-lane lint check-python clean-db chromium vnu

check-python:
	@test -n "$(PYTHON)" || { .ci/find-python >/dev/null; exit 1; }

$(STAMP): pyproject.toml | check-python
	@echo "Creating $(VENV) with $(PYTHON)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seed
	$(MANAGE) build_packs --all
	$(MANAGE) demo_accounts
	$(MANAGE) serve 127.0.0.1:8000

test: $(STAMP) chromium vnu
	PORTAL_VNU_JAR=$(CURDIR)/$(VNU_JAR) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The production lane alone (also part of `make test`): DEBUG off, collectstatic, gunicorn, the worker, the
# machine's PostgreSQL and Redis on 127.0.0.1; it fails here if they do not answer.
production-lane: $(STAMP)
	PRODUCTION_LANE=required $(BIN)/python -m pytest -m production tests/production $(PYTEST_ARGS)

# Browser tests drive Debian's chromium (never a downloaded browser build).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get install -y -q chromium >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium >/dev/null; }; }

# The W3C Nu HTML Checker for the HTML conformance tests: Debian's Java and the vnu-jar npm package (the jar is
# inside it; its install script, which only looks for Java, is not run). Installed once, under .venv/.
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu-$(VNU_VERSION)/node_modules/vnu-jar/build/dist/vnu.jar

vnu: $(VNU_JAR)

$(VNU_JAR):
	@SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	for tool in java:default-jre-headless npm:npm; do \
		command -v $${tool%%:*} >/dev/null 2>&1 && continue; \
		echo "Installing Debian's $${tool#*:} for the HTML checks"; \
		$$SUDO apt-get install -y -q $${tool#*:} >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q $${tool#*:} >/dev/null; }; \
	done
	@mkdir -p $(VENV)/vnu-$(VNU_VERSION)
	npm install --prefix $(VENV)/vnu-$(VNU_VERSION) --no-save --ignore-scripts --no-audit --no-fund --loglevel=error vnu-jar@$(VNU_VERSION)
	@test -f $@

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean-db:
	rm -rf var/pgdata
