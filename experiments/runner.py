"""Run an experiment into a results folder: resumable, parallel, with tidy files at the end.

``run_experiment`` runs every run that the folder does not already hold (so running the same
command again after a crash or ``kill -9`` finishes only what is missing), streams each result to
disk as it finishes (``store.py``), and then writes:

- ``runs.parquet`` — one row per run: run id, arm, scenario, replication, seed, status and error,
  every parameter (``param_<name>``), every final metric;
- ``timeseries.parquet`` — one row per run and month: run id, step (0 = the start), every metric;
- ``summary.csv`` — per arm and metric the mean with its 95 % interval, and each arm's paired
  difference from the first arm (``statistics.py``);
- ``figures/*.png`` and ``report.md`` linking them; ``manifest.json`` — the experiment, package
  versions, the git commit, and when each session ran.

A run that raises is kept with status ``failed`` and its error; the others go on. Running the
command again retries the failed runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from samskaping.experiments import figures, report
from samskaping.experiments.design import RESULTS, Experiment, Run
from samskaping.experiments.executors import connect, default_workers, run_all
from samskaping.experiments.manifest import Manifest
from samskaping.experiments.progress import Progress, ProgressMode
from samskaping.experiments.single_run import execute, metric_names
from samskaping.experiments.statistics import Bands, summarise
from samskaping.experiments.store import ResultStore, atomic_write_text


@dataclass
class Folder:
    """A results folder's runs, read back: what every kind of experiment has."""

    out: Path
    runs: pd.DataFrame

    @property
    def timeseries(self) -> pd.DataFrame:
        """Every run's metrics month by month (read on demand: it can be large)."""
        return pd.read_parquet(self.out / "timeseries.parquet")

    @property
    def failed(self) -> pd.DataFrame:
        return self.runs[self.runs["status"] == "failed"]


@dataclass
class Results(Folder):
    """A sweep's or comparison's results folder, read back as pandas data frames."""

    summary: pd.DataFrame

    @classmethod
    def read(cls, out: Path | str) -> Results:
        out = Path(out)
        return cls(out, pd.read_parquet(out / "runs.parquet"), pd.read_csv(out / "summary.csv"))


#: where results folders go unless told otherwise (the UI's results page reads them here)


def default_folder(experiment: Experiment) -> Path:
    """``results/<name>-<fingerprint>``: the same experiment resumes in the same folder, a changed
    one gets its own."""
    return RESULTS / f"{experiment.name}-{experiment.fingerprint[:8]}"


def run_experiment[R](
    experiment: Experiment,
    out: Path | str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressMode = None,
    command: str | None = None,
    task: Callable[[Run], tuple[dict[str, Any], pd.DataFrame | None]] = execute,
    finish: Callable[[Experiment, ResultStore, Manifest], R] | None = None,
    read: Callable[[Path], R] | None = None,
) -> R:
    """Run what ``out`` (by default :func:`default_folder`) does not yet hold, then write the tidy
    files, figures and report. ``task`` runs one run; ``finish`` writes what the runs add up to
    (by default a sweep's summary, figures and report) and ``read`` reads it back when the
    folder is already complete (a sensitivity study brings its own)."""
    finish = finish or summarise_sweep
    read = read or Results.read
    out = Path(out) if out is not None else default_folder(experiment)
    manifest = Manifest.open(out, experiment)  # refuses a folder of another experiment
    workers = workers or default_workers()
    store = ResultStore(out, metric_names())
    if manifest.complete and (out / "runs.parquet").is_file():
        store.remove_parts()  # a crash after the last write may have left them
        return read(out)
    client = connect(scheduler) if scheduler else None
    try:
        executor = f"dask {scheduler}" if scheduler else f"local, {workers} worker(s)"
        store.remove_leftovers()
        runs = experiment.runs()
        statuses = store.statuses()
        todo = [run for run in runs if statuses.get(run.run_id) != "ok"]
        manifest.begin(executor=executor, command=command, to_run=len(todo))
        started = time.perf_counter()
        progress_ = Progress(experiment.name, len(runs), len(runs) - len(todo), progress)
        try:
            for row, series in run_all(task, todo, workers, client):
                store.save(row, series)
                progress_.advance(failed=row["status"] == "failed")
        finally:
            progress_.close()
    finally:
        if client is not None:
            client.close()
    results = finish(experiment, store, manifest)
    manifest.end(seconds=time.perf_counter() - started, runs=results.runs)
    if results.failed.empty:
        store.remove_parts()
    return results


def summarise_sweep(experiment: Experiment, store: ResultStore, manifest: Manifest) -> Results:
    """Merge the parts into the tidy files; write the summary, figures and report."""
    out, metrics = store.out, store.metrics
    rows = store.write_runs()
    arms = [arm.label for arm in experiment.arms]
    arm_of = dict(zip(rows["run_id"], rows["arm"], strict=True))
    ok_ids = rows.loc[rows["status"] == "ok", "run_id"].tolist()
    bands = Bands(metrics) if len(arms) <= figures.MAX_LINES else None
    store.write_timeseries(
        ok_ids, each=(lambda run_id, table: bands.add(arm_of[run_id], table)) if bands else None
    )
    factors = {arm.label: arm.factors for arm in experiment.arms}
    summary = summarise(rows, arms, metrics, experiment.contrasts(), factors)
    atomic_write_text(out / "summary.csv", summary.to_csv(index=False))
    folder = out / "figures"
    drawn = [
        figures.timeseries(
            bands.frame() if bands else pd.DataFrame(), arms, folder / "timeseries.png"
        ),
        figures.outcomes(rows, arms, folder / "outcomes.png"),
        figures.effects(rows, list(experiment.factors), folder / "effects.png"),
    ]
    text = report.markdown(experiment, rows, summary, [p for p in drawn if p], out, manifest)
    atomic_write_text(out / "report.md", text)
    return Results(out, rows, summary)


def describe(results: Results) -> str:
    """One line for the end of a command."""
    ok = int((results.runs["status"] == "ok").sum())
    failed = len(results.failed)
    return f"{ok} runs done, {failed} failed; results in {results.out}/ (report.md)"
