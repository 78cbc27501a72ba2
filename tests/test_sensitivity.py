"""Global sensitivity analysis: SALib's designs from experiment files, run by the sweep runner,
analysed by SALib; validated end to end on the Ishigami function, whose indices are known."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samskaping.cli import main
from samskaping.experiments import outputs
from samskaping.experiments.design import EXAMPLES, load_experiment
from samskaping.experiments.sensitivity import SensitivityResults, run_sensitivity
from samskaping.experiments.single_run import PARAMETER_PREFIX, metric_names
from samskaping.scenarios.parameters import ScenarioError

ISHIGAMI = """
title = "Ishigami"
steps = 1
seed = {seed}

[vary]
complexity = {{ from = 0.0, to = 1.0 }}
recognition = {{ from = 0.0, to = 1.0 }}
power_sharing = {{ from = 0.0, to = 1.0 }}

[design]
kind = "{kind}"
{options}

[outputs]
metrics = ["legitimacy"]
"""
#: Ishigami & Homma (1990) with a = 7, b = 0.1: first-order and total Sobol' indices of x1..x3
ISHIGAMI_S1 = (0.3139, 0.4424, 0.0)
ISHIGAMI_ST = (0.5576, 0.4424, 0.2437)
INPUTS = ("complexity", "recognition", "power_sharing")


def ishigami(run):
    """A test-only model adapter: the runner's task with the Ishigami function in place of the
    model. Each input's [0, 1] is mapped to [-π, π] (indices do not change under that map)."""
    x = [-math.pi + 2 * math.pi * run.parameters[name] for name in INPUTS]
    y = math.sin(x[0]) + 7 * math.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * math.sin(x[0])
    row = {"run_id": run.run_id, "arm": run.arm, "scenario": run.scenario,
           "replication": run.replication, "seed": run.seed, "status": "ok", "error": None,
           "legitimacy": y}  # fmt: skip
    row |= {PARAMETER_PREFIX + name: value for name, value in run.parameters.items()}
    series = pd.DataFrame({"run_id": [run.run_id], "step": [0]} | {m: [y] for m in metric_names()})
    return row, series


