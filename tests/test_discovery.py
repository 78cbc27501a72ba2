"""Scenario discovery: PRIM and CART (EMA Workbench) recover a planted box, on any results
folder; a bad condition or folder is one line and leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from samskaping.cli import main
from samskaping.experiments.scenario_discovery import describe_box, discover

#: the planted box: co-creation loses where complexity < 0.3 and need heterogeneity > 0.6
LOW_COMPLEXITY, HIGH_NEEDS = 0.3, 0.6


def planted(folder: Path, noise: float = 0.03, points: int = 800, seed: int = 4) -> Path:
    """A sensitivity folder's ``points.parquet`` in which the condition holds inside the box
    (and, with probability ``noise``, anywhere)."""
    rng = np.random.default_rng(seed)
    table = pd.DataFrame({
        "point": range(points),
        "param_complexity": rng.random(points),
        "param_need_heterogeneity": rng.random(points),
        "param_recognition": rng.random(points),
        "param_arena_size": rng.integers(3, 21, points),
        "param_network": rng.choice(["small-world", "scale-free", "homophilous"], points),
    })  # fmt: skip
    inside = (table["param_complexity"] < LOW_COMPLEXITY) & (
        table["param_need_heterogeneity"] > HIGH_NEEDS
    )
    flip = rng.random(points) < noise
    table["accuracy_diff"] = np.where(inside ^ flip, -0.05, 0.05) + rng.normal(0, 0.01, points)
    table["legitimacy_diff"] = rng.normal(0, 1, points)
    folder.mkdir(parents=True, exist_ok=True)
    table.to_parquet(folder / "points.parquet", index=False)
    return folder


@pytest.mark.parametrize("method", ["prim", "cart"])
def test_discovery_recovers_a_planted_box(tmp_path, capsys, method):
    folder = planted(tmp_path / "study")
    assert main(["discover", str(folder), "--where", "accuracy_diff < 0", "--method", method]) == 0
    out = folder / "discovery" / "accuracy-diff-lt-0"
    boxes = pd.read_csv(out / "boxes.csv")
    first = boxes[boxes["box"] == 1].set_index("parameter")
    if method == "prim":  # one box: the planted one
        assert set(first.index) == {"complexity", "need_heterogeneity"}
        assert first.loc["complexity", "high"] == pytest.approx(LOW_COMPLEXITY, abs=0.03)
        assert first.loc["need_heterogeneity", "low"] == pytest.approx(HIGH_NEEDS, abs=0.03)
        # about 90 % of the cases lie in the box (the noise puts the rest anywhere)
        assert first["coverage"].iloc[0] > 0.7 and first["density"].iloc[0] > 0.8
    else:  # leaves that each lie inside the planted box (a tree splits it on the noise too)
        for _, leaf in boxes.groupby("box"):
            leaf = leaf.set_index("parameter")
            assert leaf.loc["complexity", "high"] < LOW_COMPLEXITY + 0.03
            assert leaf.loc["need_heterogeneity", "low"] > HIGH_NEEDS - 0.03
        assert boxes.drop_duplicates("box")["coverage"].sum() > 0.4
    report = (out / "report.md").read_text()
    assert "coverage" in report and "density" in report
    said = capsys.readouterr().out
    assert "complexity at most 0." in said and "need_heterogeneity at least 0." in said
    if method == "prim":
        assert first["qp_high"].loc["complexity"] < 0.01  # the quasi-p values the Workbench reports
        assert {"tradeoff.png", "box.png"} <= {p.name for p in (out / "figures").iterdir()}
        trajectory = pd.read_csv(out / "trajectory.csv")
        assert trajectory["chosen"].sum() == 1


def test_a_restriction_on_a_category_is_read_as_its_values(tmp_path):
    folder = planted(tmp_path / "study", noise=0.0)
    found = discover(folder, "accuracy_diff < 0 and network != 'homophilous'", out=tmp_path / "d")
    boxes = found.boxes.set_index("parameter")
    assert set(boxes.loc["network", "values"].split(" | ")) == {"small-world", "scale-free"}
    assert "network is " in describe_box(found.boxes)


def test_prim_box_can_be_chosen_from_the_trajectory(tmp_path):
    folder = planted(tmp_path / "study")
    found = discover(folder, "accuracy_diff < 0", box=3, out=tmp_path / "third")
    assert found.trajectory is not None and bool(found.trajectory.loc[3, "chosen"])


SWEEP = """
title = "regimes by complexity"
steps = 3
replications = 2
seed = 3

