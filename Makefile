# Two commands: `make run` serves the portal with the seed data, `make test` runs the whole suite.
# Without DATABASE_URL both start an embedded PostgreSQL whose data lives in var/pgdata.
#
# Dependencies are installed from uv.lock (every package pinned, with hashes), so nothing WeasyPrint or any other
# dependency pulls in can change between two installs. After editing dependencies in pyproject.toml, `make lock`.

PYTHON ?= $(shell .ci/find-python)
# Looked for once, not at every use (each search starts several interpreters).
PYTHON := $(PYTHON)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := $(shell sed -n 's/^ *"uv==\([^"]*\)".*/\1/p' pyproject.toml)
LOCK_HASH := $(shell cat pyproject.toml uv.lock | cksum | cut -d' ' -f1)
# Everything uv.lock lists (the development tools included) / what `make run` needs (the portal and the embedded
# PostgreSQL: a third of the files, without the browser driver and the checkers).
STAMP := $(VENV)/.installed-$(LOCK_HASH)
RUN_STAMP := $(VENV)/.installed-run-$(LOCK_HASH)
LOCK_MISMATCH := { echo "uv.lock does not match pyproject.toml: run \`make lock\` and commit uv.lock." >&2; exit 1; }
MANAGE := $(BIN)/python manage.py
# uv: the project's own .venv, never a downloaded Python. Files are linked from uv's cache, uv's default (copied
# instead when the cache is on another disk): copying the packages' 700 MB took 20 s of a fresh `make run`.
UV := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON_DOWNLOADS=never $(BIN)/uv
# Tests run in parallel, one database per worker (as many workers as cores, at most four).
PYTEST_WORKERS ?= auto

.PHONY: run test production-lane lint lock check-python clean-db chromium vnu

check-python:
	@test -n "$(PYTHON)" || { .ci/find-python >/dev/null; exit 1; }

# The virtualenv with uv in it (from the registry, at the version the lock file pins for it). The interpreter's
# own pip puts uv into it when it has a pip (.venv then needs no copy of pip: uv installs everything else);
# otherwise pip is bootstrapped into .venv first.
PIP_ARGS := install --quiet --disable-pip-version-check uv==$(UV_VERSION)
$(BIN)/uv: | check-python
	@echo "Creating $(VENV) with $(PYTHON)"
	@if $(PYTHON) -c "import pip" >/dev/null 2>&1; then \
		test -x $(BIN)/python || $(PYTHON) -m venv --without-pip $(VENV); \
		$(PYTHON) -m pip --python $(BIN)/python $(PIP_ARGS); \
	else \
		test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
		$(BIN)/python -m pip $(PIP_ARGS); \
	fi

# Exactly what uv.lock says (the development extras and the embedded PostgreSQL included), nothing else.
$(STAMP): pyproject.toml uv.lock | $(BIN)/uv
	@$(UV) sync --locked --extra dev --extra embedded --quiet || $(LOCK_MISMATCH)
	@rm -f $(VENV)/.installed-*
	@touch $@

# The portal's own packages, exactly as locked, beside whatever else is installed (uv itself, the development tools
# if `make test` put them there): nothing to do when everything is already installed.
$(RUN_STAMP): pyproject.toml uv.lock | $(BIN)/uv
	@test -f $(STAMP) || $(UV) sync --locked --inexact --extra embedded --quiet || $(LOCK_MISMATCH)
	@rm -f $(VENV)/.installed-run-*
	@touch $@

# Regenerate uv.lock after a change to pyproject.toml: versions already locked stay as they are (deterministic);
# `make lock LOCK_ARGS=--upgrade` moves every unpinned dependency to its newest release.
lock: | $(BIN)/uv
	$(UV) lock $(LOCK_ARGS)

# One process migrates, loads the seed, creates the demo sign-ins and serves; the worker builds the packs.
run: $(RUN_STAMP)
	$(MANAGE) serve --prepare 127.0.0.1:8000

test: $(STAMP) chromium vnu
	PORTAL_VNU_JAR=$(CURDIR)/$(VNU_JAR) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --maxprocesses=4 $(PYTEST_ARGS)

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
	$(BIN)/lint-imports --no-cache

clean-db:
	rm -rf var/pgdata
