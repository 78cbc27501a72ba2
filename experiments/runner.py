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

A run that raises, or whose worker dies under it, is kept with status ``failed`` and its error;
the others go on. Running the command again runs what is missing; ``retry_failed`` (the CLI's
``--retry-failed``) also the failed runs. Shards (``--shard I/N``) let batch jobs share a sweep;
a lock file (``lock.py``) keeps two uncoordinated jobs from doing the same runs.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain, pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from samskaping.experiments import figures, report
from samskaping.experiments.design import RESULTS, Experiment, Run
from samskaping.experiments.ensembles import (
    ensembles,
    execute_ensembles,
    in_ensembles,
    side_by_side,
)
from samskaping.experiments.executors import default_workers, run_all
from samskaping.experiments.lock import SWEEP, FolderLock, LockBusyError, shard_scope
from samskaping.experiments.manifest import Manifest, record_of
from samskaping.experiments.progress import Progress, ProgressMode
from samskaping.experiments.repair import restore
from samskaping.experiments.scheduler import connect
from samskaping.experiments.scheduler import wait_for_workers as wait_until_workers
from samskaping.experiments.shards import Shard, ShardReport
from samskaping.experiments.single_run import execute, failed, metric_names
from samskaping.experiments.statistics import Bands, summarise
from samskaping.experiments.store import ResultStore, atomic_write_text, readable
from samskaping.scenarios.parameters import ScenarioError
from samskaping.simulation.metrics import HEADLINE


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
        out = readable(Path(out))
        return cls(out, pd.read_parquet(out / "runs.parquet"), pd.read_csv(out / "summary.csv"))


#: where results folders go unless told otherwise (the UI's results page reads them here)


def default_folder(experiment: Experiment) -> Path:
    """``results/<name>-<fingerprint>``: the same experiment resumes in the same folder, a changed
    one gets its own."""
    return RESULTS / f"{experiment.name}-{experiment.fingerprint[:8]}"


def stderr(line: str) -> None:
    print(f"samskaping: {line}", file=sys.stderr, flush=True)


def pending(
    experiment: Experiment,
    out: Path,
    shard: Shard | None = None,
    retry_failed: bool = False,
    say: Callable[[str], None] = stderr,
    clean: bool = True,
    runs: list[Run] | None = None,
) -> list[Run]:
    """The runs a command would run in ``out``: those without a result (and the failed ones
    with ``retry_failed``), in this shard; ``clean=False`` leaves damaged parts in place (a
    dry run changes nothing). ``runs``: the experiment's, if already made."""
    statuses = ResultStore(out, metric_names()).statuses(say, clean=clean)
    return [
        run
        for run in (runs if runs is not None else experiment.runs())
        if (shard is None or shard.holds(run))
        and (run.run_id not in statuses or (retry_failed and statuses[run.run_id] == "failed"))
    ]


def planned(
    experiment: Experiment, out: Path, shard: Shard | None = None, retry_failed: bool = False
) -> list[Run]:
    """The runs a command would run, for its plan, changing nothing: none in a complete folder
    (whose parts are gone), else what :func:`pending` says (a folder with failed runs keeps its
    parts)."""
    if Manifest.open(out, experiment).complete:
        return []
    return pending(experiment, out, shard, retry_failed, clean=False)


