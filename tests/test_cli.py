"""The command line as a user meets it: output, reproducible JSON, and errors as one line."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from samskaping.cli import main
from samskaping.simulation import parameter_specs

SAMSKAPING = [sys.executable, "-m", "samskaping.cli"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*SAMSKAPING, *args], capture_output=True, text=True, timeout=120)


def test_run_json_has_the_documented_shape_and_is_reproducible():
    args = ("run", "--regime", "co-creation", "--steps", "12", "--seed", "5", "--json",
            "--set", "citizens=300")  # fmt: skip
    first, second = run_cli(*args), run_cli(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    result = json.loads(first.stdout)
    assert result["regime"] == "co-creation" and result["seed"] == 5 and result["steps"] == 12
    assert result["parameters"]["citizens"] == 300
    assert set(result["parameters"]) == set(parameter_specs())
    for key in ("legitimacy", "accuracy", "inequality"):
        assert 0.0 <= result["metrics"][key] <= 1.0
    other = json.loads(run_cli(*args[:-4], "6", "--json", "--set", "citizens=300").stdout)
    assert other["metrics"] != result["metrics"]


def test_set_changes_any_parameter(capsys):
    assert main(["run", "--steps", "2", "--json", "--set", "citizens=150",
                 "--set", "recognition=0.8", "--set", "mode_b=false"]) == 0  # fmt: skip
    parameters = json.loads(capsys.readouterr().out)["parameters"]
    assert parameters["citizens"] == 150
    assert parameters["recognition"] == 0.8
    assert parameters["mode_b"] is False


def test_run_prints_regimes_side_by_side(capsys):
    assert (
        main(["run", "--regime", "npm,co-creation", "--steps", "3", "--set", "citizens=200"]) == 0
    )
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("metric"))
    assert "npm" in header and "co-creation" in header
    assert any(line.startswith("legitimacy ") for line in out.splitlines())


def test_params_json_is_machine_readable(capsys):
    assert main(["params", "--json"]) == 0
    table = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert table.keys() == parameter_specs().keys()
    assert table["recognition"]["low"] == 0 and table["recognition"]["high"] == 1
    assert table["regime"]["choices"] == ["npm", "co-creation", "bureaucracy"]
    assert table["citizens"]["type"] == "int" and table["mode_a"]["type"] == "bool"
    assert all(row["source"] == parameter_specs()[name].source for name, row in table.items())


def test_params_lists_every_parameter(capsys):
    assert main(["params"]) == 0
    out = capsys.readouterr().out
    for name, spec in parameter_specs().items():
        lines = out.splitlines()
        at = next(i for i, line in enumerate(lines) if line.split()[0] == name)
        assert spec.allowed in lines[at] and spec.meaning in lines[at]
        assert lines[at + 1].split() == ["source:", *spec.source.split()]


def test_every_default_names_its_source_a_study_or_a_judgement_with_its_reason():
    for name, spec in parameter_specs().items():
        assert re.search(r"\bjudgement\b|\b(1[89]|20)\d\d\b|\.md §|^none", spec.source), name
        assert len(spec.source) > 20, name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--set", "nosuch=1"], "nosuch"),
        (["run", "--set", "recognition=1.5"], "[0, 1]"),
        (["run", "--set", "recognition"], "KEY=VALUE"),
        (["run", "--set", "citizens=many"], "whole number"),
        (["run", "--scenario", "no/such/file.toml"], "no such scenario or file"),
        (["run", "--regime", "feudalism"], "feudalism"),
        (["run", "--steps", "-3"], "steps"),
        (["run", "--set", "network_file=/no/such.graphml"], "no such file"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_user_errors_are_one_line_and_exit_code_2(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0] and "Traceback" not in result.stderr


def test_a_broken_scenario_file_is_one_line(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[parameters]\ncomplexity = 'high'\n")
    result = run_cli("run", "--scenario", str(broken))
    assert result.returncode == 2
    assert str(broken) in result.stderr and "complexity" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_scenarios_lists_each_with_its_regime_and_modes(capsys):
    assert main(["scenarios"]) == 0
    listing = capsys.readouterr().out
    assert "elderly-care" in listing and "Kommune 3.0" in listing
    assert any(
        line.split()[:3] == ["urban-planning", "co-creation", "AB"] for line in listing.splitlines()
    )


def test_scenarios_show_prints_the_differences_from_the_default(capsys):
    assert main(["scenarios", "show", "volunteer-centre"]) == 0
    shown = capsys.readouterr().out
    assert "Volunteer centre" in shown and "co-creation modes on: C" in shown
    assert any(line.split()[:3] == ["volunteer_rate", "0.3", "0.4"] for line in shown.splitlines())


def test_scenarios_show_without_a_name_is_a_clear_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["scenarios", "show"])
    assert exit_.value.code == 2
    assert "which scenario" in capsys.readouterr().err
