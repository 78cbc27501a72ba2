"""``report.md``: an experiment's design, headline table, figures and files, on one page; and
the table ``samskaping compare`` prints."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from samskaping.experiments.statistics import LEVEL
from samskaping.simulation.metrics import HEADLINE_TABLE

if TYPE_CHECKING:
    from samskaping.experiments.design import Experiment
    from samskaping.experiments.manifest import Manifest

#: arms listed one by one in the report's tables; larger designs point to summary.csv
MAX_TABLE_ARMS = 40


def markdown(
    experiment: Experiment,
    runs: pd.DataFrame,
    summary: pd.DataFrame,
    drawn: list[Path],
    out: Path,
    manifest: Manifest,
) -> str:
    ok = int((runs["status"] == "ok").sum())
    failed = runs[runs["status"] == "failed"]
    arms = [arm.label for arm in experiment.arms]
    lines = [
        f"# {experiment.title}",
        "",
        *([experiment.description, ""] if experiment.description else []),
        *(f"**{key.capitalize()}.** {text}\n" for key, text in experiment.notes.items()),
        f"- **Design**: {len(arms)} arm(s) ({experiment.design}"
        + (f"; varied: {', '.join(experiment.factors)}" if experiment.factors else "")
        + f") × {experiment.replications} replication(s), {experiment.steps} months each.",
        f"- **Seed**: {experiment.seed}; replication r has the same seed in every arm (common "
        "random numbers), so differences between arms are paired by replication.",
        f"- **Runs**: {ok} ok, {len(failed)} failed.",
        "",
        f"## Headline outcomes (final month; mean and {LEVEL:.0%} confidence interval)",
        "",
    ]
    if len(arms) > MAX_TABLE_ARMS:
        lines += [f"{len(arms)} arms: see `summary.csv` and the figures.", ""]
    else:
        lines += [*_arm_table(summary, arms), ""]
        contrasts = experiment.contrasts()
        if contrasts:
            lines += [
                f"Differences (paired by replication; {LEVEL:.0%} interval):",
                "",
                *_difference_table(summary, contrasts),
                "",
            ]
    if drawn:
        lines += ["## Figures", ""]
        lines += [f"![{p.stem}]({p.relative_to(out).as_posix()})" for p in drawn] + [""]
    if not failed.empty:
        lines += ["## Failed runs", "", "| run | arm | error |", "|---:|---|---|"]
        for _, r in failed.head(50).iterrows():
            lines.append(f"| {r['run_id']} | {r['arm']} | {r['error']} |")
        lines += ["", "Run the same command again to retry them.", ""]
    lines += [
        "## Files",
        "",
        "- [`runs.parquet`](runs.parquet): one row per run — run id, arm, scenario, replication, "
        "seed, status, every parameter (`param_<name>`) and every final metric.",
        "- [`timeseries.parquet`](timeseries.parquet): one row per run and month (step 0 is the "
        "start) with every metric.",
        "- [`summary.csv`](summary.csv): every metric per arm (`kind = arm`) and each contrast "
        "(`kind = difference`: `arm` minus `versus`, paired by replication): n, mean, sd, "
        "ci_low, ci_high.",
        "- [`manifest.json`](manifest.json): the experiment, package versions, git commit, "
        "sessions.",
        "",
        "Read them with `pandas.read_parquet`, `polars.read_parquet` or R's `arrow::read_parquet`.",
        "",
    ]
    return "\n".join(lines)


def _cell(row: pd.Series | None, signed: bool = False) -> str:
    if row is None or math.isnan(row["mean"]):
        return "–"
    fmt = "+.3f" if signed else ".3f"
    if math.isnan(row["ci_low"]):
        return f"{row['mean']:{fmt}}"
    return f"{row['mean']:{fmt}} [{row['ci_low']:{fmt}}, {row['ci_high']:{fmt}}]"


def _lookup(summary: pd.DataFrame, kind: str) -> dict[tuple[str, str], pd.Series]:
    part = summary[summary["kind"] == kind]
    return {(r["arm"], r["metric"]): r for _, r in part.iterrows()}


def _arm_table(summary: pd.DataFrame, arms: list[str]) -> list[str]:
    shown = (*HEADLINE_TABLE, "fulfilment", "cost_per_citizen")
    values = _lookup(summary, "arm")
    lines = ["| arm | " + " | ".join(shown) + " |", "|---" * (len(shown) + 1) + "|"]
    for arm in arms:
        lines.append(f"| {arm} | " + " | ".join(_cell(values.get((arm, m))) for m in shown) + " |")
    return lines


def _difference_table(summary: pd.DataFrame, contrasts: list[tuple[str, str]]) -> list[str]:
    shown = (*HEADLINE_TABLE, "fulfilment", "cost_per_citizen")
    values = _lookup(summary, "difference")
    lines = ["| contrast | " + " | ".join(shown) + " |", "|---" * (len(shown) + 1) + "|"]
    for arm, versus in contrasts:
        cells = " | ".join(_cell(values.get((arm, m)), signed=True) for m in shown)
        lines.append(f"| {contrast_label(arm, versus)} | {cells} |")
    return lines


def contrast_label(arm: str, versus: str) -> str:
    """``regime=co-creation − regime=npm at complexity=0`` rather than both labels in full."""
    mine, theirs = arm.split(", "), versus.split(", ")
    shared = [part for part in mine if part in theirs]
    if not shared:
        return f"{arm} − {versus}"
    differ = (
        ", ".join(p for p in mine if p not in shared),
        ", ".join(p for p in theirs if p not in shared),
    )
    return f"{differ[0]} − {differ[1]} at {', '.join(shared)}"


def headline_table(summary: pd.DataFrame, metrics: tuple[str, ...]) -> str:
    """The table ``compare`` prints: mean ± half-width per arm, then each contrast (arm minus the
    arm it is compared with, paired by replication) with its interval."""
    arms = list(dict.fromkeys(summary.loc[summary["kind"] == "arm", "arm"]))
    pairs = summary.loc[summary["kind"] == "difference", ["arm", "versus"]].drop_duplicates()
    contrasts = list(pairs.itertuples(index=False, name=None))
    header = ["metric", *arms, *(contrast_label(arm, versus) for arm, versus in contrasts)]
    lines = [header]
    for metric in metrics:
        cells = [metric]
        for arm in arms:
            s = _row(summary, "arm", arm, metric)
            cells.append(f"{s['mean']:.3f} ± {_half(s):.3f}" if s is not None else "-")
        for arm, _ in contrasts:
            s = _row(summary, "difference", arm, metric)
            cells.append(
                f"{s['mean']:+.3f} [{s['ci_low']:+.3f}, {s['ci_high']:+.3f}]"
                if s is not None and not math.isnan(s["ci_low"])
                else "-"
            )
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                      enumerate(zip(line, widths, strict=True))) for line in lines]  # fmt: skip
    text.insert(1, "-" * len(text[0]))
    return "\n".join(text)


def _row(summary: pd.DataFrame, kind: str, arm: str, metric: str) -> dict | None:
    match = summary[
        (summary["kind"] == kind) & (summary["arm"] == arm) & (summary["metric"] == metric)
    ]
    return None if match.empty else match.iloc[0].to_dict()


def _half(s: dict) -> float:
    return (s["ci_high"] - s["ci_low"]) / 2 if not math.isnan(s["ci_low"]) else float("nan")
