# Two commands set cunzheng up on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
RUN_DIR ?= devnet
RUN_PORT ?= 7700
RUN_NODES ?= 4

.PHONY: run test lint unit slow bench install system-deps clean bundle

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# setuptools prints a box on every editable install of a flat layout, warning that a folder
	# named like the package may shadow it; here that folder (cunzheng/) is the package itself.
	PYTHONWARNINGS='ignore:Editable installation' $(PY) -m pip install --quiet -e '.[dev,node]'
	touch $@

# The page's type checker and its types (package-lock.json), again whenever the lock changes.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# The offline verifier's scripts (node/api/offline/), bundled by esbuild from the page's
# modules; committed, and tests/js/bundle.test.js fails when they are stale.
bundle: node_modules/.installed
	node node/api/offline/build.mjs

# Debian's chromium (browser tests), a CJK font (Chinese pages render, not boxes) and
# libfaketime (a node with a skewed clock, tests/node/test_clock_skew.py); skipped when they
# are already there.
FAKETIME_LIB = /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
system-deps:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q . \
	  && test -e $(FAKETIME_LIB); } || { \
	  echo "installing chromium, fonts-noto-cjk and libfaketime with apt-get (tests)"; \
	  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk libfaketime >/dev/null; }

run: install
	$(BIN)/cunzheng devnet --nodes $(RUN_NODES) --dir $(RUN_DIR) --port $(RUN_PORT)

lint: install
	$(BIN)/ruff check ledger node cli tests bench cunzheng
	$(BIN)/ruff format --check ledger node cli tests bench cunzheng
	$(BIN)/mypy
	$(BIN)/vulture ledger node cli bench vulture_whitelist.py --min-confidence 60
	$(BIN)/lint-imports
	npx --no-install tsc -p .

unit: install system-deps
	$(BIN)/pytest -q
	node --test tests/js/

test: lint unit

slow: install system-deps
	$(BIN)/pytest -q -m slow

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) build *.egg-info node_modules
