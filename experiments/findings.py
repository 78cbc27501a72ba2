"""Findings and verdicts: what the runs of an experiment say about a claim.

A finding compares two arms replication by replication (they share seeds: common random numbers)
and is *clear* when its 95 % interval excludes zero. Verdicts are written from findings by fixed
rules, so the same runs always give the same words; nothing is tuned to favour either regime.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from samskaping.experiments.single_run import PARAMETER_PREFIX
from samskaping.experiments.statistics import interval

CO, NPM = {"regime": "co-creation"}, {"regime": "npm"}


@dataclass(frozen=True)
class Finding:
    """One number behind a verdict: ``metric`` in arm ``this`` minus arm ``that``, paired."""

    finding: str
    metric: str
    this: str
    that: str
    n: int
    mean: float
    ci_low: float
    ci_high: float

    @property
    def sign(self) -> int:
        """+1 or -1 when the interval excludes zero, else 0."""
        return int(self.ci_low > 0) - int(self.ci_high < 0)

    def __str__(self) -> str:
        return f"{self.mean:+.3f} [{self.ci_low:+.3f}, {self.ci_high:+.3f}]"

    def record(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Verdict:
    """The answer to one claim (an objection, an evil): a one-line summary, the reasoning, the
    conditions, and the findings it rests on."""

    summary: str
    text: str
    conditions: str
    findings: list[Finding]


def level(runs: pd.DataFrame, metric: str, values: dict) -> float:
    """The mean of ``metric`` in one arm."""
    return float(per_citizen(where(runs, values), metric).mean())


def where(runs: pd.DataFrame, values: dict) -> pd.DataFrame:
    mask = runs["status"] == "ok"
    for name, value in values.items():
        mask &= runs[f"{PARAMETER_PREFIX}{name}"] == value
    selected = runs[mask]
    if selected["arm"].nunique() != 1:
        raise ValueError(f"{values} selects {selected['arm'].nunique()} arms, not one")
    return selected.set_index("replication")


def per_citizen(frame: pd.DataFrame, metric: str) -> pd.Series:
    if metric.endswith("_per_citizen") and metric not in frame:
        return frame[metric.removesuffix("_per_citizen")] / frame[f"{PARAMETER_PREFIX}citizens"]
    return frame[metric]


def label(values: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())


def contrast(runs: pd.DataFrame, finding: str, metric: str, this: dict, that: dict) -> Finding:
    """``metric`` in the arm ``this`` selects minus the arm ``that`` selects, paired by
    replication. Metrics ending in ``_per_citizen`` divide hours by the number of citizens."""
    a, b = where(runs, this), where(runs, that)
    gap = (per_citizen(a, metric) - per_citizen(b, metric)).dropna()
    s = interval(gap.to_numpy())
    return Finding(finding, metric, label(this), label(that), s["n"], s["mean"], s["ci_low"],
                   s["ci_high"])  # fmt: skip


def difference_in_differences(
    runs: pd.DataFrame, finding: str, metric: str, effect: tuple[dict, dict], at: tuple[dict, dict]
) -> Finding:
    """How much the effect of ``effect`` (this minus that) changes between the conditions
    ``at[0]`` and ``at[1]``: (effect at at[0]) minus (effect at at[1]), paired by replication."""
    (high, low), (first, second) = effect, at
    one = per_citizen(where(runs, high | first), metric) - per_citizen(
        where(runs, low | first), metric
    )
    two = per_citizen(where(runs, high | second), metric) - per_citizen(
        where(runs, low | second), metric
    )
    s = interval((one - two).dropna().to_numpy())
    return Finding(finding, metric, f"({label(high)} − {label(low)}) at {label(first)}",
                   f"the same at {label(second)}", s["n"], s["mean"], s["ci_low"],
                   s["ci_high"])  # fmt: skip


def word(f: Finding, higher: str = "higher", lower: str = "lower") -> str:
    return {1: higher, -1: lower, 0: "not clearly different from zero"}[f.sign]
