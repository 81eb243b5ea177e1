# Two commands set cunzheng up on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
RUN_DIR ?= devnet
RUN_PORT ?= 7700
RUN_NODES ?= 4
WHEELHOUSE ?= wheelhouse

.PHONY: run test lint unit slow bench install system-deps clean bundle python-check wheelhouse

PYTHON ?= python3

$(VENV)/.installed: pyproject.toml
	@$(MAKE) --no-print-directory python-check
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# setuptools prints a box on every editable install of a flat layout, warning that a folder
	# named like the package may shadow it; here that folder (cunzheng/) is the package itself.
	PYTHONWARNINGS='ignore:Editable installation' $(PY) -m pip install --quiet -e '.[dev,node]'
	touch $@

# cunzheng needs Python 3.11 (tomllib, asyncio.Runner; pyproject.toml), and a venv module
# that can install pip: Debian and Ubuntu ship ensurepip in a separate package.
python-check:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "cunzheng needs Python 3.11 or later, but $(PYTHON) is" \
	    "$$($(PYTHON) --version 2>&1 || echo 'not installed')." \
	    "Install a newer Python (Debian 12 and Ubuntu 24.04: apt-get install python3) or" \
	    "name one: make run PYTHON=python3.12" >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "$(PYTHON) cannot create a virtual environment: its venv module or ensurepip is" \
	    "missing. On Debian and Ubuntu: apt-get install python3-venv" >&2; exit 1; }

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
# libfaketime (the network test bed's skewed clocks); skipped when they are already there.
system-deps:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q . \
	  && ls /usr/lib/*/faketime/libfaketimeMT.so.1 >/dev/null 2>&1; } || { \
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

# Every wheel a node needs (cunzheng and its dependencies, with the "node" extra) in one
# folder, for a machine without access to a package index: copy the folder there and
# pip install --no-index --find-links (deploy/README.md, "Offline install"). The wheels fit
# this machine's Python version and architecture; build on a machine like the target.
wheelhouse: install
	rm -rf $(WHEELHOUSE)
	$(PY) -m pip wheel --quiet --wheel-dir $(WHEELHOUSE) '.[node]'

clean:
	rm -rf $(VENV) build *.egg-info node_modules $(WHEELHOUSE)
