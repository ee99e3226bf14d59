# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# makemessages/compilemessages would otherwise walk the virtualenv too.
I18N_IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles

.PHONY: run test install remove-demo messages compilemessages lint format check superuser clean

run: install compilemessages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_official_content
	$(BIN)/python manage.py load_demo_content
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Two test processes (pytest-xdist), each taking whole modules, longest first (the order is
# set in tests/conftest.py): the browser walk in one while the rest run in the other.
# PYTEST_WORKERS= runs everything in one process.
PYTEST_WORKERS ?= --numprocesses=2 --dist=loadfile --no-loadscope-reorder

test: install compilemessages node_modules/.installed
	$(BIN)/pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet '.[test]'
	@touch $@

# Test tools from package-lock.json: the Nu HTML Checker (vnu-jar) and Lighthouse; without npm
# those tests skip. Not `npm ci`: a dependency of Lighthouse asks for a "latest" tag, which
# `npm ci` refuses to match against the lock file; `--no-save` installs from it unchanged.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm install --no-save --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the HTML validity tests will be skipped"; fi

compilemessages: install
	@command -v msgfmt >/dev/null 2>&1 || { echo "msgfmt not found: install gettext (apt-get install -y gettext)"; exit 1; }
	$(BIN)/python manage.py compilemessages $(I18N_IGNORE) --verbosity 0

# After changing interface strings: update the catalogues, then translate the new entries.
messages: install
	$(BIN)/python manage.py makemessages --all --no-obsolete --no-location $(I18N_IGNORE)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/python manage.py check

remove-demo: install
	$(BIN)/python manage.py remove_demo_content

superuser: install
	$(BIN)/python manage.py createsuperuser

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
	find locale -name '*.mo' -delete
