# Two commands are all a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# The local PostgreSQL server the storage tests also run on (skipped if it is not up,
# unless STRIDE_REQUIRE_PG=1, as in CI).
export STRIDE_TEST_PG_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test

.PHONY: run test install lint typecheck unit console db-upgrade bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Start the bot: the console on ./stride.db when no platform token is configured.
run: $(STAMP)
	$(BIN)/stride run

## Lint, type-check and run every test (SQLite and PostgreSQL).
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Three workers on two cores: most tests wait on sockets, subprocesses and the database;
# loadgroup keeps a group's tests on one worker (the browser tests share one Chromium).
unit: $(STAMP)
	$(BIN)/pytest -n 3 --dist loadgroup

## Benchmarks against the floor (not part of `make test`): ARGS=--quick, ARGS=--pg, ARGS="--only fanout".
bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

console: $(STAMP)
	$(BIN)/stride console

db-upgrade: $(STAMP)
	$(BIN)/stride db upgrade

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
