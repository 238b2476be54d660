# Two commands do all the set-up on a fresh Debian/Ubuntu machine:
#   make release   – installs what is missing, then releases the brief in every language
#   make test      – installs what is missing, then lint, types and the test suite
# Both install the exact, hashed versions of requirements/*.txt (the lock; `make lock`
# refreshes it) with uv, itself installed from the hashed requirements/uv.txt.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
UV := $(BIN)/uv
LATEST_VENV := .venv-latest
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# WeasyPrint's libraries (Pango, HarfBuzz with its subsetter, fontconfig), git for
# versions and dates, GNU gettext as the reference of the tests. README.md lists them too.
DEBIAN_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
	libharfbuzz-subset0 libfontconfig1 git gettext
TEST_DEBIAN_PACKAGES := po4a
RELEASE_FLAGS ?=
# uv reads only the lock and the package index; it never fetches a Python of its own.
export UV_PYTHON_DOWNLOADS := never

.PHONY: release build test quick checks test-latest lock lint system-deps previews bench clean

release: $(BIN)/.installed
	$(BIN)/pubkit release $(RELEASE_FLAGS)

build: $(BIN)/.installed
	$(BIN)/pubkit build --variant screen --variant print --format pdf --format html

test: $(BIN)/.installed-test
	$(MAKE) --no-print-directory checks

# The edit-test loop: lint, types and the tests that neither render nor start processes.
quick: $(BIN)/.installed-test
	$(BIN)/ruff check src tests bench tools docs
	$(BIN)/mypy
	$(BIN)/pytest -q -m "not slow"

checks:
	$(BIN)/ruff check src tests bench tools docs
	$(BIN)/ruff format --check src tests bench tools docs
	$(BIN)/mypy
	$(BIN)/pytest

system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES) $(EXTRA_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(UV): requirements/uv.txt
	$(MAKE) system-deps
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes \
		--no-deps -r requirements/uv.txt
	touch $@

$(BIN)/.installed: pyproject.toml requirements/release.txt $(UV)
	$(MAKE) system-deps
	$(UV) pip install -q --python $(BIN)/python --require-hashes -r requirements/release.txt
	$(UV) pip install -q --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m compileall -q src  # an editable install is not compiled
	touch $@

$(BIN)/.installed-test: pyproject.toml requirements/test.txt $(BIN)/.installed
	$(MAKE) system-deps EXTRA_PACKAGES="$(TEST_DEBIAN_PACKAGES)"
	$(UV) pip install -q --python $(BIN)/python --require-hashes -r requirements/test.txt
	touch $@

# The lock: the newest versions pyproject.toml's ranges allow, exact and hashed, for every
# platform; the release set is the test set's versions, so the two never disagree.
LOCK_FLAGS := pip compile -q --universal --python-version 3.11 --generate-hashes --upgrade
lock: $(UV)
	$(UV) $(LOCK_FLAGS) --extra test pyproject.toml -o requirements/test.txt
	$(UV) $(LOCK_FLAGS) -c requirements/test.txt pyproject.toml -o requirements/release.txt
	$(UV) $(LOCK_FLAGS) requirements/uv.in -o requirements/uv.txt

# Drift, found on purpose: the newest versions the ranges allow, not the lock, in a
# virtual environment of its own, through the same checks as `make test`.
test-latest: $(UV)
	$(MAKE) system-deps EXTRA_PACKAGES="$(TEST_DEBIAN_PACKAGES)"
	rm -rf $(LATEST_VENV)
	$(UV) venv -q --python $(BIN)/python $(LATEST_VENV)
	$(UV) pip install -q --python $(LATEST_VENV)/bin/python --upgrade -e '.[test]'
	$(UV) pip list --python $(LATEST_VENV)/bin/python --format freeze
	$(MAKE) --no-print-directory checks BIN=$(LATEST_VENV)/bin

previews: $(BIN)/.installed-test
	$(BIN)/python docs/make_previews.py

bench: $(BIN)/.installed-test
	$(BIN)/python bench/run.py

clean:
	rm -rf dist .pubkit-cache $(LATEST_VENV)
