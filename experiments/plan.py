"""Plan before you run: how many runs, how long they will take, and how much disk they will fill.

The estimate comes from a short calibration in this process: a few arms of the design (the first,
the middle and the last) are each run for one month and for a few more, with the task that the
sweep itself uses. The difference between the two is what a month costs; the rest is the cost of
setting a run up (building the town and its network) and of handing its results back. A run of
``steps`` months then costs ``one month + (steps - 1) × a month``.

The disk comes from the same runs: their time series and rows are written, in memory, the way
``store.py`` writes them (Arrow IPC parts while the sweep runs, Parquet when it is done), and
scaled up to every run and month. Nothing is written to disk.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq

from samskaping.experiments.design import Experiment, Run
from samskaping.experiments.ensembles import ensemble_size, execute_ensemble, in_ensembles
from samskaping.experiments.single_run import execute, metric_names
from samskaping.experiments.store import runs_schema, timeseries_schema

#: a sweep of more than this many runs shows its plan before it starts
LARGE = 10_000
#: the longer calibration runs last this many months (fewer if the experiment is shorter): long
#: enough that a month's cost stands out from the timer's noise (a month of the default town
#: takes a few milliseconds, setting it up a hundred)
PROBE_MONTHS = 24
#: arms timed at most: the first, the middle and the last of the design
PROBE_ARMS = 3
#: a first run of one month slower than this (the default town's takes a tenth of a second) is a
#: large town, whose months stand out from the noise sooner: one arm only, of ``SLOW_MONTHS``
SLOW = 0.5
SLOW_MONTHS = 6
#: further arms are timed only while the calibration has taken less than this
BUDGET = 2.0
#: towns in the ensemble that times what a run costs side by side with others
ENSEMBLE_PROBE = 8
#: file systems store a file in whole blocks: thousands of small parts take more than their sizes
BLOCK = 4096

Task = Callable[[Run], tuple[dict[str, Any], pd.DataFrame | None]]
#: a calibration run: its seconds, row and time series
_Timed = tuple[float, dict[str, Any], pd.DataFrame | None]


@dataclass(frozen=True)
class Calibration:
    """What an estimate was measured from: ``probes`` runs, half of one month and half of
    ``months`` months, taking ``seconds`` in all (with a first run that warms up the process)."""

    probes: int
    months: int
    seconds: float
    failed: int = 0
    #: the first failed calibration run's error: the sweep's runs of that arm will fail too
    error: str | None = None


@dataclass(frozen=True)
class Plan:
    """An experiment's runs, the time they will take and the disk they will fill.

    The time assumes that the workers scale linearly: ``workers`` processes finish ``workers``
    runs in the time one process takes for one. On a machine whose cores share memory bandwidth,
    or that is busy with other work, they do not quite, so take the time as a lower bound. It
    counts the runs only, not starting the workers or drawing the figures at the end (seconds).
    """

    runs: int
    to_do: int
    months: int
    workers: int
    #: the estimated time of one run of ``months`` months, in one process
    seconds_per_run: float
    #: of which setting a run up (and the first month), and each further month
    seconds_to_set_up: float
    seconds_per_month: float
    #: the parts of every run (``parts/``: a time series and a row each), which stay on disk until
    #: the sweep is done
    parts_bytes: int
    #: ``runs.parquet`` and ``timeseries.parquet``, which hold every run when it is done (the
    #: summary, figures and report add a few hundred kB)
    tidy_bytes: int
    calibration: Calibration

    @property
    def seconds(self) -> float:
        """The wall time of the runs still to do; more workers than runs leave some idle."""
        if self.to_do == 0:
            return 0.0
        return self.to_do * self.seconds_per_run / min(self.workers, self.to_do)

    @property
    def peak_bytes(self) -> int:
        """The most the folder holds: the tidy files are written before the parts are removed."""
        return self.parts_bytes + self.tidy_bytes


@dataclass(frozen=True)
class _Probe:
    """One arm timed and measured: for one month and for ``months`` months."""

    one_month: float
    longer: float
    months: int
    #: bytes of the longer run's time series as a part (Arrow IPC) and in Parquet, and of its row
    #: as a part (JSON); ``*_one`` the same for the one-month run
    ipc: int
    ipc_one: int
    parquet: int
    parquet_one: int
    row_json: int
    rows: list[dict[str, Any]]
    #: both runs left a time series (a failed run leaves none)
    complete: bool

    @property
    def per_month(self) -> float:
        return max(0.0, (self.longer - self.one_month) / (self.months - 1))


def estimate(
    experiment: Experiment,
    to_do: int,
    workers: int,
    task: Task = execute,
    run_memory: int | None = None,
    run_timeout: float | None = None,
) -> Plan:
    """Time a few short runs of the experiment and scale them up to its runs and months, run
    the way the runner will run them (in ensembles, unless each run has its own limits)."""
    started = time.perf_counter()
    runs = experiment.runs()
    steps = experiment.steps
    first = [run for run in runs if run.replication == 0]
    count = len(first)
    picked = [first[i] for i in sorted({0, count // 2, count - 1})][:PROBE_ARMS]

    failures: list[str] = []

    def timed(run: Run, months: int) -> _Timed:
        begun = time.perf_counter()
        row, series = task(dataclasses.replace(run, steps=months))
        seconds = time.perf_counter() - begun
        if row.get("status") == "failed":
            failures.append(str(row.get("error")))
        return seconds, row, series

    # the first run in a process is slower (lazy imports, caches, and for a large town memory
    # fresh from the system: a second's difference at 200,000 citizens), so it is not used
    warm, _, _ = timed(picked[0], 1)
    failures.clear()
    if warm > SLOW:
        picked, months = picked[:1], max(2, min(steps, SLOW_MONTHS))
    else:
        months = max(2, min(steps, PROBE_MONTHS))
    probes: list[_Probe] = []
    for run in picked:
        if probes and time.perf_counter() - started > BUDGET:
            break
        probes.append(_measure(timed(run, 1), timed(run, months), months))

    calibration = Calibration(
        probes=2 * len(probes),
        months=months,
        seconds=time.perf_counter() - started,
        failed=len(failures),
        error=failures[0] if failures else None,
    )
    one_month = _mean(p.one_month for p in probes)
    per_month = _mean(p.per_month for p in probes)
    if in_ensembles(task, run_memory, run_timeout) and not failures:
        share = _in_ensembles(runs, workers, picked[0], months, probes[0].longer)
        one_month, per_month = one_month * share, per_month * share
    parts, tidy = _disk(probes, len(runs), steps)
    return Plan(
        runs=len(runs),
        to_do=to_do,
        months=steps,
        workers=workers,
        seconds_per_run=one_month + (steps - 1) * per_month,
        seconds_to_set_up=max(0.0, one_month - per_month),
        seconds_per_month=per_month,
        parts_bytes=parts,
        tidy_bytes=tidy,
        calibration=calibration,
    )


def _in_ensembles(runs: list[Run], workers: int, run: Run, months: int, alone: float) -> float:
    """What a run costs stepped in an ensemble as the runner would make it, as a share of what
    it costs alone (``alone`` seconds for ``months`` months): an ensemble of copies of ``run``,
    timed (``ensembles.py``)."""
    size = min(ENSEMBLE_PROBE, ensemble_size(run, len(runs), workers))
    if size <= 1 or alone <= 0.0:
        return 1.0
    copies = tuple(dataclasses.replace(run, steps=months, run_id=i) for i in range(size))
    begun = time.perf_counter()
    execute_ensemble(copies)
    return min(1.0, (time.perf_counter() - begun) / size / alone)


def _measure(one: _Timed, longer: _Timed, months: int) -> _Probe:
    """An arm's two calibration runs, timed and written to memory the way the store writes them."""
    (one_seconds, one_row, one_series), (seconds, row, series) = one, longer
    schema = timeseries_schema(metric_names())
    return _Probe(
        one_month=one_seconds,
        longer=seconds,
        months=months,
        ipc=_ipc_bytes(series, schema),
        ipc_one=_ipc_bytes(one_series, schema),
        parquet=_parquet_bytes(series, schema),
        parquet_one=_parquet_bytes(one_series, schema),
        row_json=len(json.dumps(row, allow_nan=True).encode()),
        rows=[one_row, row],
        complete=one_series is not None and series is not None,
    )


