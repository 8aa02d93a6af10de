# The two commands of the README: `make run` (install, then serve the API) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export OMP_NUM_THREADS ?= 2

.PHONY: install run test lint format eval bench heads browser

# uv (pinned) installs in seconds what pip took minutes to: measured here, 13 s against 4-5 min
# for the dev extra. torch goes first, pinned to the CPU build on disk (WHEELS), or
# sentence-transformers pulls a CUDA build of several GB; with no such file, pip takes torch
# its own way (its config and constraints on this kind of machine point at the file).
WHEELS ?= /opt/wheels
UV := $(VENV)/bin/uv pip install --quiet --python $(PY)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install --quiet uv==0.13.8
	if ls $(WHEELS)/torch-2.13.0+cpu-*.whl > /dev/null 2>&1; \
	then $(UV) --find-links $(WHEELS) torch==2.13.0; \
	else $(PIP) install --quiet torch==2.13.0; fi
	$(UV) -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Serve on the embedded default (SQLite + Qdrant Edge under ./data), with the demo workspace
# loaded the first time so that a newcomer sees a living system.
run: install
	$(PY) scripts/load_demo.py --if-empty
	$(VENV)/bin/boucle serve

# The browser tests (tests/test_web_e2e.py) drive Debian's Chromium through Playwright (pinned in
# the dev extra). Never `playwright install`: it downloads browsers from a CDN.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver

browser: $(CHROMIUM)

# The suite runs in TEST_WORKERS processes (pytest-xdist), one test file per process at a time
# (--dist loadscope: a file's module fixtures, such as the browser tests' demo server, are set
# up once). `make test TEST_WORKERS=0` runs it in this process alone.
TEST_WORKERS ?= 2

test: install $(CHROMIUM)
	$(VENV)/bin/ruff check analyzer models api scripts tests
	$(VENV)/bin/ruff format --check analyzer models api scripts tests
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope

lint: install
	$(VENV)/bin/ruff check analyzer models api scripts tests

format: install
	$(VENV)/bin/ruff format analyzer models api scripts tests
	$(VENV)/bin/ruff check --fix analyzer models api scripts tests

heads: install
	$(PY) scripts/train_heads.py

eval: install  # every evaluation, each rewriting its own section of docs/evaluation.md
	$(PY) scripts/eval_tagging.py
	$(PY) scripts/eval_negation.py
	$(PY) scripts/eval_language.py
	$(PY) scripts/eval_dedup.py
	$(PY) scripts/eval_taggers.py
	$(PY) scripts/eval_themes.py

bench: install
	$(PY) scripts/bench_tag.py
