"""A user's mistake is one line naming the key and its range, before anything runs: the Python
API checks what the command line checks, and a Latin hypercube is stratified and reproducible."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import refused

from samskaping.cli import main
from samskaping.experiments import ScenarioError, compare, sensitivity_analysis, sweep
from samskaping.experiments.design import LIMITS, load_experiment

#: a quick comparison: what every bad input below is a change of
QUICK = {"reps": 2, "steps": 2, "seed": 1, "parameters": {"citizens": 50}, "workers": 1}
#: a file with ten lines that are not a graph
JUNK = "this is\nnot a graph\n" * 5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reps": 0}, "reps: 0 is outside the allowed range [2, 10000]"),
        ({"reps": 1}, "reps: 1 is outside the allowed range [2, 10000]"),
        ({"reps": 2.5}, "reps: 2.5 is not a whole number"),
        ({"reps": True}, "reps: True is not a whole number"),
        ({"steps": 0}, "steps: 0 is outside the allowed range [1, 100000]"),
        ({"steps": -3}, "steps: -3 is outside the allowed range [1, 100000]"),
        ({"steps": "12"}, "steps: '12' is not a whole number"),
        ({"seed": -1}, "seed: -1 is outside the allowed range [0, 9223372036854775807]"),
        ({"seed": 2**63}, "seed: 9223372036854775808 is outside the allowed range"),
        ({"parameters": {"foo": 1}}, "parameters.foo: unknown parameter"),
        ({"parameters": {"recognition": 1.5}},
         "parameters.recognition: 1.5 is outside the allowed range [0, 1]"),
        ({"parameters": {"citizens": "many"}},
         "parameters.citizens: 'many' is not a number (allowed: [10, 1000000])"),
        ({"parameters": [("citizens", 50)]}, "parameters: [('citizens', 50)] is not a dict"),
        ({"regimes": ["foo"]}, "regimes: 'foo' is not one of npm | co-creation | bureaucracy"),
        ({"regimes": []}, "regimes: the list is empty"),
        ({"regimes": "npm"}, "regimes: 'npm' is not a list of regimes"),
        ({"regimes": ["npm", "npm"]}, "regimes: 'npm' is listed twice"),
        ({"scenarios": []}, "scenarios: the list is empty"),
        ({"scenarios": "default"}, "scenarios: 'default' is one name, not a list"),
        ({"scenarios": [3]}, "scenarios: 3 is not a scenario name or file"),
        ({"scenarios": ["atlantis"]}, "scenario 'atlantis': no such scenario or file"),
        ({"workers": 0}, "workers: 0 is outside the allowed range [1, 1024]"),
        ({"workers": 1.5}, "workers: 1.5 is not a whole number"),
        ({"scheduler": " "}, "scheduler: the address is empty"),
        ({"scheduler": 8786}, "scheduler: 8786 is not an address"),
        ({"progress": "spinner"}, "progress: 'spinner' is not one of bar | lines | auto | None"),
        (
            {"parameters": {"input_weight": 0, "throughput_weight": 0, "output_weight": 0}},
            "parameters: the 'npm' arm breaks a rule: input_weight, throughput_weight and "
            "output_weight: at least one must be above 0",
        ),
        ({"parameters": {"network_file": "no/such.graphml"}},
         "parameters.network_file: no/such.graphml: no such file"),
    ],
)  # fmt: skip
def test_a_bad_argument_to_compare_is_one_line_and_starts_no_run(tmp_path, change, message):
    out = tmp_path / "out"
    with pytest.raises(ScenarioError) as error:
        compare(**{"progress": None} | QUICK | change, out=out)
    text = str(error.value)
    assert len(text.splitlines()) == 1
    assert text.startswith(message), text
    assert not out.exists()


def test_a_graph_file_that_is_not_a_graph_is_refused_before_any_run(tmp_path):
    (tmp_path / "ties.graphml").write_text(JUNK, encoding="utf-8")
    town = tmp_path / "town.toml"
    town.write_text('[parameters]\nnetwork_file = "ties.graphml"\n', encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ScenarioError) as error:
        compare([str(town)], **QUICK, out=out, progress=None)
    text = str(error.value)
    assert str(town) in text and "parameters.network_file" in text
    assert "not a readable graph" in text
    assert not out.exists()
    with pytest.raises(ScenarioError, match=r"^parameters\.network_file: .*not a readable graph"):
        compare(**QUICK | {"parameters": {"network_file": str(tmp_path / "ties.graphml")}},
                out=out, progress=None)  # fmt: skip
    assert not out.exists()


def test_the_command_line_refuses_a_graph_file_that_is_not_a_graph(tmp_path, capsys):
    junk = tmp_path / "junk.graphml"
    junk.write_text(JUNK, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit_:
        main(["compare", "--reps", "2", "--steps", "2", "--set", f"network_file={junk}",
              "--out", str(out), "--workers", "1"])  # fmt: skip
    assert exit_.value.code == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "network_file" in error and str(junk) in error and "not a readable graph" in error
    assert not out.exists()


@pytest.mark.parametrize(
    ("option", "key"),
    [("--reps", "reps"), ("--steps", "steps"), ("--seed", "seed")],
)
def test_the_command_line_and_the_api_share_one_range(capsys, option, key):
    low, high = LIMITS[key]
    for value in (low - 1, high + 1):
        with pytest.raises(SystemExit) as exit_:
            main(["compare", option, str(value)])
        assert exit_.value.code == 2
        assert f"[{low}, {high}]" in capsys.readouterr().err
        with pytest.raises(ScenarioError, match=rf"^{key}: {value} is outside .*\[{low}, {high}\]"):
            compare(**QUICK | {key: value}, progress=None)


@pytest.mark.parametrize("run", [sweep, sensitivity_analysis])
def test_sweep_and_sensitivity_check_where_runs_go_before_reading_the_file(run, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(
        ScenarioError, match=r"^workers: 0 is outside the allowed range \[1, 1024\]"
    ):
        run("latin-hypercube", out=out, workers=0)
    with pytest.raises(ScenarioError, match=r"^progress: 'loud' is not one of"):
        run("latin-hypercube", out=out, progress="loud")
    assert not out.exists()


# --- experiment files: graph files ---------------------------------------------------------------


def write(folder: Path, text: str, name: str = "experiment.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[parameters]\nnetwork_file = "junk.graphml"\n[vary]\nregime = ["npm"]',
         "parameters.network_file"),
        ('[vary]\nnetwork_file = ["", "junk.graphml"]', "vary.network_file"),
        ('scenario = "town.toml"\n[vary]\nregime = ["npm"]', "scenario"),
        ('[parameters]\nnetwork_file = "junk.graphml"\n[vary]\nrecognition = { from = 0.0, to = '
         '1.0 }\ncomplexity = { from = 0.0, to = 1.0 }\n[design]\nkind = "morris"',
         "parameters.network_file"),
        ('scenario = "town.toml"\n[vary]\nrecognition = { from = 0.0, to = 1.0 }\ncomplexity = { '
         'from = 0.0, to = 1.0 }\n[design]\nkind = "morris"', "scenario"),
    ],
    ids=["sweep-parameters", "sweep-vary", "sweep-scenario", "sensitivity-parameters",
         "sensitivity-scenario"],
)  # fmt: skip
def test_an_experiment_file_with_a_junk_graph_file_is_one_line(tmp_path, capsys, text, key):
    (tmp_path / "junk.graphml").write_text(JUNK, encoding="utf-8")
    write(tmp_path, '[parameters]\nnetwork_file = "junk.graphml"\n', "town.toml")
    path = write(tmp_path, text)
    out = tmp_path / "out"
    error = refused(capsys, ["sweep", str(path), "--out", str(out)])
    assert str(path) in error and f"{key}: " in error and "not a readable graph" in error
    assert not out.exists()


# --- the Latin hypercube (scipy.stats.qmc) -------------------------------------------------------

#: two ranges and a list of four values, twelve samples: each value of the list three times
HYPERCUBE = """
seed = {seed}
replications = 1
[vary]
recognition = {{ from = 0.0, to = 1.0 }}
complexity = {{ from = 0.5, to = 1.0 }}
mean_degree = [2, 4, 6, 8]
[design]
kind = "latin-hypercube"
samples = 12
{optimization}
"""


def hypercube(tmp_path: Path, seed: int = 3, optimization: str = ""):
    text = HYPERCUBE.format(seed=seed, optimization=optimization)
    return load_experiment(write(tmp_path, text, f"lhs-{seed}.toml"))


@pytest.mark.parametrize("optimization", ["", 'optimization = "random-cd"'])
def test_every_stratum_of_every_factor_is_used_once(tmp_path, optimization):
    experiment = hypercube(tmp_path, optimization=optimization)
    assert len(experiment.arms) == 12
    recognition = np.array([a.factors["recognition"] for a in experiment.arms])
    complexity = np.array([a.factors["complexity"] for a in experiment.arms])
    assert sorted(np.floor(recognition * 12).astype(int)) == list(range(12))
    assert sorted(np.floor((complexity - 0.5) / 0.5 * 12).astype(int)) == list(range(12))
    degrees = [a.factors["mean_degree"] for a in experiment.arms]
    assert sorted(degrees) == [2] * 3 + [4] * 3 + [6] * 3 + [8] * 3


def test_the_same_seed_draws_the_same_hypercube_and_another_seed_another(tmp_path):
    first, again = hypercube(tmp_path), hypercube(tmp_path)
    assert first.arms == again.arms and first.fingerprint == again.fingerprint
    assert hypercube(tmp_path, seed=4).arms != first.arms


def test_an_optimization_is_accepted_recorded_and_changes_the_fingerprint(tmp_path):
    plain = hypercube(tmp_path)
    for method in ("random-cd", "lloyd"):
        optimized = hypercube(tmp_path, optimization=f'optimization = "{method}"')
        assert optimized.hypercube is not None
        assert optimized.hypercube.optimization == method
        assert optimized.to_dict()["hypercube"]["optimization"] == method
        assert optimized.fingerprint != plain.fingerprint
    # the discrepancy is reported, not fingerprinted; a factorial design has no hypercube
    assert plain.hypercube is not None and 0 < plain.hypercube.discrepancy < 1
    assert "discrepancy" in plain.to_dict()["hypercube"]
    assert load_experiment("regimes-and-problems").hypercube is None
    assert "hypercube" not in load_experiment("regimes-and-problems").to_dict()


@pytest.mark.parametrize(
    ("design", "message"),
    [
        ('kind = "latin-hypercube"\noptimization = "maximin"',
         "design.optimization: 'maximin' is not one of random-cd | lloyd"),
        ('kind = "latin-hypercube"\noptimization = 1', "design.optimization: 1 is not one of"),
        ('optimization = "random-cd"',
         "design.optimization: only a latin-hypercube design takes optimization"),
        ('kind = "latin-hypercube"\nstrength = 2',
         "design.strength: unknown key (allowed: kind, samples, optimization)"),
    ],
)  # fmt: skip
def test_a_bad_optimization_is_one_line_and_exit_code_2(tmp_path, capsys, design, message):
    text = f"[vary]\nrecognition = {{ from = 0.0, to = 1.0, count = 3 }}\n[design]\n{design}\n"
    path = write(tmp_path, text)
    out = tmp_path / "out"
    error = refused(capsys, ["sweep", str(path), "--out", str(out)])
    assert str(path) in error and message in error
    assert not out.exists()
