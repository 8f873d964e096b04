# Dubbelslag: `make run` sets up and starts the application with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := dubbelslag.settings

.PHONY: run setup install messages makemessages test test-browser chromium axe vendor screenshots pdf-libs bench lint clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

messages: install
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install gettext (apt-get install gettext)"; exit 1; }
	cd dubbelslag && DEBUG=true ../$(PY) ../manage.py compilemessages --verbosity 0

makemessages: install
	cd dubbelslag && DEBUG=true ../$(PY) ../manage.py makemessages --locale nl --locale en --extension html,txt,py,md --no-obsolete --add-location file

setup: messages pdf-libs
	mkdir -p var
	DEBUG=true $(PY) manage.py migrate --verbosity 0
	DEBUG=true $(PY) manage.py load_open_data
	DEBUG=true $(PY) manage.py seed_demo

run: setup
	@echo "Dubbelslag runs on http://$(HOST):$(PORT)/ (stop with Ctrl-C)"
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# The unit suite; browser tests are marked and run by `make test-browser`, which `make test` also runs.
TEST_ENV := SECRET_KEY=test-only-secret-key-not-for-production DEBUG=false SECURE_COOKIES=false
test: messages pdf-libs
	$(TEST_ENV) $(PY) -m pytest -n 2 --dist loadfile
	$(MAKE) test-browser

test-browser: messages pdf-libs chromium axe
	$(TEST_ENV) $(PY) -m pytest -m browser -p no:xdist

# Browser tests drive Debian's Chromium; install it when missing and we may (CI and these machines run as root).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: install Debian's chromium package (sudo apt-get install chromium)"; exit 1; fi; }

# The public benchmark loads the server with wrk (Debian's wrk package), installed here when missing and we may; without
# it the benchmark falls back to a slower Python load generator.
# WeasyPrint (the PDFs of knowledge products) needs Debian's pango and a font; install them when missing and we may.
pdf-libs: install
	@$(PY) -c "import weasyprint" 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null; \
	  else echo "WeasyPrint needs pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"; exit 1; fi; }

# axe-core (npm, pinned in package-lock.json) for the accessibility checks in the browser tests.
axe:
	@test -f node_modules/axe-core/axe.min.js || { \
	  if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	  else echo "npm is missing: the accessibility browser tests will be skipped (apt-get install npm)"; fi; }

# The NL Design System CSS (npm, pinned in package-lock.json) is copied into core's static files and committed, so that
# `make run` needs no npm; after changing its version in package.json, run `make vendor` and commit the copy.
vendor:
	npm ci --no-audit --no-fund --silent
	$(PY) tools/vendor_frontend.py

# The page gallery: PNGs of the key pages at desktop and phone width, in Dutch and English, in var/screenshots/ (see
# the README); it builds its own demo database in a temporary directory.
screenshots: messages chromium
	$(PY) tools/screenshots.py

bench: setup
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing (sudo apt-get install wrk): the public benchmark uses a Python load generator"; fi; }
	DEBUG=true $(PY) bench/run.py

lint: install
	mkdir -p var
	$(VENV)/bin/ruff check .
	DEBUG=true $(PY) manage.py check
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var
