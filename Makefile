# Chuyển hóa địa bàn — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CHUYENHOA_DB ?= data/demo.duckdb
HOST ?= 127.0.0.1
PORT ?= 8501
export CHUYENHOA_DB
# The demo database (published passwords) is served on an address other than 127.0.0.1 only with
# ALLOW_DEMO=1: `make run HOST=0.0.0.0 ALLOW_DEMO=1`. The app checks it too (core/serving.py).
ifdef ALLOW_DEMO
export CHUYENHOA_ALLOW_DEMO := $(ALLOW_DEMO)
endif

.PHONY: run serve-check test lint unit browser-deps bench demo national clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(CHUYENHOA_DB): | $(VENV)/.installed
	$(PY) -m core.cli demo --db $(CHUYENHOA_DB)

## make run: install, build the demo database if missing, serve http://localhost:8501
run: $(VENV)/.installed $(CHUYENHOA_DB)
	$(PY) -m core.cli serve-check --db $(CHUYENHOA_DB) --host $(HOST)
	$(VENV)/bin/streamlit run app.py --server.address $(HOST) --server.port $(PORT)

# The check `make run` makes first: no demo database on a non-loopback HOST without ALLOW_DEMO=1.
serve-check:
	$(PY) -m core.cli serve-check --db $(CHUYENHOA_DB) --host $(HOST)

# Debian's Chromium and fonts for the browser tests (`playwright install` cannot download browsers here),
# and poppler's pdftoppm, which renders a generated report's pages to PNG for a person to look at.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftoppm ] || ! fc-list 2>/dev/null | grep -qi "noto color emoji"; then \
	  if [ "$$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium fonts-dejavu-core fonts-noto-color-emoji fontconfig poppler-utils >/dev/null; \
	fi

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

## make test: install test tools and Chromium when missing, then lint, types and every test
test: $(VENV)/.installed-dev browser-deps lint
	$(VENV)/bin/pytest

unit: $(VENV)/.installed-dev
	$(VENV)/bin/pytest -m "not browser"

bench: $(VENV)/.installed-dev browser-deps
	for script in bench/bench_*.py; do $(PY) $$script || exit 1; done

demo: $(VENV)/.installed
	$(PY) -m core.cli demo --db $(CHUYENHOA_DB) --force

## make national: synthetic data at national size (3,321 communes, 60 months) in data/national.duckdb
NATIONAL_DB ?= data/national.duckdb
national: $(NATIONAL_DB)
$(NATIONAL_DB): | $(VENV)/.installed
	$(PY) -m core.cli generate --db $(NATIONAL_DB)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache tests/artifacts
