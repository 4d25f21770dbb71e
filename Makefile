# Tollgate — every target sets itself up from the lock file; nothing needs installing by hand.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .uv/bin/uv
VENV := .venv
RUN := $(VENV)/bin

.PHONY: install demo test lint bench clean

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --quiet
	touch $@

install: $(VENV)/.installed ## create .venv from uv.lock

demo: install ## run the whole system on the embedded broker and ClickHouse
	$(RUN)/tollgate demo

test: install ## the whole test suite
	$(RUN)/pytest

lint: install ## ruff + mypy
	$(RUN)/ruff check .
	$(RUN)/ruff format --check .
	$(RUN)/mypy

bench: install ## throughput/latency/memory benchmark, ratios against same-run baselines
	$(RUN)/tollgate bench

clean:
	rm -rf $(VENV) .uv .tollgate .pytest_cache .mypy_cache .ruff_cache
