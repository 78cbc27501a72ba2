"""The model as an EMA Workbench model: parameters from the table, the Workbench's own
evaluators unchanged, and the worked example of docs/experiments.md run as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from samskaping.experiments import ema
from samskaping.scenarios.parameters import ScenarioError, parameter_specs

DOCS = Path(__file__).resolve().parents[1] / "docs" / "experiments.md"


def test_uncertainties_and_levers_come_from_the_parameter_table():
    from ema_workbench import (
        BooleanParameter,
        CategoricalParameter,
        IntegerParameter,
        RealParameter,
    )

    model = ema.model()
    specs = parameter_specs()
    levers = {p.name: p for p in model.levers}
    uncertainties = {p.name: p for p in model.uncertainties}
    assert set(levers) == set(ema.LEVERS)
    assert not set(levers) & set(uncertainties)
    assert set(levers) | set(uncertainties) | set(ema.STRUCTURE) == set(specs)
    assert isinstance(levers["regime"], CategoricalParameter)
    assert isinstance(levers["mode_a"], BooleanParameter)
    assert isinstance(levers["arena_size"], IntegerParameter)
    complexity = uncertainties["complexity"]
    assert isinstance(complexity, RealParameter)
    assert (complexity.lower_bound, complexity.upper_bound) == (0.0, 1.0)
    assert {o.name for o in model.outcomes} >= {"legitimacy", "accuracy", "inequality"}


def test_a_constant_is_neither_uncertainty_nor_lever_and_mistakes_are_one_line():
    model = ema.model(constants={"citizens": 50, "complexity": 0.2})
    names = {p.name for p in [*model.uncertainties, *model.levers]}
    assert "complexity" not in names
    with pytest.raises(ScenarioError, match="happiness"):
        ema.model(constants={"happiness": 1})
    with pytest.raises(ScenarioError, match="not a metric"):
        ema.model(outcomes=["joy"])


def test_the_documented_worked_example_runs_as_written(tmp_path):
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## The EMA Workbench") :]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    # a fresh interpreter, as a reader runs it: the Workbench's pool forks the process, and a
    # test process has threads of its own
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=300, cwd=tmp_path)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.strip().splitlines()) >= 5  # the five largest feature scores