def _disk(probes: list[_Probe], runs: int, steps: int) -> tuple[int, int]:
    """Bytes of the parts and of the tidy files of ``runs`` runs of ``steps`` months.

    A time series of m months has m + 1 rows (month 0 is the start); its size is a fixed part
    (schema, footer) and a part per month, told apart by the two calibration runs of each arm."""

    def per_month(longer: int, one: int, months: int) -> float:
        return max(0.0, (longer - one) / (months - 1))

    rows = [row for p in probes for row in p.rows]
    probes = [p for p in probes if p.complete] or probes

    ipc_month = _mean(per_month(p.ipc, p.ipc_one, p.months) for p in probes)
    ipc_fixed = _mean(p.ipc_one for p in probes) - 2 * ipc_month
    part = _blocks(ipc_fixed + (steps + 1) * ipc_month) + _blocks(_mean(p.row_json for p in probes))
    # one Parquet file holds every run: its fixed part is paid once
    parquet_month = _mean(per_month(p.parquet, p.parquet_one, p.months) for p in probes)
    parquet_fixed = _mean(p.parquet_one for p in probes) - 2 * parquet_month
    series = max(0.0, parquet_fixed) + runs * (steps + 1) * parquet_month
    schema = runs_schema(metric_names())
    # a column's first value brings its chunk's header and statistics: the fixed part is the
    # file of one row (a hundred columns, some 20 kB), and each further row adds what it holds
    one_row = _parquet_bytes(rows[:1], schema)
    row_bytes = max(0.0, (_parquet_bytes(rows, schema) - one_row) / (len(rows) - 1))
    return runs * part, round(series + one_row + (runs - 1) * row_bytes)