def run_experiment[R](
    experiment: Experiment,
    out: Path | str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressMode = None,
    command: str | None = None,
    task: Callable[..., tuple[dict[str, Any], pd.DataFrame | None]] = execute,
    finish: Callable[[Experiment, ResultStore, Manifest], R] | None = None,
    read: Callable[[Path], R] | None = None,
    *,
    shard: Shard | None = None,
    merge: bool = False,
    repair: bool = False,
    retry_failed: bool = False,
    run_memory: int | None = None,
    run_timeout: float | None = None,
    wait_for_workers: float | None = None,
    say: Callable[[str], None] = stderr,
) -> R | ShardReport:
    """Run what ``out`` (by default :func:`default_folder`) does not yet hold, then write the tidy
    files, figures and report. ``task`` runs one run; ``finish`` writes what the runs add up to
    (by default a sweep's summary, figures and report) and ``read`` reads it back when the
    folder is already complete (a sensitivity study brings its own).

    A run that fails, or whose worker dies under it, is kept as failed and the others go on; it
    is run again only with ``retry_failed``. ``run_memory`` (bytes a local worker may grow by)
    and ``run_timeout`` (seconds) bound each run. With ``shard`` only that slice runs; the
    shard that finds every run done merges (the others return a :class:`ShardReport`), and
    ``merge`` merges without running anything. ``repair`` rebuilds a damaged folder (``repair.py``)."""
    if sum(map(bool, (shard, merge, repair))) > 1 or (merge and retry_failed):
        raise ScenarioError("--shard, --merge, --repair (and --merge with --retry-failed) do "
                            "different things: give one at a time")  # fmt: skip
    if scheduler and run_memory:
        raise ScenarioError("--run-memory caps local workers; on Dask give each worker its own "
                            "limit (dask worker --memory-limit)")  # fmt: skip
    finish = finish or summarise_sweep
    read = read or Results.read
    out = Path(out) if out is not None else default_folder(experiment)
    manifest = Manifest.open(out, experiment, repair=repair)  # refuses another experiment's
    workers = workers or default_workers()
    store = ResultStore(out, metric_names())
    if manifest.finished and not repair:
        if not (out / "runs.parquet").is_file():
            raise ScenarioError(f"{out / 'runs.parquet'}: missing from a finished folder; rerun "
                                "the command with --repair to rebuild it")  # fmt: skip
        readable(out)
        if manifest.complete:
            store.remove_parts()  # a crash after the last write may have left them
        if manifest.complete or not retry_failed:
            return read(out)
    client = _connect(scheduler, wait_for_workers, say) if scheduler and not merge else None
    scope = shard_scope(shard.index, shard.count) if shard else SWEEP
    try:
        lock = FolderLock(out, scope, command).acquire(say)
    except BaseException:
        if client is not None:
            client.close()
        raise
    try:
        if not shard:
            store.remove_leftovers()  # no other job works here: their writes are over
        runs = experiment.runs()
        if repair:
            restore(store, runs, say)
        todo = [] if merge else pending(experiment, out, shard, retry_failed, say, runs=runs)
        if merge and (missing := len(runs) - len(store.statuses(say))):
            raise ScenarioError(f"{out}: {missing:,} of {len(runs):,} runs have no result yet: "
                                "run the shards that are missing (or the sweep without --shard,"
                                " which runs only what is missing)")  # fmt: skip
        started = time.perf_counter()
        manifest.begin(
            executor=f"dask {scheduler}" if scheduler else f"local, {workers} worker(s)",
            command=command, to_run=len(todo), shard=str(shard) if shard else None,
        )  # fmt: skip
        if todo:
            total = sum(1 for r in runs if shard is None or shard.holds(r))
            _run(task, todo, total, experiment.name, store, shard, progress, workers, client,
                 run_memory, run_timeout)  # fmt: skip
        if shard:
            statuses = store.statuses(say)
            mine = [statuses.get(r.run_id) for r in runs if shard.holds(r)]
            report = ShardReport(shard, len(todo), mine.count("failed"), len(runs) - len(statuses))
            if report.left:
                manifest.end_shard(time.perf_counter() - started, done=len(todo))
                say(f"{report}; the last shard to finish merges (or --merge)")
                return report
            # every run is in: merge, unless another shard is merging right now
            lock.release()
            lock = _merge_lock(out, command, say)
            if lock is None:
                say(f"{report}; another shard is merging")
                return report
        results = finish(experiment, store, manifest)
        manifest.end(seconds=time.perf_counter() - started, runs=results.runs)
        if results.failed.empty:
            store.remove_parts()  # the tidy files were written and read back
        return results
    finally:
        if lock is not None:
            lock.release()
        if client is not None:
            client.close()


def _connect(scheduler: str, wait_for_workers: float | None, say: Callable[[str], None]) -> Any:
    """A client of the Dask scheduler with a worker on it: before anything is written."""
    say(f"connecting to the Dask scheduler at {scheduler}")
    client = connect(scheduler)
    try:
        wait_until_workers(client, scheduler, wait_for_workers, say)
    except BaseException:
        client.close()
        raise
    return client


#: how long a shard that found every run done waits for the other shards to let go of the folder
MERGE_PATIENCE = 60.0


