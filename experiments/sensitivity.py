"""A global sensitivity study: SALib's design, run by the sweep runner, analysed by SALib.

``samskaping sensitivity EXPERIMENT.toml`` reads an experiment file whose ``[design]`` is a SALib
design (``sensitivity_design.py``), runs every point under each listed regime with the runner
(resumable after ``kill -9``, local workers or a Dask scheduler, the same numbers in any
executor), and writes beside the sweep's ``runs.parquet`` and ``timeseries.parquet``:

- ``points.parquet``: one row per point: the parameters and the outputs (``outputs.py``), the
  paired regime differences among them;
- ``indices.csv`` and ``convergence.csv`` (``indices.py``);
- ``figures/`` (``sensitivity_figures.py``) and ``report.md`` (``sensitivity_report.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from samskaping.experiments import indices, outputs
from samskaping.experiments import sensitivity_figures as figures
from samskaping.experiments import sensitivity_report as report
from samskaping.experiments.design import Experiment
from samskaping.experiments.manifest import Manifest
from samskaping.experiments.runner import Folder, run_experiment
from samskaping.experiments.sensitivity_design import CROSSED
from samskaping.experiments.shards import ShardReport
from samskaping.experiments.store import ResultStore, atomic_write, atomic_write_text, readable


@dataclass
class SensitivityResults(Folder):
    """A sensitivity study's folder, read back: its runs, points and indices."""

    points: pd.DataFrame
    indices: pd.DataFrame

    @classmethod
    def read(cls, out: Path | str) -> SensitivityResults:
        out = readable(Path(out))
        return cls(
            out,
            pd.read_parquet(out / "runs.parquet"),
            pd.read_parquet(out / "points.parquet"),
            _indices(out / "indices.csv"),
        )


def _indices(path: Path) -> pd.DataFrame:
    """``indices.csv`` as written: the partner column is text ("" unless a pair)."""
    table = pd.read_csv(path, dtype={"partner": "string", "index": "string", "output": "string",
                                     "parameter": "string"})  # fmt: skip
    table["partner"] = table["partner"].fillna("")
    return table


def run_sensitivity(
    experiment: Experiment, out: Path | str | None = None, **options: Any
) -> SensitivityResults | ShardReport:
    """Run what ``out`` does not yet hold, then analyse: the runner's
    :func:`~samskaping.experiments.runner.run_experiment` with a sensitivity study's finishing
    step, and its options (``workers``, ``scheduler``, ``progress``, shards, limits; ``task`` runs
    one run: the tests pass functions with known indices through the same pipeline)."""
    return run_experiment(experiment, out, finish=finish, read=SensitivityResults.read, **options)


def finish(experiment: Experiment, store: ResultStore, manifest: Manifest) -> SensitivityResults:
    """The tidy run files, then the points, indices, figures and report."""
    design = experiment.sensitivity
    assert design is not None, "not a sensitivity design"
    out, metrics = store.out, list(design.outputs.metrics)
    runs = store.write_runs()
    ok_ids = runs.loc[runs["status"] == "ok", "run_id"].tolist()
    months = design.outputs.last_months
    means: dict[int, dict[str, float]] = {}

    def keep(run_id: int, table) -> None:
        means[run_id] = outputs.last_months_means(table.to_pandas(), metrics, months)

    store.write_timeseries(ok_ids, each=keep if months else None)
    per_run = runs.copy()
    if months:
        averaged = pd.DataFrame.from_dict(means, orient="index")
        rows = per_run["run_id"].isin(averaged.index)
        per_run.loc[rows, metrics] = averaged.loc[per_run.loc[rows, "run_id"], metrics].to_numpy()

    crossed = max(1, len(design.regimes))
    point_of = {arm.label: i // crossed for i, arm in enumerate(experiment.arms)}
    regime_of = {arm.label: arm.factors.get(CROSSED) for arm in experiment.arms}
    names = [f.name for f in design.factors]
    table = outputs.points(per_run, point_of, regime_of, design.regimes, metrics, names)
    atomic_write(out / "points.parquet", lambda p: table.to_parquet(p, index=False))

    analysed = outputs.names(metrics, design.regimes)
    seed = experiment.seed % 2**32
    found, skipped = indices.indices(design, table, analysed, seed)
    converging = indices.convergence(design, table, [o for o in analysed if o not in skipped], seed)
    atomic_write_text(out / "indices.csv", found.to_csv(index=False))
    atomic_write_text(out / "convergence.csv", converging.to_csv(index=False))

    main = indices.MAIN[design.kind]
    folder = out / "figures"
    drawn = [
        figures.indices(found, design.kind, main, folder / "indices.png"),
        figures.morris(found, folder / "morris.png"),
        figures.interactions(found, folder / "interactions.png"),
        figures.convergence(converging, main, folder / "convergence.png"),
    ]
    text = report.markdown(
        experiment, runs, found, converging, skipped, analysed, [p for p in drawn if p], out
    )
    atomic_write_text(out / "report.md", text)
    return SensitivityResults.read(out)  # the numbers as the files hold them


def describe(results: SensitivityResults) -> str:
    """One line for the end of the command."""
    ok = int((results.runs["status"] == "ok").sum())
    return (f"{ok} runs done, {len(results.failed)} failed, {len(results.points)} points; "
            f"indices in {results.out}/indices.csv (report.md)")  # fmt: skip
