"""Plan before you run (issue 15): the runs, the time and the disk, from a short calibration."""

from __future__ import annotations

import dataclasses
import os

import pytest

from samskaping.experiments import design, plan, runner


@pytest.fixture(scope="module")
def experiment() -> design.Experiment:
    return design.compare_experiment(
        ["default"], ["npm", "co-creation"], replications=2, steps=12, seed=1,
        overrides={"citizens": 100},
    )  # fmt: skip


@pytest.fixture(scope="module")
def estimated(experiment: design.Experiment) -> plan.Plan:
    return plan.estimate(experiment, to_do=len(experiment.runs()), workers=1)


def test_a_plan_counts_the_runs_and_measures_time_and_disk(estimated: plan.Plan) -> None:
    assert (estimated.runs, estimated.to_do, estimated.months) == (4, 4, 12)
    assert estimated.seconds_per_run > 0 and estimated.seconds > 0
    assert estimated.parts_bytes > 0 and estimated.tidy_bytes > 0
    assert estimated.peak_bytes == estimated.parts_bytes + estimated.tidy_bytes
    # both arms, each for one month and for the experiment's 12
    assert (estimated.calibration.probes, estimated.calibration.months) == (4, 12)
    assert estimated.calibration.failed == 0


def test_the_time_grows_with_the_runs_to_do_and_shrinks_with_the_workers(
    estimated: plan.Plan,
) -> None:
    more = dataclasses.replace(estimated, to_do=400)
    assert more.seconds == pytest.approx(100 * estimated.seconds)
    assert dataclasses.replace(more, workers=4).seconds == pytest.approx(more.seconds / 4)
    assert dataclasses.replace(estimated, to_do=0).seconds == 0
    # more workers than runs leave the others idle
    assert dataclasses.replace(estimated, workers=8).seconds == pytest.approx(
        estimated.seconds_per_run
    )


def test_the_disk_estimate_is_near_what_a_run_leaves(experiment, estimated, tmp_path) -> None:
    out = tmp_path / "out"
    runner.run_experiment(experiment, out, workers=1, progress=None)
    actual = sum((out / name).stat().st_size for name in ("runs.parquet", "timeseries.parquet"))
    assert actual / 3 < estimated.tidy_bytes < actual * 3


def test_the_description_names_runs_months_workers_and_disk(estimated: plan.Plan) -> None:
    text = plan.describe(estimated)
    assert "4 runs (4 to do) of 12 months on 1 worker(s): about " in text
    assert "calibration runs" in text and "workers scale linearly" in text
    assert "while running" in text and "when done" in text
    done = plan.describe(dataclasses.replace(estimated, to_do=0))
    assert "nothing to run" in done


def test_estimating_writes_nothing(experiment, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    plan.estimate(experiment, to_do=4, workers=2)
    assert os.listdir(tmp_path) == []


def test_a_failed_calibration_says_why(experiment: design.Experiment) -> None:
    def failing(run: design.Run):
        return {"run_id": run.run_id, "status": "failed", "error": "ValueError: no town"}, None

    estimated = plan.estimate(experiment, to_do=4, workers=1, task=failing)
    assert estimated.calibration.failed == 4
    assert "ValueError: no town" in plan.describe(estimated)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0.0123, "12 ms"), (1.44, "1.4 s"), (25.2, "25 s"), (150, "2.5 min"), (7200, "2.0 h"),
     (400_000, "4.6 days")],
)  # fmt: skip
def test_durations_read_in_human_units(seconds: float, shown: str) -> None:
    assert plan.duration(seconds) == shown


@pytest.mark.parametrize(
    ("count", "shown"),
    [(512, "512 B"), (4_100, "4.1 kB"), (1_234_567, "1.2 MB"), (25e9, "25 GB")],
)
def test_sizes_read_in_human_units(count: float, shown: str) -> None:
    assert plan.size(count) == shown