def write(folder: Path, text: str, name: str = "study.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sobol_indices_of_ishigami_through_the_pipeline_match_the_analytic_values(tmp_path):
    path = write(tmp_path, ISHIGAMI.format(seed=11, kind="sobol", options="n = 512\n"
                                           "second_order = false"))  # fmt: skip
    experiment = load_experiment(path)
    assert len(experiment.runs()) == 512 * 5
    results = run_sensitivity(experiment, tmp_path / "out", workers=1, task=ishigami)
    table = results.indices.set_index(["index", "parameter"])
    for name, first, total in zip(INPUTS, ISHIGAMI_S1, ISHIGAMI_ST, strict=True):
        for index, exact in (("S1", first), ("ST", total)):
            row = table.loc[(index, name)]
            assert row["low"] <= exact <= row["high"], (index, name, row["value"], row["conf"])
            assert row["conf"] < 0.2  # informative: a fraction of the indices
    # the same numbers again from the folder: a finished study is read, not rerun
    again = SensitivityResults.read(tmp_path / "out")
    pd.testing.assert_frame_equal(again.indices, results.indices)
    convergence = pd.read_csv(tmp_path / "out" / "convergence.csv")
    assert sorted(convergence["n"].unique()) == [128, 256, 512]


def test_fast_first_order_indices_of_ishigami_match(tmp_path):
    path = write(tmp_path, ISHIGAMI.format(seed=3, kind="fast", options="n = 1025"))
    results = run_sensitivity(load_experiment(path), tmp_path / "out", workers=1, task=ishigami)
    first = results.indices[results.indices["index"] == "S1"].set_index("parameter")
    for name, exact in zip(INPUTS, ISHIGAMI_S1, strict=True):
        assert abs(first.loc[name, "value"] - exact) < 0.05


def test_morris_ranks_the_ishigami_inputs_and_pawn_finds_the_inert_one_weakest(tmp_path):
    morris = write(tmp_path, ISHIGAMI.format(seed=5, kind="morris", options="trajectories = 40"))
    found = run_sensitivity(load_experiment(morris), tmp_path / "m", workers=1, task=ishigami)
    mu = found.indices[found.indices["index"] == "mu_star"].set_index("parameter")["value"]
    assert mu.min() > 0 and mu["recognition"] > mu["power_sharing"]
    pawn = write(tmp_path, ISHIGAMI.format(seed=5, kind="pawn", options="n = 600\nresamples = 20"))
    found = run_sensitivity(load_experiment(pawn), tmp_path / "p", workers=1, task=ishigami)
    s1 = found.indices[found.indices["index"] == "S1"].set_index("parameter")["value"]
    assert s1.idxmin() == "power_sharing"  # x3 acts only together with x1
    assert {"pawn", "delta", "S1"} <= set(found.indices["index"])


SMALL_MODEL = """
title = "small"
steps = 4
seed = 9

[parameters]
citizens = 60

[vary]
regime = ["npm", "co-creation"]
complexity = { from = 0.0, to = 1.0 }
arena_size = { from = 4, to = 8 }
network = ["small-world", "scale-free"]

[design]
kind = "morris"
trajectories = 3

[outputs]
metrics = ["accuracy", "legitimacy"]
last_months = 2
"""


def test_a_design_runs_each_point_under_each_regime_with_the_same_seed(tmp_path):
    experiment = load_experiment(write(tmp_path, SMALL_MODEL))
    assert len(experiment.arms) == 3 * (3 + 1) * 2
    runs = experiment.runs()
    assert {r.seed for r in runs} == set(experiment.seeds())
    first, second = experiment.arms[0], experiment.arms[1]
    assert first.factors["regime"] == "npm" and second.factors["regime"] == "co-creation"
    assert {k: v for k, v in first.factors.items() if k != "regime"} == {
        k: v for k, v in second.factors.items() if k != "regime"
    }
    values = [arm.factors for arm in experiment.arms]
    assert {v["network"] for v in values} <= {"small-world", "scale-free"}
    assert all(isinstance(v["arena_size"], int) and 4 <= v["arena_size"] <= 8 for v in values)


def test_points_hold_paired_differences_and_last_months_means(tmp_path):
    experiment = load_experiment(write(tmp_path, SMALL_MODEL))
    results = run_sensitivity(experiment, tmp_path / "out", workers=2)
    points = results.points
    assert len(points) == 12
    assert list(points.columns[-6:]) == outputs.names(["accuracy", "legitimacy"],
                                                      ["npm", "co-creation"])  # fmt: skip
    np.testing.assert_allclose(
        points["accuracy_diff"], points["accuracy_co_creation"] - points["accuracy_npm"]
    )
    # the output is the mean of the last two months of each run, from the time series
    series = pd.read_parquet(tmp_path / "out" / "timeseries.parquet")
    runs = results.runs.set_index("run_id")
    first = series[(series["run_id"] == 0) & (series["step"] > 0)].tail(2)["accuracy"].mean()
    assert runs.loc[0, "arm"] == "#1 npm"
    assert points.loc[0, "accuracy_npm"] == pytest.approx(first)
    assert set(results.indices["output"]) <= set(outputs.names(["accuracy", "legitimacy"],
                                                               ["npm", "co-creation"]))  # fmt: skip


def test_same_seed_same_indices_in_any_executor(tmp_path):
    path = write(tmp_path, SMALL_MODEL)
    one = run_sensitivity(load_experiment(path), tmp_path / "one", workers=1)
    two = run_sensitivity(load_experiment(path), tmp_path / "two", workers=2)
    pd.testing.assert_frame_equal(one.points, two.points)
    pd.testing.assert_frame_equal(one.indices, two.indices)


def test_a_dask_cluster_gives_the_same_indices(tmp_path):
    distributed = pytest.importorskip("distributed")
    path = write(tmp_path, SMALL_MODEL)
    local = run_sensitivity(load_experiment(path), tmp_path / "local", workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0", processes=True) as cluster:  # fmt: skip
        out = tmp_path / "dask"
        args = [
            "sensitivity",
            str(path),
            "--out",
            str(out),
            "--scheduler",
            cluster.scheduler_address,
        ]
        assert main(args) == 0
    assert (out / "indices.csv").read_text() == (tmp_path / "local" / "indices.csv").read_text()
    pd.testing.assert_frame_equal(SensitivityResults.read(out).points, local.points)


def test_killed_mid_study_and_run_again_gives_the_uninterrupted_indices(tmp_path):
    text = SMALL_MODEL.replace("trajectories = 3", "trajectories = 8").replace(
        "steps = 4", "steps = 12"
    )
    path = write(tmp_path, text)
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    assert main(["sensitivity", str(path), "--out", str(whole), "--workers", "2"]) == 0
    command = [sys.executable, "-m", "samskaping.cli", "sensitivity", str(path)]
    process = subprocess.Popen([*command, "--out", str(killed), "--workers", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        parts = killed / "parts"
        if parts.is_dir() and len(list(parts.glob("run-*.json"))) >= 10:
            break
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not (killed / "indices.csv").exists()
    assert main(["sensitivity", str(path), "--out", str(killed), "--workers", "2"]) == 0
    for name in ("indices.csv", "convergence.csv"):
        assert (killed / name).read_text() == (whole / name).read_text()
    pd.testing.assert_frame_equal(
        pd.read_parquet(killed / "points.parquet"), pd.read_parquet(whole / "points.parquet")
    )


@pytest.mark.parametrize("example", ["morris-levers", "sobol-advantage"])
def test_the_shipped_small_studies_run_and_report(tmp_path, example):
    out = tmp_path / example
    run = subprocess.run(
        [sys.executable, "-m", "samskaping.cli", "sensitivity", example, "--out", str(out),
         "--workers", "2"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    table = pd.read_csv(out / "indices.csv")
    assert list(table.columns) == ["output", "index", "parameter", "partner", "value", "conf",
                                   "low", "high", "n"]  # fmt: skip
    main_index = "mu_star" if example.startswith("morris") else "ST"
    rows = table[table["index"] == main_index]
    assert rows["conf"].notna().all() and (rows["high"] >= rows["low"]).all()
    assert {"accuracy_diff", "legitimacy_diff", "inequality_diff"} <= set(table["output"])
    report = (out / "report.md").read_text()
    assert "## Which levers matter" in report and "## Is the sample large enough?" in report
    figures = {p.name for p in (out / "figures").glob("*.png")}
    expected = {"morris.png"} if example.startswith("morris") else {"indices.png",
                                                                     "interactions.png"}  # fmt: skip
    assert expected | {"convergence.png"} <= figures
    assert (EXAMPLES / f"{example}.toml").is_file()
    # the browser's Results page offers the folder and ranks its levers
    from samskaping.experiments.indices import ranking
    from samskaping.ui.app import result_folders

    assert example in result_folders(tmp_path.resolve())
    levers = ranking(table)
    assert list(levers["output"]) == list(dict.fromkeys(table["output"]))
    assert levers.iloc[:, 1].str.count(",").eq(2).all()  # the three most influential


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "morris"', 'kind = "sobolev"'), "design.kind"),
        (('kind = "morris"\ntrajectories = 3', 'kind = "sobol"\nn = 100'), "power of two"),
        (('kind = "morris"\ntrajectories = 3', 'kind = "fast"\nn = 50'), "4 m²"),
        (("trajectories = 3", "trajectories = 3\nlevels = 3"), "design.levels"),
        (("trajectories = 3", "trajectories = 3\nsamples = 3"), "design.samples"),
        (('metrics = ["accuracy", "legitimacy"]', 'metrics = ["accuracy", "happiness"]'),
         "outputs.metrics"),
        (("last_months = 2", "last_months = 50"), "outputs.last_months"),
        (("arena_size = { from = 4, to = 8 }", "arena_size = { from = 4, to = 8, step = 1 }"),
         "vary.arena_size.step"),
        (("complexity = { from = 0.0, to = 1.0 }", "complexity = { from = 0.0, to = 1.5 }"),
         "vary.complexity.to"),
    ],
)  # fmt: skip
def test_a_bad_design_is_one_line_and_leaves_no_folder(tmp_path, capsys, change, message):
    path = write(tmp_path, SMALL_MODEL.replace(*change))
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit_:
        main(["sensitivity", str(path), "--out", str(out)])
    assert exit_.value.code == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and message in error, error
    assert not out.exists()


def test_sweep_runs_a_sensitivity_design_and_sensitivity_refuses_a_sweep(tmp_path, capsys):
    path = write(tmp_path, SMALL_MODEL)
    assert main(["sweep", str(path), "--out", str(tmp_path / "a"), "--workers", "1"]) == 0
    assert (tmp_path / "a" / "indices.csv").is_file()  # the same folder `sensitivity` writes
    with pytest.raises(SystemExit) as exit_:
        main(["sensitivity", "regimes-and-problems", "--out", str(tmp_path / "b")])
    assert exit_.value.code == 2 and "samskaping sweep" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


def test_morris_takes_n_as_salibs_number_of_trajectories(tmp_path):
    as_n = load_experiment(write(tmp_path, SMALL_MODEL.replace("trajectories = 3", "n = 3")))
    assert len(as_n.arms) == len(load_experiment(write(tmp_path, SMALL_MODEL, "b.toml")).arms)
    both = SMALL_MODEL.replace("trajectories = 3", "trajectories = 3\nn = 3")
    with pytest.raises(ScenarioError, match=r"design\.n"):
        load_experiment(write(tmp_path, both, "c.toml"))


def test_an_outputs_table_belongs_to_sensitivity_designs_only(tmp_path):
    text = SMALL_MODEL.replace('kind = "morris"\ntrajectories = 3', 'kind = "factorial"')
    text = text.replace("complexity = { from = 0.0, to = 1.0 }", "complexity = [0.2, 0.8]")
    text = text.replace("arena_size = { from = 4, to = 8 }", "")
    with pytest.raises(ScenarioError, match="outputs"):
        load_experiment(write(tmp_path, text))


def test_a_sampled_point_that_breaks_a_rule_binding_parameters_is_refused(tmp_path, capsys):
    text = SMALL_MODEL.replace(
        "network = [",
        "input_weight = { from = 0.0, to = 0.1 }\nthroughput_weight = { from = 0.0, to = 0.1 }\n"
        "output_weight = { from = 0.0, to = 0.1 }\nnetwork = [",
    )
    with pytest.raises(SystemExit) as exit_:
        main(["sensitivity", str(write(tmp_path, text)), "--out", str(tmp_path / "out")])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert "sampled point" in error and "at least one must be above 0" in error
    assert not (tmp_path / "out").exists()


@settings(max_examples=40, deadline=None)
@given(
    points=st.integers(1, 5),
    replications=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
    failed=st.integers(-1, 30),
)
def test_points_average_replications_and_pair_regimes(points, replications, seed, failed):
    """Whatever the values: each regime's output is its replications' mean, the difference is
    the mean of the paired differences, and a point with a failed run has no outputs."""
    rng = np.random.default_rng(seed)
    regimes = ["npm", "co-creation"]
    rows = []
    for p in range(points):
        for regime in regimes:
            for r in range(replications):
                rows.append({"run_id": len(rows), "arm": f"#{p + 1} {regime}", "replication": r,
                             "status": "ok", "param_complexity": p / 10,
                             "accuracy": rng.random()})  # fmt: skip
    runs = pd.DataFrame(rows)
    if 0 <= failed < len(runs):
        runs.loc[failed, "status"] = "failed"
    arms = runs["arm"].unique()
    point_of = {a: int(a.split()[0][1:]) - 1 for a in arms}
    regime_of = {a: a.split()[1] for a in arms}
    table = outputs.points(runs, point_of, regime_of, regimes, ["accuracy"], ["complexity"])
    assert list(table["point"]) == list(range(points))
    for p in range(points):
        part = runs[runs["arm"].map(point_of) == p]
        npm = part[part["arm"].str.endswith("npm")].sort_values("replication")["accuracy"]
        co = part[part["arm"].str.endswith("co-creation")].sort_values("replication")["accuracy"]
        row = table.iloc[p]
        if (part["status"] != "ok").any():
            assert np.isnan(row["accuracy_diff"])
            continue
        assert row["accuracy_npm"] == pytest.approx(npm.mean())
        assert row["accuracy_co_creation"] == pytest.approx(co.mean())
        assert row["accuracy_diff"] == pytest.approx((co.to_numpy() - npm.to_numpy()).mean())
        assert row["param_complexity"] == p / 10
