# The whole setup is `make run` or `make test`: each creates/refreshes .venv with the pinned dependencies.
# `make run` installs what running tuilink needs; `make test` adds the test tools (the `test` extra).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed-test
# Read by Textual at import time (the snapshot plugin imports it before conftest runs).
export TEXTUAL_ANIMATIONS := none

.PHONY: run test bench reliability screenshots contract clean

$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(RUN_STAMP)
	@$(BIN)/tuilink $(ARGS)

# tests/web drives Debian's Chromium (no browser download); a fresh machine gets it from apt.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium

# tests/server/test_node_sdk.py drives Plaid's Node SDK, and tests/web/test_web_sdk_browser.py react-plaid-link on
# React's UMD builds, pinned in tests/node/package-lock.json (needs node and npm).
NODE_STAMP := tests/node/node_modules/.installed

$(NODE_STAMP): tests/node/package.json tests/node/package-lock.json
	npm ci --prefix tests/node --no-audit --no-fund
	touch $(NODE_STAMP)

# Lint (ruff) and types (mypy, strict below the UI; settings in pyproject.toml), then a parallel run of the
# whole suite, then one serial pass over the snapshot tests
# (a serial run is the one that notices a leftover snapshot without a test).
test: $(STAMP) $(CHROMIUM) $(NODE_STAMP)
	$(BIN)/ruff check tuilink tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -q
	$(BIN)/python -m pytest -q tests/snapshots

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The robustness tests at nightly size (1,000 examples per fuzzed input), their figures summed into
# docs/RELIABILITY.md. `make test` runs the same tests with fewer examples.
RELIABILITY_TESTS := tests/unit/test_bad_input.py tests/ui/test_fuzz_inputs.py tests/unit/test_token_rules.py \
	tests/test_secrets.py tests/server/test_faults.py tests/server/test_fault_injection.py tests/server/test_fuzz.py \
	tests/server/test_durability.py tests/ui/test_terminal_faults.py
FIGURES := $(CURDIR)/.reliability.jsonl

reliability: $(STAMP)
	rm -f $(FIGURES)
	start=$$(date +%s) && \
	TUILINK_FUZZ_EXAMPLES=1000 TUILINK_RELIABILITY_REPORT=$(FIGURES) $(BIN)/python -m pytest -n 2 -q $(RELIABILITY_TESTS) && \
	$(BIN)/python -m tests.reliability_report $(FIGURES) docs/RELIABILITY.md 1000 $$(( $$(date +%s) - start ))
	rm -f $(FIGURES)

# Regenerate the README screenshots (assets/screenshots/*.svg) from the real app at 80x24.
screenshots: $(STAMP)
	$(BIN)/python -m tuilink.scripts.screenshots

# Regenerate assets/plaid_contract.json (Plaid's request schemas) from the pinned plaid-python's models.
contract: $(STAMP)
	$(BIN)/python -m tuilink.scripts.plaid_contract

clean:
	rm -rf $(VENV)
