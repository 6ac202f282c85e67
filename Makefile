# Quick start: `make run` starts the bot (the sandbox when no token is configured),
# `make test` runs everything CI runs. Both set up .venv by themselves.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format sandbox bench clean i18n

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/coach run --sandbox-if-no-token

sandbox: $(STAMP)
	$(BIN)/coach sandbox

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m bot.i18n check

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

# i18n: the .pot from the texts, merged into every language's .po (docs/i18n.md).
i18n: $(STAMP)
	$(BIN)/python -m bot.i18n extract
	$(BIN)/python -m bot.i18n update