def _merge_lock(out: Path, command: str | None, say: Callable[[str], None]) -> FolderLock | None:
    """The whole folder, to merge it: None if another job is merging. Shards that finished at the
    same moment may still hold their locks for an instant, so they are waited for."""
    waited = time.monotonic() + MERGE_PATIENCE
    while True:
        try:
            return FolderLock(out, SWEEP, command).acquire(say)
        except LockBusyError as busy:
            if busy.scope == SWEEP:  # another shard got there first: it merges
                return None
            if time.monotonic() > waited:
                raise ScenarioError(f"{busy}; when it is done, merge with --merge") from None
            time.sleep(0.2)


def _run(
    task: Callable, todo: list[Run], total: int, name: str, store: ResultStore,
    shard: Shard | None, progress: ProgressMode, workers: int, client: Any,
    run_memory: int | None, run_timeout: float | None,
) -> None:  # fmt: skip
    """Run ``todo`` (of the ``total`` runs this command is for), keeping each result as it
    comes. The model's own runs go in ensembles (``ensembles.py``), unless each run has its own
    limits; the runs of an ensemble whose worker died run again alone."""
    together = in_ensembles(task, run_memory, run_timeout)
    if run_timeout is not None:
        task = functools.partial(task, timeout=run_timeout)
    name = f"{name} shard {shard}" if shard else name
    progress_ = Progress(name, total, total - len(todo), progress)
    alone: list[Run] = []

    def keep(results: Iterable[tuple[dict[str, Any], pd.DataFrame | None]]) -> None:
        for row, series in results:
            if run_memory and str(row["error"]).startswith("MemoryError"):
                row["error"] += f" (over --run-memory, {run_memory / 1e6:,.0f} MB)"
            store.save(row, series)
            progress_.advance(failed=row["status"] == "failed")

    def again(task: tuple[tuple[Run, ...], ...], why: str) -> list:
        alone.extend(run for batch in task for run in batch)
        return []

    try:
        if together:
            tasks = side_by_side(ensembles(todo, workers))
            keep(
                chain.from_iterable(run_all(execute_ensembles, tasks, workers, client, lost=again))
            )
            todo = alone
        keep(run_all(task, todo, workers, client, lost=failed, memory=run_memory))
    finally:
        progress_.close()


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
    drawn = [
        figures.save(fig, out / "figures" / name)
        for name, fig in figures.sweep_figures(
            rows, arms, bands.frame() if bands else pd.DataFrame(), list(experiment.factors)
        ).items()
    ]
    text = report.markdown(experiment, rows, summary, drawn, out, manifest)
    atomic_write_text(out / "report.md", text)
    return Results(out, rows, summary)


def redraw(out: Path | str, words: Mapping[str, str] = figures.WORDS) -> dict[str, bytes]:
    """A finished sweep's or comparison's figures drawn again from its tidy files, in
    ``words`` (``figures.WORDS``: English), as PNG bytes by file name: the same figures as
    :func:`summarise_sweep` saved (the bands from ``timeseries.parquet``, the arms and factors
    from ``manifest.json``), for a page in another language. The saved files stay as they are.
    Raises ``ScenarioError`` on a damaged folder, ``OSError``, ``ValueError`` or ``KeyError``
    on one that is not a sweep's."""
    results = Results.read(out)
    experiment = record_of(results.out)["experiment"]
    arms = [arm["label"] for arm in experiment["arms"]]
    bands = Bands(HEADLINE) if len(arms) <= figures.MAX_LINES else None
    if bands is not None:
        arm_of = dict(zip(results.runs["run_id"], results.runs["arm"], strict=True))
        series = pq.read_table(results.out / "timeseries.parquet",
                               columns=["run_id", "step", *HEADLINE])  # fmt: skip
        # each run's months one after the other, in the order the runner wrote (and added) them
        run_ids = series["run_id"].to_numpy()
        starts = [0, *(np.flatnonzero(run_ids[1:] != run_ids[:-1]) + 1), len(run_ids)]
        for start, end in pairwise(starts):
            if end > start:
                bands.add(arm_of[int(run_ids[start])], series.slice(start, end - start))
    drawn = figures.sweep_figures(
        results.runs, arms, bands.frame() if bands else pd.DataFrame(), experiment["factors"],
        words,
    )  # fmt: skip
    return {name: figures.png(fig) for name, fig in drawn.items()}


def describe(results: Results) -> str:
    """One line for the end of a command."""
    ok = int((results.runs["status"] == "ok").sum())
    failed = len(results.failed)
    return f"{ok} runs done, {failed} failed; results in {results.out}/ (report.md)"