[parameters]
citizens = 60

[vary]
regime = ["npm", "co-creation"]
complexity = [0.1, 0.5, 0.9]
recognition = [0.0, 1.0]
"""


def test_a_sweep_folder_is_discovered_with_paired_differences(tmp_path):
    path = tmp_path / "sweep.toml"
    path.write_text(SWEEP)
    out = tmp_path / "sweep"
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1"]) == 0
    runs = pd.read_parquet(out / "runs.parquet")
    mean = runs.groupby(["param_regime", "param_complexity", "param_recognition"])[
        "accuracy"
    ].mean()
    cut = float(np.median(mean.loc["co-creation"] - mean.loc["npm"]))
    found = discover(out, f"accuracy_diff < {cut}")
    assert found.points == 6  # 3 complexities × 2 recognitions, each under both regimes
    assert set(found.boxes["parameter"]) <= {"complexity", "recognition"}


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("accuracy_dif < 0", "unknown column 'accuracy_dif'"),
        ("accuracy_diff <", "does not parse"),
        ("accuracy_diff + 1", "is not a condition"),
        ("accuracy_diff < -10", "holds at no point"),
        ("", "empty"),
    ],
)
def test_a_bad_condition_is_one_line_and_writes_nothing(tmp_path, capsys, where, message):
    folder = planted(tmp_path / "study")
    with pytest.raises(SystemExit) as exit_:
        main(["discover", str(folder), "--where", where])
    assert exit_.value.code == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and message in error, error
    assert sorted(p.name for p in folder.iterdir()) == ["points.parquet"]


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("empty", [], "not a finished sweep or sensitivity folder"),
        ("missing", [], "no such results folder"),
        ("study", ["--method", "forest"], "invalid choice"),
        ("study", ["--method", "cart", "--box", "2"], "--box"),
    ],
)
def test_a_bad_folder_or_option_is_one_line(tmp_path, capsys, setup, args, message):
    folder = tmp_path / setup
    if setup == "empty":
        folder.mkdir()
    elif setup == "study":
        planted(folder)
    with pytest.raises(SystemExit) as exit_:
        main(["discover", str(folder), "--where", "accuracy_diff < 0", *args])
    assert exit_.value.code == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and message in error, error
    assert not (folder / "discovery").exists()


def test_out_never_replaces_results_and_conditions_never_share_a_folder(tmp_path, capsys):
    folder = planted(tmp_path / "study")
    for out in (folder, tmp_path):
        with pytest.raises(SystemExit) as exit_:
            main(["discover", str(folder), "--where", "accuracy_diff < 0", "--out", str(out)])
        assert exit_.value.code == 2 and "--out" in capsys.readouterr().err
    assert (folder / "points.parquet").is_file()
    first = discover(folder, "accuracy_diff < 0.05")
    second = discover(folder, "accuracy_diff < -0.05")
    assert first.out != second.out and (first.out / "boxes.csv").is_file()
    again = discover(folder, "accuracy_diff < 0.05")  # an earlier discovery is replaced
    assert again.out == first.out


def test_a_damaged_points_file_is_one_line(tmp_path, capsys):
    folder = tmp_path / "study"
    folder.mkdir()
    (folder / "points.parquet").write_bytes(b"not parquet")
    with pytest.raises(SystemExit) as exit_:
        main(["discover", str(folder), "--where", "accuracy_diff < 0"])
    assert exit_.value.code == 2
    assert "cannot be read" in capsys.readouterr().err


def test_a_sweep_that_sampled_the_regime_has_no_paired_difference(tmp_path, capsys):
    path = tmp_path / "lhs.toml"
    path.write_text(
        SWEEP.replace(
            "complexity = [0.1, 0.5, 0.9]", "complexity = { from = 0.1, to = 0.9 }"
        ).replace("recognition = [0.0, 1.0]", "")
        + '\n[design]\nkind = "latin-hypercube"\nsamples = 4\n'
    )
    out = tmp_path / "lhs"
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1"]) == 0
    with pytest.raises(SystemExit) as exit_:
        main(["discover", str(out), "--where", "accuracy_diff < 0"])
    assert exit_.value.code == 2 and "sampled, not crossed" in capsys.readouterr().err
