"""Where an experiment's results go, so that nothing is lost if the process is killed.

Each finished run leaves two small files in ``parts/``: its time series (Arrow IPC) and then its
row (JSON), both written to a temporary name and renamed into place (``os.replace`` is atomic on
POSIX), so a file that exists is whole; the row is written last and marks the run done. When the
runs are in, the parts are merged, in run order and a few hundred runs at a time, into the tidy
``runs.parquet`` (one row per run) and ``timeseries.parquet`` (one row per run and month), which
pandas, polars and R's arrow read. Memory stays flat however many runs there are.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq

from samskaping.experiments.single_run import PARAMETER_PREFIX
from samskaping.scenarios.parameters import ScenarioError, parameter_specs

PARTS = "parts"
#: runs merged per row group of ``timeseries.parquet``
MERGE_BATCH = 256
#: run rows merged at a time into ``runs.parquet``
ROWS_BATCH = 5000
#: the columns that say which run a row is, before the parameters and metrics
RUN_COLUMNS = {
    "run_id": pa.int64(),
    "arm": pa.string(),
    "scenario": pa.string(),
    "replication": pa.int64(),
    "seed": pa.int64(),
    "status": pa.string(),
    "error": pa.string(),
}
_ARROW_TYPES = {bool: pa.bool_(), int: pa.int64(), float: pa.float64(), str: pa.string()}


def _file_mode() -> int:
    """What a new file's permissions would be under this process's umask (mkstemp's are 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def atomic_write(path: Path, write: Callable[[Path], Any]) -> None:
    """Call ``write(temporary_path)``, then rename the file to ``path``: readers see the old file
    or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))


def runs_schema(metrics: tuple[str, ...]) -> pa.Schema:
    """``runs.parquet``: which run, every parameter (``param_<name>``), every final metric."""
    parameters = [
        pa.field(PARAMETER_PREFIX + name, _ARROW_TYPES[spec.kind])
        for name, spec in parameter_specs().items()
    ]
    return pa.schema(
        [pa.field(name, kind) for name, kind in RUN_COLUMNS.items()]
        + parameters
        + [pa.field(name, pa.float64()) for name in metrics]
    )


def timeseries_schema(metrics: tuple[str, ...]) -> pa.Schema:
    """``timeseries.parquet``: run id, month (0 is the start), every metric."""
    fields = [pa.field("run_id", pa.int64()), pa.field("step", pa.int64())]
    return pa.schema(fields + [pa.field(name, pa.float64()) for name in metrics])


class ResultStore:
    """The results folder of one experiment: parts while it runs, tidy files when it is done."""

    def __init__(self, out: Path, metrics: tuple[str, ...]) -> None:
        self.out = out
        self.parts = out / PARTS
        self.metrics = metrics
        self.row_schema = runs_schema(metrics)
        self.series_schema = timeseries_schema(metrics)

    def _row_path(self, run_id: int) -> Path:
        return self.parts / f"run-{run_id:08d}.json"

    def _series_path(self, run_id: int) -> Path:
        return self.parts / f"run-{run_id:08d}.arrow"

    def statuses(
        self, say: Callable[[str], None] = lambda line: None, clean: bool = True
    ) -> dict[int, str]:
        """Run id → status of every run with a part (``ok`` or ``failed``). A damaged part (not
        written by us: our writes are atomic) is removed with a line saying so, and its run is
        run again."""
        if not self.parts.is_dir():
            return {}
        found = {}
        for path in self.parts.glob("run-*.json"):
            try:
                row = json.loads(path.read_text(encoding="utf-8"))
                run_id, status = int(row["run_id"]), row["status"]
                if status not in ("ok", "failed") or path != self._row_path(run_id):
                    raise ValueError(f"status {status!r}")
                if status == "ok":
                    with pa.OSFile(str(self._series_path(run_id))) as source:
                        pa.ipc.open_file(source)  # reads the footer: the file is whole
            except (OSError, ValueError, KeyError, TypeError, pa.ArrowInvalid) as error:
                why = f"no {error} in it" if isinstance(error, KeyError) else short_reason(error)
                say(f"{path.parent.name}/{path.name}: damaged ({why}); the run will be run again")
                if clean:
                    path.unlink(missing_ok=True)
                    path.with_suffix(".arrow").unlink(missing_ok=True)
                continue
            found[run_id] = status
        return found

    def save(self, row: dict[str, Any], timeseries: pd.DataFrame | None) -> None:
        """Keep one finished run: its time series first, then its row (which marks it done)."""
        run_id = int(row["run_id"])
        self.parts.mkdir(parents=True, exist_ok=True)
        if timeseries is not None:
            table = pa.Table.from_pandas(
                timeseries, schema=self.series_schema, preserve_index=False
            )
            atomic_write(self._series_path(run_id), lambda p: feather.write_feather(table, p))
        text = json.dumps(row, allow_nan=True)
        atomic_write_text(self._row_path(run_id), text)

    def write_runs(self) -> pd.DataFrame:
        """Merge every saved run's row, in run order, into ``runs.parquet`` a few thousand at a
        time (a row as parsed JSON is far larger than in a column), and read it back."""
        paths = sorted(self.parts.glob("run-*.json")) if self.parts.is_dir() else []

        def write(path: Path) -> None:
            with pq.ParquetWriter(path, self.row_schema) as writer:
                for start in range(0, len(paths), ROWS_BATCH):
                    records = [
                        {k: _none_for_nan(v) for k, v in json.loads(p.read_text("utf-8")).items()}
                        for p in paths[start : start + ROWS_BATCH]
                    ]
                    writer.write_table(pa.Table.from_pylist(records, schema=self.row_schema))
                if not paths:
                    writer.write_table(self.row_schema.empty_table())

        atomic_write(self.out / "runs.parquet", write)
        rows = pd.read_parquet(self.out / "runs.parquet")  # read back: the parts go only then
        if len(rows) != len(paths):
            raise ScenarioError(f"{self.out / 'runs.parquet'}: {len(rows)} rows read back, "
                                f"{len(paths)} written; the parts are kept: run again")  # fmt: skip
        return rows

    def series(self, run_ids: list[int]) -> Iterator[pa.Table]:
        """The time series of these runs, one table each, in the order given."""
        for run_id in run_ids:
            yield feather.read_table(self._series_path(run_id))

    def write_timeseries(
        self, run_ids: list[int], each: Callable[[int, pa.Table], None] | None = None
    ) -> None:
        """Merge the runs' time series into ``timeseries.parquet``, streaming; ``each(run_id,
        table)`` sees every run's table on the way (for summaries that must not reread)."""

        written = 0

        def write(path: Path) -> None:
            nonlocal written
            with pq.ParquetWriter(path, self.series_schema) as writer:
                batch: list[pa.Table] = []
                for run_id, table in zip(run_ids, self.series(run_ids), strict=True):
                    if each is not None:
                        each(run_id, table)
                    written += table.num_rows
                    batch.append(table)
                    if len(batch) == MERGE_BATCH:
                        writer.write_table(pa.concat_tables(batch))
                        batch = []
                if batch or not run_ids:
                    empty = self.series_schema.empty_table()
                    writer.write_table(pa.concat_tables(batch) if batch else empty)

        path = self.out / "timeseries.parquet"
        atomic_write(path, write)
        if pq.read_metadata(path).num_rows != written:  # read back: the parts go only then
            raise ScenarioError(f"{path}: fewer rows read back than written; the parts are "
                                "kept: run again")  # fmt: skip

    def remove_leftovers(self) -> None:
        """Temporary files of writes a kill interrupted: never read, safe to remove."""
        for folder in (self.out, self.parts, self.out / "figures"):
            if folder.is_dir():
                for path in folder.glob(".*.tmp"):
                    if not path.name.startswith((".lock.", ".stale.")):  # another job's, now
                        path.unlink(missing_ok=True)

    def remove_parts(self) -> None:
        """Once the tidy files hold everything, the parts are no longer needed."""
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(self.parts)


def damaged(out: Path) -> list[str]:
    """One line for each tidy file of a finished folder that cannot be read (a disk that filled
    up, a copy cut short): what :func:`repair` is for."""
    lines = []
    for path in sorted(out.glob("*.parquet")) + sorted(out.glob("*.csv")):
        try:
            if path.suffix == ".parquet":
                pq.read_metadata(path)
            else:
                pd.read_csv(path, nrows=1)
        except (OSError, ValueError, pa.ArrowException, pd.errors.ParserError) as error:
            lines.append(f"{path}: damaged ({short_reason(error)})")
    return lines


def readable(out: Path) -> Path:
    """``out``, if every tidy file in it can be read; else one line naming the first that
    cannot, and what to do."""
    problems = damaged(out)
    if problems:
        raise ScenarioError(f"{problems[0]}; rerun the command with --repair to rebuild it")
    return out


def short_reason(error: BaseException, longest: int = 80) -> str:
    """An exception as one short line (pyarrow's and Dask's messages can run over several)."""
    text = " ".join(str(error).split()) or error.__class__.__name__
    return text if len(text) <= longest else text[: longest - 1] + "…"


def _none_for_nan(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value