def _ipc_bytes(series: pd.DataFrame | None, schema: pa.Schema) -> int:
    if series is None:
        return 0
    buffer = io.BytesIO()
    feather.write_feather(pa.Table.from_pandas(series, schema=schema, preserve_index=False), buffer)
    return buffer.tell()


def _parquet_bytes(data: pd.DataFrame | list | pa.Table | None, schema: pa.Schema) -> int:
    if data is None:
        return 0
    if isinstance(data, pd.DataFrame):
        data = pa.Table.from_pandas(data, schema=schema, preserve_index=False)
    elif isinstance(data, list):
        data = pa.Table.from_pylist([_nulls(row) for row in data], schema=schema)
    buffer = io.BytesIO()
    with pq.ParquetWriter(buffer, schema) as writer:
        writer.write_table(data)
    return len(buffer.getvalue())


def _nulls(row: dict[str, Any]) -> dict[str, Any]:
    """A row as the store merges it: NaN (no arena met) becomes null."""
    return {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}


def _blocks(size: float) -> int:
    return math.ceil(max(0.0, size) / BLOCK) * BLOCK


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values)


def describe(plan: Plan) -> str:
    """The plan in a few plain lines, for ``--dry-run`` and before a large sweep starts."""
    calibration = plan.calibration
    wall = (
        f"about {duration(plan.seconds)}, if the workers scale linearly"
        if plan.to_do
        else "nothing to run"
    )
    lines = [
        f"{plan.runs:,} runs ({plan.to_do:,} to do) of {plan.months:,} months on "
        f"{plan.workers} worker(s): {wall}",
        f"  {duration(plan.seconds_per_run)} a run: {duration(plan.seconds_to_set_up)} to set up, "
        f"{duration(plan.seconds_per_month)} a month (from {calibration.probes} calibration runs "
        f"of 1 and {calibration.months} months)",
        f"disk: about {size(plan.parts_bytes)} while running, {size(plan.tidy_bytes)} when done "
        f"({size(plan.peak_bytes)} at most, while merging the parts)",
    ]
    if calibration.failed:
        lines.append(
            f"{calibration.failed} calibration run(s) failed ({calibration.error}): "
            "the sweep's will fail too"
        )
    return "\n".join(lines)


def duration(seconds: float) -> str:
    """Seconds in the unit a person would use: ms, s, min, h or days."""
    for unit, length in (("days", 86_400), ("h", 3600), ("min", 60), ("s", 1)):
        if seconds >= 2 * length or (unit == "s" and seconds >= 1):
            return _rounded(seconds / length, unit)
    return _rounded(seconds * 1000, "ms")


def size(count: float) -> str:
    """Bytes in kB, MB, GB or TB (powers of 1000)."""
    for unit, length in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= length:
            return _rounded(count / length, unit)
    return f"{round(count)} B"


def _rounded(value: float, unit: str) -> str:
    """Two significant digits, at least the units: 1.4 s, 25 s, 310 s."""
    return f"{value:.1f} {unit}" if value < 10 else f"{round(value):,} {unit}"
