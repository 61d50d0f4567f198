# The whole setup is `make run` or `make test`: each creates/refreshes .venv with the pinned dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Read by Textual at import time (the snapshot plugin imports it before conftest runs).
export TEXTUAL_ANIMATIONS := none

.PHONY: run test bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	@$(BIN)/tuilink $(ARGS)

# tests/web drives Debian's Chromium (no browser download); a fresh machine gets it from apt.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium

# Parallel run of the whole suite, then one serial pass over the snapshot tests
# (a serial run is the one that notices a leftover snapshot without a test).
test: $(STAMP) $(CHROMIUM)
	$(BIN)/python -m pytest -n 2 -q
	$(BIN)/python -m pytest -q tests/snapshots

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Regenerate the README screenshots (assets/screenshots/*.svg) from the real app at 80x24.
screenshots: $(STAMP)
	$(BIN)/python -m tuilink.scripts.screenshots

clean:
	rm -rf $(VENV)
