# Two commands do all the set-up on a fresh Debian/Ubuntu machine:
#   make release   – installs what is missing, then releases the brief in every language
#   make test      – installs what is missing, then lint, types and the test suite
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# WeasyPrint's libraries (Pango, HarfBuzz with its subsetter, fontconfig), git for
# versions and dates, GNU gettext as the reference of the tests.
DEBIAN_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
	libharfbuzz-subset0 libfontconfig1 git gettext
TEST_DEBIAN_PACKAGES := po4a
RELEASE_FLAGS ?=

.PHONY: release build test lint system-deps previews bench clean

release: $(BIN)/.installed
	$(BIN)/pubkit release $(RELEASE_FLAGS)

build: $(BIN)/.installed
	$(BIN)/pubkit build --variant screen --variant print --format pdf --format html

test: $(BIN)/.installed-test
	$(BIN)/ruff check src tests bench styles docs
	$(BIN)/ruff format --check src tests bench styles docs
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

$(BIN)/.installed: pyproject.toml
	$(MAKE) system-deps
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	$(BIN)/python -m compileall -q src  # an editable install is not compiled by pip
	touch $@

$(BIN)/.installed-test: pyproject.toml $(BIN)/.installed
	$(MAKE) system-deps EXTRA_PACKAGES="$(TEST_DEBIAN_PACKAGES)"
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

previews: $(BIN)/.installed-test
	$(BIN)/python docs/make_previews.py

bench: $(BIN)/.installed-test
	$(BIN)/python bench/run.py

clean:
	rm -rf dist .pubkit-cache
