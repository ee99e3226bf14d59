# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# makemessages/compilemessages would otherwise walk the virtualenvs too.
I18N_IGNORE := --ignore=.venv --ignore=.tools --ignore=node_modules --ignore=staticfiles

# uv installs the Python dependencies from uv.lock (exact versions, sha256-checked). uv itself
# is pinned with hashes in requirements-uv.txt and installed with the machine's pip into .tools/,
# outside the project's virtualenv, so that syncing the virtualenv never removes it.
TOOLS := .tools
UV := $(TOOLS)/bin/uv
# uv's settings for every uv command below: the project's virtualenv, the machine's python3.
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(PYTHON)
# Each stamp says "the virtualenv matches this uv.lock": nothing is reinstalled until the lock
# (or pyproject.toml, or uv's own pin) changes.
# Python's default, whatever the environment says: imported modules are compiled once and kept in
# __pycache__. With PYTHONDONTWRITEBYTECODE set (as on the CI machine) every manage.py command
# compiled Django and the dependencies again, about 2 s of CPU each.
unexport PYTHONDONTWRITEBYTECODE
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.PHONY: run test install install-test lock lock-check remove-demo messages compilemessages lint format check superuser clean

# The set-up steps of `make run` in one Django start instead of three (a start costs 1-2 s of
# CPU): migrate the database, load the official content (safe to repeat: it never overwrites an
# editor's change) and the demonstration content.
SETUP := from django.core.management import call_command as run; \
	run("migrate", interactive=False); run("load_official_content"); run("load_demo_content")

run: install compilemessages
	$(BIN)/python manage.py shell --no-startup --no-imports --command '$(SETUP)'
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Two test processes (pytest-xdist), each taking whole modules, longest first (the order is
# set in tests/conftest.py): the browser walk in one while the rest run in the other.
# PYTEST_WORKERS= runs everything in one process.
PYTEST_WORKERS ?= --numprocesses=2 --dist=loadfile --no-loadscope-reorder

# The Python and the npm test tools install side by side: both mostly wait on downloads.
test: compilemessages
	@$(MAKE) --no-print-directory --jobs=2 install-test node_modules/.installed
	$(BIN)/pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

# What the portal needs to run: the run-time dependencies only (no Playwright, moto, ruff…).
install: $(RUN_STAMP)
# `make test` adds the test group on top.
install-test: $(TEST_STAMP)

$(UV): requirements-uv.txt
	@rm -rf $(TOOLS)
	@# The machine's pip if it has one, else a pip in a virtualenv of its own (Debian's python3
	@# without python3-pip). --target installs beside, never into, the system's Python.
	@if $(PYTHON) -c "import pip" 2>/dev/null; then pip="$(PYTHON) -m pip"; \
	else $(PYTHON) -m venv $(TOOLS)/pip && pip=$(TOOLS)/pip/bin/pip; fi; \
	echo "installing uv (requirements-uv.txt)"; \
	PIP_ROOT_USER_ACTION=ignore $$pip install --quiet --disable-pip-version-check --no-warn-script-location \
		--require-hashes --only-binary=:all: --no-deps --target $(TOOLS) -r requirements-uv.txt
	@touch $@

# --locked: install exactly what uv.lock says, and stop if uv.lock no longer matches
# pyproject.toml (someone edited the dependencies without `make lock`).
$(RUN_STAMP): uv.lock pyproject.toml $(UV)
	$(UV) sync --locked --quiet
	@rm -f $(TEST_STAMP)  # the sync is exact: it removed the test tools if they were there
	@touch $@

$(TEST_STAMP): uv.lock pyproject.toml $(UV)
	$(UV) sync --locked --quiet --group test
	@touch $@ $(RUN_STAMP)  # the run-time dependencies came with it

# After editing the dependencies in pyproject.toml: re-resolve and rewrite uv.lock (existing
# pins are kept where they still fit; `$(UV) lock --upgrade-package NAME` moves one on).
lock: $(UV)
	$(UV) lock

# What CI runs first: fails when uv.lock is out of date with pyproject.toml.
lock-check: $(UV)
	$(UV) lock --check

# Test tools from package-lock.json, exactly (`npm ci`): the Nu HTML Checker (vnu-jar) and
# Lighthouse. A Lighthouse dependency asks for two packages at their "latest" tag, which moves
# on and then no longer matches the lock; package.json's "overrides" pin those two to the
# locked versions. Without npm those tests skip (CI requires npm).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the HTML validity tests will be skipped"; fi

# msgfmt straight from make (what Django's compilemessages runs): a catalogue is compiled
# once, and again only when its .po changes.
compilemessages: $(MO_FILES)

%.mo: %.po
	@command -v msgfmt >/dev/null 2>&1 || { echo "msgfmt not found: install gettext (apt-get install -y gettext)"; exit 1; }
	msgfmt --check-format -o $@ $<

# After changing interface strings: update the catalogues, then translate the new entries.
messages: install
	$(BIN)/python manage.py makemessages --all --no-obsolete --no-location $(I18N_IGNORE)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/python manage.py check

remove-demo: install
	$(BIN)/python manage.py remove_demo_content

superuser: install
	$(BIN)/python manage.py createsuperuser

clean:
	rm -rf $(VENV) $(TOOLS) node_modules staticfiles db.sqlite3
	find locale -name '*.mo' -delete
