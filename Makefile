# Two commands for a newcomer: `make run` (the main job) and `make test` (the suite).
# Both create the virtual environment first. `python3` resolves to 3.12 through .python-version
# (pyenv); set PYTHON=/path/to/python3.12 elsewhere.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint format bench reports calibration discovery hong-page-report clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "samskaping needs Python 3.12 or newer; set PYTHON=python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## the main job: NPM and co-creation on the default scenario, 10 replications each, with intervals
run: $(STAMP)
	$(BIN)/samskaping compare --scenario default --regimes npm,co-creation --reps 10 --steps 120 --seed 42

## lint, format check, the layer contract (pyproject.toml) and the test suite
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/pytest -q

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## performance and scale (docs/performance.md); the Hong-Page engine; the runner's overhead; the
## sweep-throughput targets, against the commit before that work (issue 16)
bench: $(STAMP)
	$(BIN)/python benchmarks/performance.py
	$(BIN)/python benchmarks/hong_page_cost.py
	$(BIN)/python benchmarks/runner_overhead.py
	$(BIN)/python benchmarks/throughput.py

## the generated documents: docs/objections.md, docs/dark-side.md with figures, and the tables of
## ODD.md §13 (about 10 minutes on 2 cores; the runs stay in results/published)
reports: $(STAMP)
	$(BIN)/python -m samskaping.experiments.publish --workers 2

## what the headline depends on: docs/calibration.md (about 15 minutes on 2 cores)
calibration: $(STAMP)
	$(BIN)/python -m samskaping.experiments.calibration --points 100 --reps 3 --workers 2 --out docs

## where co-creation loses: docs/where-co-creation-loses.md (a Morris screen, a Latin hypercube
## of the influential levers, PRIM on each outcome; about 25 minutes on 2 cores)
discovery: $(STAMP)
	$(BIN)/python -m samskaping.experiments.discovery.publish --workers 2

## the Hong–Page validation report: docs/hong-page.md (about 5 minutes on 2 cores)
hong-page-report: $(STAMP)
	$(BIN)/python -m samskaping.experiments.hong_page_report --landscapes 500 --workers 2 --out docs

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
