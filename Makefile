# Lvzhi: `make run` serves the product on its embedded defaults; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test venv lint bench clean-db browser-deps fuzz

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -e .
	@touch $(STAMP)

venv: $(STAMP)

run: venv
	@scripts/run.sh

test: venv
	@scripts/test.sh

fuzz: venv
	@scripts/fuzz.sh

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: venv
	$(BIN)/python bench/scoring.py
	$(BIN)/python bench/registry.py
	$(BIN)/python bench/campaign.py

clean-db:
	rm -f var/lvzhi.sqlite3 var/lvzhi.sqlite3-wal var/lvzhi.sqlite3-shm
