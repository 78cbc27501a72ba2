"""Sensitivity indices from SALib's analysers, as one tidy table.

Each design has its analysers (all SALib's; nothing here computes an index):

- ``sobol``: first-order ``S1`` and total ``ST`` indices (Saltelli 2002; Saltelli et al. 2010),
  and second-order ``S2`` for each pair when the design has them;
- ``morris``: elementary effects ``mu_star`` (the mean absolute effect, the screening measure of
  Campolongo et al. 2007), ``mu`` and ``sigma`` (non-linearity and interactions);
- ``fast``: ``S1`` and ``ST`` by the extended Fourier amplitude sensitivity test;
- ``pawn``: the PAWN index (Pianosi & Wagener 2015: the median over conditioning slides of the
  Kolmogorov–Smirnov distance between conditional and unconditional output distributions) and
  Borgonovo's moment-independent ``delta`` (2007) with its ``S1`` estimate: indices for outputs
  that variance does not describe well (skewed, several modes).

``conf`` is SALib's bootstrap half-width at 95 % (``low`` and ``high`` are value ∓ conf); SALib's
PAWN has no bootstrap, so its rows carry none. ``n`` is the base sample size the row rests on:
:func:`convergence` repeats the analysis on the first quarter and half of the sample. The first
rows of a Saltelli sample (blocks of 2k + 2 per base point of a Sobol' sequence, cut at a power
of two) and the first trajectories of a Morris sample are designs of their own; the first rows of
a Latin hypercube are a uniform random subsample of it, which PAWN and delta accept. A FAST
sample cannot be cut.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from samskaping.experiments.sensitivity_design import Sensitivity

COLUMNS = ["output", "index", "parameter", "partner", "value", "conf", "low", "high", "n"]
CONF_LEVEL = 0.95
#: each design's main index: the one the report ranks levers by and convergence follows
MAIN = {"sobol": "ST", "morris": "mu_star", "fast": "ST", "pawn": "delta"}


def block(design: Sensitivity) -> int:
    """Rows of the sample per unit of ``n`` (a base point, a trajectory, a point)."""
    k = len(design.factors)
    if design.kind == "sobol":
        return 2 * k + 2 if design.options["second_order"] else k + 2
    if design.kind == "morris":
        return k + 1
    if design.kind == "fast":
        return len(design.sample)
    return 1


def base_size(design: Sensitivity, rows: int | None = None) -> int:
    """The ``n`` of the design's first ``rows`` rows (by default all): base points,
    trajectories or points."""
    rows = len(design.sample) if rows is None else rows
    return rows // block(design) if design.kind != "fast" else design.options["n"]


def analyse(
    design: Sensitivity, x: np.ndarray, y: np.ndarray, output: str, seed: int
) -> list[dict[str, Any]]:
    """The indices of one output, from the sample ``x`` (SALib's order) and its values ``y``."""
    from SALib.analyze import delta, fast, morris, pawn, sobol

    problem = design.problem
    names = problem["names"]
    n = base_size(design, len(x))
    resamples = design.options["resamples"]
    rows: list[dict[str, Any]] = []

    def add(index: str, values: Any, confs: Any = None) -> None:
        confs = confs if confs is not None else [np.nan] * len(names)
        for name, value, conf in zip(names, values, confs, strict=True):
            rows.append(_row(output, index, name, "", value, conf, n))

    # SALib warns of constant outputs and biased bins (the report has its own checks); its delta
    # resets the filters itself, so the warnings are recorded here, not shown
    with warnings.catch_warnings(record=True), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if design.kind == "sobol":
            second = design.options["second_order"]
            found = sobol.analyze(problem, y, calc_second_order=second,
                                  num_resamples=resamples, conf_level=CONF_LEVEL, seed=seed)  # fmt: skip
            add("S1", found["S1"], found["S1_conf"])
            add("ST", found["ST"], found["ST_conf"])
            if second:
                for i, a in enumerate(names):
                    for j in range(i + 1, len(names)):
                        rows.append(_row(output, "S2", a, names[j], found["S2"][i, j],
                                         found["S2_conf"][i, j], n))  # fmt: skip
        elif design.kind == "morris":
            found = morris.analyze(problem, x, y, num_resamples=resamples, conf_level=CONF_LEVEL,
                                   num_levels=design.options["levels"], seed=seed)  # fmt: skip
            add("mu_star", found["mu_star"], found["mu_star_conf"])
            add("mu", found["mu"])
            add("sigma", found["sigma"])
        elif design.kind == "fast":
            found = fast.analyze(problem, y, M=design.options["m"], num_resamples=resamples,
                                 conf_level=CONF_LEVEL, seed=seed)  # fmt: skip
            add("S1", found["S1"], found["S1_conf"])
            add("ST", found["ST"], found["ST_conf"])
        else:
            found = pawn.analyze(problem, x, y, S=design.options["slides"], seed=seed)
            add("pawn", found["median"])
            # Borgonovo's estimator on the sample as drawn ("raw": SALib's other variants
            # rebalance it into bins or split it at zero), then the S1 beside it
            found = {}
            for method in ("delta", "sobol"):
                found |= delta.analyze(problem, x, y, num_resamples=resamples, seed=seed,
                                       conf_level=CONF_LEVEL, method=method)  # fmt: skip
            add("delta", found["delta_raw"], found["delta_raw_conf"])
            add("S1", found["S1"], found["S1_conf"])
    return rows


def _row(output: str, index: str, parameter: str, partner: str, value: Any, conf: Any, n: int):
    value, conf = float(value), float(conf)
    return {"output": output, "index": index, "parameter": parameter, "partner": partner,
            "value": value, "conf": conf, "low": value - conf, "high": value + conf, "n": n}  # fmt: skip


def indices(
    design: Sensitivity, points: pd.DataFrame, outputs: list[str], seed: int
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Every output's indices, and the outputs that could not be analysed, with why."""
    rows, skipped = [], {}
    for output in outputs:
        y = points[output].to_numpy(dtype=float)
        reason = _unusable(y)
        if reason:
            skipped[output] = reason
            continue
        rows += analyse(design, design.sample, y, output, seed)
    return pd.DataFrame(rows, columns=COLUMNS), skipped


def convergence(
    design: Sensitivity, points: pd.DataFrame, outputs: list[str], seed: int
) -> pd.DataFrame:
    """The main index of every output at n/4, n/2 and n (the first rows of the sample form a
    design of that size); empty for FAST, whose sample cannot be cut."""
    if design.kind == "fast":
        return pd.DataFrame(columns=COLUMNS)
    n, rows_per = base_size(design), block(design)
    # below these, an estimate says nothing: 8 base points of a Saltelli sample, 2 trajectories,
    # 5 points per PAWN slide
    smallest = {"sobol": 8, "morris": 2}.get(design.kind) or 5 * design.options["slides"]
    rows = []
    for size in sorted({max(n // 4, 1), max(n // 2, 1), n}):
        if size < smallest:
            continue
        cut = size * rows_per
        for output in outputs:
            y = points[output].to_numpy(dtype=float)[:cut]
            if _unusable(y):
                continue
            found = analyse(design, design.sample[:cut], y, output, seed)
            rows += [r for r in found if r["index"] == MAIN[design.kind]]
    return pd.DataFrame(rows, columns=COLUMNS)


def ranking(table: pd.DataFrame, count: int = 3) -> pd.DataFrame:
    """The ``count`` most influential parameters of each output by the design's main index, as a
    table of text (for a results page): one row per output."""
    index = next((name for name in ("ST", "mu_star", "delta") if name in set(table["index"])), None)
    if index is None:
        return pd.DataFrame()
    rows = table[table["index"] == index]
    shown = {
        output: ", ".join(f"{r.parameter} {r.value:.2f}" for r in part.nlargest(count, "value")
                          .itertuples())
        for output, part in rows.groupby("output", sort=False)
    }  # fmt: skip
    return pd.DataFrame({"output": list(shown), index: list(shown.values())})


def _unusable(y: np.ndarray) -> str:
    if np.isnan(y).any():
        return f"{int(np.isnan(y).sum())} point(s) have no value (a failed run, or no value)"
    if np.ptp(y) == 0:
        return "the same value at every point: nothing to attribute"
    return ""
