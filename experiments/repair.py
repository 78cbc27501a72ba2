"""``--repair``: put a damaged results folder back together from what is still whole.

A finished folder keeps only its tidy files (the parts are removed once those are written and
read back). When one of them is damaged later — a disk that filled up, a copy cut short — the
parts are rebuilt from the files that can still be read: a run's row from ``runs.parquet``, its
time series from ``timeseries.parquet``, and, if ``runs.parquet`` is lost, its row from the
experiment (which run, which seed, which parameters) and its final month (a run's final metrics
are its last month's). What cannot be rebuilt is run again: every run is determined by its
parameters and seed, so the numbers come back the same. Then the folder is merged as usual.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from samskaping.experiments.design import Run
from samskaping.experiments.single_run import identity
from samskaping.experiments.store import ResultStore, short_reason


def restore(store: ResultStore, runs: list[Run], say: Callable[[str], None]) -> int:
    """Rebuild the parts of the runs that have none from the tidy files; the number rebuilt (the
    rest of the missing runs will run again)."""
    done = store.statuses(say)
    missing = {run.run_id: run for run in runs if run.run_id not in done}
    if not missing:
        return 0
    rows = _rows(store, set(missing), say)
    series = _series(store, set(missing), say)
    rebuilt = 0
    for run_id, run in missing.items():
        row, table = rows.get(run_id), series.get(run_id)
        if row is not None and row["status"] == "failed":
            store.save(row, None)
        elif table is not None:
            if row is None:
                final = table.iloc[-1]
                row = identity(run) | {m: float(final[m]) for m in store.metrics}
            store.save(row, table)
        else:
            continue
        rebuilt += 1
    say(f"repair: {rebuilt} run(s) rebuilt from the tidy files, {len(missing) - rebuilt} to run "
        "again")  # fmt: skip
    return rebuilt


def _rows(store: ResultStore, wanted: set[int], say: Callable[[str], None]) -> dict[int, dict]:
    path = store.out / "runs.parquet"
    if not path.is_file():
        return {}
    try:
        table = pq.read_table(path, schema=store.row_schema)
    except (OSError, ValueError, pa.ArrowException) as error:
        say(f"{path}: damaged ({short_reason(error)}); its rows are rebuilt from the experiment and "
            "timeseries.parquet")  # fmt: skip
        return {}
    return {row["run_id"]: row for row in table.to_pylist() if row["run_id"] in wanted}


def _series(
    store: ResultStore, wanted: set[int], say: Callable[[str], None]
) -> dict[int, pd.DataFrame]:
    path = store.out / "timeseries.parquet"
    if not path.is_file():
        return {}
    found: dict[int, pd.DataFrame] = {}
    try:
        file = pq.ParquetFile(path)
        for group in range(file.num_row_groups):
            frame = file.read_row_group(group).to_pandas()
            for run_id, table in frame[frame["run_id"].isin(wanted)].groupby("run_id"):
                found[int(run_id)] = table.reset_index(drop=True)
    except (OSError, ValueError, pa.ArrowException) as error:
        say(f"{path}: damaged ({short_reason(error)}); the runs it held are run again")
        return {}
    return found
