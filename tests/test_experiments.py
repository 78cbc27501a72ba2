"""Experiments at research scale: designs, seeds, resumable sweeps, executors, user errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import refused

from samskaping.cli import main
from samskaping.experiments.design import compare_experiment, load_experiment
from samskaping.experiments.runner import Results

SMALL = """
title = "small"
steps = 6
replications = 3
seed = 5

[parameters]
citizens = 150

[vary]
regime = ["npm", "co-creation"]
recognition = { from = 0.2, to = 0.6, step = 0.2 }
"""


def write(folder: Path, text: str, name: str = "small.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def runs_of(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "runs.parquet")


# --- designs and seeds --------------------------------------------------------------------------


def test_factorial_design_crosses_every_value_with_inclusive_ranges(tmp_path):
    experiment = load_experiment(write(tmp_path, SMALL))
    assert len(experiment.arms) == 2 * 3
    assert {a.factors["recognition"] for a in experiment.arms} == {0.2, 0.4, 0.6}
    runs = experiment.runs()
    assert [r.run_id for r in runs] == list(range(18))
    # replication r has one seed in every arm: arms differ only by what differs between them
    by_replication = {}
    for run in runs:
        by_replication.setdefault(run.replication, set()).add(run.seed)
    assert all(len(seeds) == 1 for seeds in by_replication.values())
    assert len({run.seed for run in runs}) == 3


def test_more_replications_keep_the_earlier_seeds(tmp_path):
    few = load_experiment(write(tmp_path, SMALL))
    many = load_experiment(write(tmp_path, SMALL.replace("replications = 3", "replications = 7")))
    assert many.seeds()[:3] == few.seeds()


def test_latin_hypercube_uses_every_stratum_of_every_range_once(tmp_path):
    text = """
    steps = 3
    replications = 1
    [vary]
    recognition = { from = 0.0, to = 1.0 }
    complexity = { from = 0.5, to = 1.0 }
    council = { from = 1, to = 101 }
    [design]
    kind = "latin-hypercube"
    samples = 10
    """
    experiment = load_experiment(write(tmp_path, text))
    assert len(experiment.arms) == 10
    recognition = np.array([a.factors["recognition"] for a in experiment.arms])
    complexity = np.array([a.factors["complexity"] for a in experiment.arms])
    assert sorted(np.floor(recognition * 10).astype(int)) == list(range(10))
    assert sorted(np.floor((complexity - 0.5) / 0.05).astype(int)) == list(range(10))
    assert all(isinstance(a.factors["council"], int) for a in experiment.arms)
    # the design is drawn from the experiment's seed: the same file gives the same arms
    assert load_experiment(write(tmp_path, text)).arms == experiment.arms


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[vary]\nrecogniton = [0.1, 0.2]", "vary.recogniton"),
        ("[vary]\nrecognition = { from = 0.5, to = 1.5, step = 0.5 }", "vary.recognition.to"),
        ("[vary]\nrecognition = { from = 0.8, to = 0.2, step = 0.1 }", "vary.recognition"),
        ("[vary]\nrecognition = { from = 0.0, to = 1.0 }", "vary.recognition"),
        ("[vary]\nrecognition = { from = 0.0, to = 1.0, step = -1 }", "vary.recognition.step"),
        ("[vary]\nregime = ['npm', 'nmp']", "vary.regime"),
        ("[parameters]\ncitizens = 5", "parameters.citizens"),
        ("replications = 0", "replications"),
        ("steps = 'ten'", "steps"),
        ("colour = 'red'", "colour"),
        ("[design]\nkind = 'random'", "design.kind"),
        ("scenario = 'atlantis'", "scenario"),
        ("[parameters]\nnetwork_file = 'missing.graphml'", "parameters.network_file"),
        ("[vary\nrecognition = [0.1]", "TOML syntax error"),
    ],
)
def test_a_malformed_experiment_file_is_one_line_with_file_and_key(tmp_path, capsys, text, key):
    path = write(tmp_path, text, "broken.toml")
    out = tmp_path / "out"
    error = refused(capsys, ["sweep", str(path), "--out", str(out)])
    assert str(path) in error and key in error
    assert not out.exists()  # nothing written


def test_each_arm_is_contrasted_with_the_first_value_of_the_first_varied_factor(tmp_path):
    experiment = load_experiment(write(tmp_path, SMALL))
    contrasts = experiment.contrasts()
    assert len(contrasts) == 3
    for arm, versus in contrasts:
        assert arm.startswith("regime=co-creation") and versus.startswith("regime=npm")
        assert arm.split(", ")[1:] == versus.split(", ")[1:]  # same recognition
    screen = """
    [vary]
    recognition = { from = 0.0, to = 1.0 }
    power_sharing = { from = 0.0, to = 1.0 }
    [design]
    kind = "latin-hypercube"
    samples = 4
    """
    assert load_experiment(write(tmp_path, screen, "screen.toml")).contrasts() == []


def test_compare_arms_are_each_scenario_under_each_regime(tmp_path):
    one = compare_experiment(["default"], None, 2, 3, 1)
    assert [a.label for a in one.arms] == ["npm", "co-creation"]
    town = write(tmp_path, '[parameters]\nregime = "co-creation"\nrecognition = 0.9\n', "town.toml")
    own = compare_experiment(["default", str(town)], None, 2, 3, 1)
    assert [(a.label, a.parameters.get("regime")) for a in own.arms] == [
        ("default", "npm"),
        ("town", "co-creation"),
    ]
    assert own.contrasts() == [("town", "default")]
    both = compare_experiment(["default", str(town)], ["npm", "co-creation"], 2, 3, 1)
    assert len(both.arms) == 4 and both.arms[3].label == "town / co-creation"
    assert both.arms[3].parameters["recognition"] == 0.9
    assert ("town / co-creation", "town / npm") in both.contrasts()


@pytest.mark.parametrize(
    "path",
    sorted((Path(__file__).parents[1] / "experiments").glob("*/*.toml")),
    ids=lambda p: f"{p.parent.name}/{p.stem}",
)
def test_every_shipped_experiment_file_is_valid_and_states_a_hypothesis(path):
    experiment = load_experiment(path)
    assert experiment.arms and experiment.title
    if path.parent.name in ("facts", "objections"):
        assert experiment.notes.get("hypothesis")


# --- running, resuming, executors ---------------------------------------------------------------


def test_sweep_writes_tidy_files_that_agree(tmp_path, capsys):
    path = write(tmp_path, SMALL)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1"]) == 0
    progress = capsys.readouterr().err  # no terminal here: progress comes as plain lines
    assert "18/18 runs done, 0 failed" in progress and "left" in progress
    runs = runs_of(out)
    assert len(runs) == 18 and (runs["status"] == "ok").all()
    assert runs["run_id"].tolist() == list(range(18))
    assert {"param_recognition", "recognition", "legitimacy", "seed", "arm"} <= set(runs.columns)
    series = pd.read_parquet(out / "timeseries.parquet")
    assert len(series) == 18 * 7  # months 0..6
    last = series[series["step"] == 6].set_index("run_id")
    assert np.allclose(last.loc[runs["run_id"], "legitimacy"], runs["legitimacy"])
    summary = pd.read_csv(out / "summary.csv")
    arms = summary[(summary["kind"] == "arm") & (summary["metric"] == "accuracy")]
    assert len(arms) == 6 and (arms["n"] == 3).all()
    assert (arms["ci_low"] <= arms["mean"]).all() and (arms["mean"] <= arms["ci_high"]).all()
    report = (out / "report.md").read_text()
    for figure in (out / "figures").glob("*.png"):
        assert f"figures/{figure.name}" in report
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["runs"]["ok"] == 18
    assert manifest["sessions"][0]["versions"]["mesa"].startswith("3.5")
    assert not (out / "parts").exists()


def test_factors_may_be_words_and_switches(tmp_path):
    text = SMALL.replace(
        "recognition = { from = 0.2, to = 0.6, step = 0.2 }",
        'counter_strategy = ["none", "resource-support"]\nmode_d = [true, false]',
    )
    out = tmp_path / "out"
    assert main(["sweep", str(write(tmp_path, text)), "--out", str(out), "--workers", "1"]) == 0
    assert runs_of(out)["param_counter_strategy"].tolist()[:3] == ["none"] * 3
    assert (out / "figures" / "effects.png").is_file()


def test_results_are_identical_with_one_or_two_workers(tmp_path):
    path = write(tmp_path, SMALL)
    main(["sweep", str(path), "--out", str(tmp_path / "one"), "--workers", "1"])
    main(["sweep", str(path), "--out", str(tmp_path / "two"), "--workers", "2"])
    pd.testing.assert_frame_equal(runs_of(tmp_path / "one"), runs_of(tmp_path / "two"))
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "one" / "timeseries.parquet"),
        pd.read_parquet(tmp_path / "two" / "timeseries.parquet"),
    )


def test_a_run_the_model_cannot_make_fails_alone_and_is_reported(tmp_path, capsys, monkeypatch):
    from samskaping.experiments import design

    # a broken graph is refused before anything runs; let it through to make runs that fail
    monkeypatch.setattr(design, "_graph_problem", lambda graph: None)
    (tmp_path / "broken.graphml").write_text("not a graph", encoding="utf-8")
    text = SMALL + 'network_file = ["", "broken.graphml"]\n'
    path = write(tmp_path, text)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1"]) == 1
    runs = runs_of(out)
    failed = runs[runs["status"] == "failed"]
    assert len(failed) == len(runs) / 2
    assert failed["error"].str.contains("not a readable graph").all()
    assert failed["legitimacy"].isna().all()
    assert (runs.loc[runs["status"] == "ok", "error"].isna()).all()
    assert "failed" in capsys.readouterr().err
    assert "## Failed runs" in (out / "report.md").read_text()
    # running again keeps them failed; --retry-failed runs them (only them) again
    before = runs_of(out)
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1"]) == 1
    pd.testing.assert_frame_equal(runs_of(out), before)
    assert "--retry-failed" in capsys.readouterr().err
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1", "--retry-failed"]) == 1
    pd.testing.assert_frame_equal(runs_of(out), before)


def test_a_kill_during_the_first_write_leaves_a_folder_that_resumes(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".manifest.json.x1y2.tmp").write_text("{")  # what a kill mid-write leaves
    assert main(["sweep", str(write(tmp_path, SMALL)), "--out", str(out), "--workers", "1"]) == 0
    assert not list(out.glob(".*.tmp"))


def test_arms_with_nearly_equal_values_keep_their_own_names(tmp_path):
    text = SMALL.replace(
        "recognition = { from = 0.2, to = 0.6, step = 0.2 }", "complexity = [0.1000001, 0.1000002]"
    )
    labels = [arm.label for arm in load_experiment(write(tmp_path, text)).arms]
    assert len(set(labels)) == len(labels) == 4


def test_a_byte_order_mark_is_not_a_syntax_error(tmp_path):
    path = tmp_path / "notepad.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.encode())
    assert len(load_experiment(path).arms) == 6


def test_a_folder_of_another_experiment_is_refused(tmp_path, capsys):
    path = write(tmp_path, SMALL)
    out = tmp_path / "out"
    main(["sweep", str(path), "--out", str(out), "--workers", "1"])
    other = write(tmp_path, SMALL.replace("seed = 5", "seed = 6"), "other.toml")
    with pytest.raises(SystemExit) as exit_:
        main(["sweep", str(other), "--out", str(out)])
    assert exit_.value.code == 2
    assert "another experiment" in capsys.readouterr().err


def _sweep_process(path: Path, out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "samskaping.cli", "sweep", str(path)]
    return subprocess.Popen(
        [*command, "--out", str(out), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killed_mid_sweep_and_run_again_gives_the_uninterrupted_results(tmp_path):
    text = SMALL.replace("replications = 3", "replications = 8").replace("steps = 6", "steps = 12")
    path = write(tmp_path, text)
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    main(["sweep", str(path), "--out", str(whole), "--workers", "2"])

    process = _sweep_process(path, killed)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = list((killed / "parts").glob("run-*.json")) if (killed / "parts").is_dir() else []
        if len(done) >= 10:
            break
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not (killed / "runs.parquet").exists()
    parts = len(list((killed / "parts").glob("run-*.json")))
    assert 10 <= parts < 48

    assert main(["sweep", str(path), "--out", str(killed), "--workers", "2"]) == 0
    pd.testing.assert_frame_equal(runs_of(killed), runs_of(whole))
    pd.testing.assert_frame_equal(
        pd.read_parquet(killed / "timeseries.parquet"),
        pd.read_parquet(whole / "timeseries.parquet"),
    )
    sessions = json.loads((killed / "manifest.json").read_text())["sessions"]
    assert len(sessions) == 2 and sessions[1]["runs_to_do"] == 48 - parts


def test_dask_cluster_gives_the_same_results(tmp_path):
    distributed = pytest.importorskip("distributed")
    path = write(tmp_path, SMALL)
    main(["sweep", str(path), "--out", str(tmp_path / "local"), "--workers", "1"])
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        processes=True,
    ) as cluster:
        out = tmp_path / "dask"
        assert (
            main(["sweep", str(path), "--out", str(out), "--scheduler", cluster.scheduler_address])
            == 0
        )
    pd.testing.assert_frame_equal(runs_of(tmp_path / "local"), runs_of(out))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["sessions"][0]["executor"].startswith("dask tcp://127.0.0.1")


# --- compare and the Python API -----------------------------------------------------------------


def test_compare_prints_intervals_and_the_paired_difference(tmp_path, capsys):
    out = tmp_path / "cmp"
    arguments = ["compare", "--reps", "3", "--steps", "6", "--set", "citizens=150"]
    assert main([*arguments, "--out", str(out), "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert "co-creation − npm" in printed and "±" in printed
    for metric in ("legitimacy", "accuracy", "inequality"):
        assert metric in printed
    runs = runs_of(out)
    assert sorted(runs["arm"].unique()) == ["co-creation", "npm"]
    assert (out / "figures" / "timeseries.png").is_file()
    assert (out / "figures" / "outcomes.png").is_file()


def test_the_python_api_returns_data_frames(tmp_path):
    from samskaping.experiments import compare

    results = compare(
        ["default"], ["npm", "co-creation"], reps=2, steps=4, seed=3,
        parameters={"citizens": 120}, out=tmp_path / "api", workers=1,
    )  # fmt: skip
    assert isinstance(results.runs, pd.DataFrame) and len(results.runs) == 4
    assert isinstance(results.summary, pd.DataFrame)
    assert set(results.timeseries["step"]) == set(range(5))
    again = Results.read(tmp_path / "api")
    pd.testing.assert_frame_equal(again.runs, results.runs)
