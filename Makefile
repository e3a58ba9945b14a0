# zcf — zero-carbon factory compliance engine. `make help` lists the targets.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
ZCF := $(VENV)/bin/zcf

.PHONY: help demo install test check lint typecheck bench fuzz bundles clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed ## create .venv and install zcf

demo: install ## install, then evaluate the bundled zero-carbon example and print the clause table
	$(ZCF) rulesets
	$(ZCF) evaluate examples/zcf-cn-general/zero-carbon.json --as-of 2026-03-31 --format table --lang zh-CN --no-gaps

test: $(VENV)/.test-installed ## install what tests need, then run every test (unit, BDD, CLI, wheel)
	$(PY) -m pytest -q

lint: $(VENV)/.test-installed ## ruff over the code, tests and benchmarks
	$(VENV)/bin/ruff check engine tests bench

typecheck: $(VENV)/.test-installed ## mypy strict over the package and tests/typing
	$(VENV)/bin/mypy

check: lint typecheck test ## what CI runs: ruff, mypy strict, every test

bench: install ## measure evaluations per second (figures go in bench/README.md)
	$(PY) bench/bench_evaluate.py
	$(PY) bench/bench_monitor.py
	$(PY) bench/bench_batch.py --dask

fuzz: $(VENV)/.test-installed ## >= 10,000 hostile and generated inputs, all rulesets, both backends (figures in docs/fuzzing.md)
	$(PY) bench/fuzz.py

clean: ## remove the environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache

bundles: install ## build every ruleset into dist/bundles/<id>-<version>.zcfb (signed if SIGNING_KEY=PREFIX.key is set)
	@mkdir -p dist/bundles
	@set -e; for dir in rulesets/*/*/; do \
	  [ -f "$$dir/ruleset.yaml" ] || continue; \
	  version=$$(basename "$$dir"); id=$$(basename "$$(dirname "$$dir")"); \
	  out="dist/bundles/$$id-$$version.zcfb"; \
	  $(ZCF) bundle build "$$dir" -o "$$out"; \
	  if [ -n "$(SIGNING_KEY)" ]; then $(ZCF) bundle sign "$$out" --key "$(SIGNING_KEY)"; fi; \
	done
