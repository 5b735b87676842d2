# Two commands do everything on a fresh machine:
#   make demo   creates .venv, installs sharekit, runs every command on examples/article.json
#   make test   installs system and test dependencies, then ruff, mypy and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint system-deps node-deps venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

venv: $(BIN)/python
	$(BIN)/pip install -q -e '.[ja]'

demo: venv
	@bash scripts/demo.sh

system-deps:
	@bash scripts/system-deps.sh

# npm tools the tests run (a real link unfurler, the Nu Html Checker); --ignore-scripts
# because vnu-jar's postinstall would download a Java runtime (the system one is used)
node-deps:
	@if command -v npm >/dev/null; then npm ci --prefix tests/node --ignore-scripts --no-audit --no-fund --silent; \
	else echo "npm not found: the unfurler and HTML validator tests will be skipped" >&2; fi

test: system-deps node-deps $(BIN)/python
	$(BIN)/pip install -q -c tests/constraints.txt -e '.[test,ja,serve]'
	$(BIN)/ruff check src tests bench examples scripts
	$(BIN)/ruff format --check src tests bench examples scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(BIN)/python
	$(BIN)/ruff check src tests bench examples scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) demo-out dist build .mypy_cache .ruff_cache .pytest_cache
