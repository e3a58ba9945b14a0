# zcf — zero-carbon factory compliance engine. `make help` lists the targets.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
ZCF := $(VENV)/bin/zcf

.PHONY: help demo install report-deps test check lint typecheck bench bench-service fuzz bundles clean chromium serve

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

chromium: ## Debian's chromium for the page tests (Playwright drives it; no browser download)
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)


# PDF reports need Pango (WeasyPrint) and a CJK font; the tests read PDFs with poppler-utils.
# Installed from Debian only when missing (fc-list finds no Chinese font, or a tool is absent).
report-deps: ## install the system packages PDF reports and their tests need (apt-get, only when missing)
	@if ! fc-list :lang=zh 2>/dev/null | grep -q . || ! command -v pdftoppm >/dev/null \
	    || ! ldconfig -p 2>/dev/null | grep -q libpangoft2; then \
	  echo "installing fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0 (apt-get)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fontconfig; \
	fi

test: report-deps chromium $(VENV)/.test-installed ## install what tests need (apt packages too), then run every test
	$(PY) -m pytest -q

serve: $(VENV)/.test-installed ## run the API and self-check page on http://127.0.0.1:8000
	$(ZCF) serve

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

bench-service: $(VENV)/.test-installed ## load-test zcf serve on loopback (2,000 requests, 16 at a time)
	$(PY) bench/bench_service.py

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
