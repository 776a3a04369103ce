# Rolebook: two commands on a fresh clone -> `make build`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
export NO_MKDOCS_2_WARNING := 1

.PHONY: install build test lint serve validate schema bench chromium java clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## install: create .venv and install Rolebook (done by the other targets as needed)
install: $(STAMP)

## build: install, validate roles/, build the site into site/
build: $(STAMP)
	$(BIN)/rolebook validate roles/
	$(BIN)/rolebook build

## validate: check roles/ and site_config/ only
validate: $(STAMP)
	$(BIN)/rolebook validate roles/

## serve: live preview on http://127.0.0.1:8000 (rebuilds on roles/ and site_config/ edits)
serve: $(STAMP)
	$(BIN)/rolebook serve

## schema: regenerate the JSON Schemas after changing the models
schema: $(STAMP)
	$(BIN)/rolebook schema

## chromium: Debian's Chromium for the browser tests (installed when missing and run as root)
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Browser tests need Debian's chromium: run 'sudo apt-get install chromium' and try again." >&2; exit 1; \
	fi

## java: a Java runtime for the Nu HTML checker (installed when missing and run as root)
java:
	@if command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "Installing a Java runtime for the HTML validator..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else \
		echo "The HTML validity test needs Java: run 'sudo apt-get install default-jre-headless' and try again." >&2; exit 1; \
	fi

## lint: ruff (pyflakes, pycodestyle, bugbear, pyupgrade, isort) and mypy, at the versions pinned in the test extra
lint: $(TSTAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy

## test: install test dependencies (chromium and Java included), run ruff and mypy, then the whole suite
test: $(TSTAMP) lint chromium java
	$(BIN)/python -m pytest

## bench: build time, page size, search, Lighthouse (mobile) and the skills finder's ranking time for the sample catalog and generated catalogs (not a test)
bench: $(TSTAMP) chromium
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/finder.py

## clean: remove site/ and what killed builds left, only where Rolebook wrote them (.rolebook-output)
clean:
	@for d in site .site-new-* .site-old-* .site-base; do \
		if [ -f "$$d/.rolebook-output" ]; then rm -rf -- "$$d"; \
		elif [ -e "$$d" ]; then echo "make clean: leaving $$d alone: Rolebook did not make it (no $$d/.rolebook-output)" >&2; fi; \
	done
	rm -rf -- .pytest_cache .mypy_cache .ruff_cache
