"""``report.md`` of a sensitivity study: the levers of each output ranked in plain words, and
warnings when the sample is too small to trust the ranking.

The sample is called too small when (Saltelli et al. 2008, *Global Sensitivity Analysis: The
Primer*, ch. 4; Herman & Usher's SALib guidance):

- an influential parameter's interval is wide (a half-width above 0.1 for a variance share, or
  above half the value for Morris μ* and delta);
- an index is clearly negative (below zero by more than its interval): Sobol' indices are shares
  of variance, so a negative one is estimation noise;
- the first-order indices sum above 1 by more than their combined interval;
- the ranking of the three most influential parameters changes between n/2 and n.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from samskaping.experiments.indices import MAIN

if TYPE_CHECKING:
    from samskaping.experiments.design import Experiment

#: an index at or below this barely matters (its parameter is listed as negligible)
NEGLIGIBLE = {"ST": 0.05, "delta": 0.05, "mu_star": None}
SYMBOL = {"mu_star": "μ*"}
#: levers named one by one per output
RANKED = 5
WHAT = {
    "sobol": "Sobol' indices (Saltelli sample; SALib)",
    "morris": "Morris elementary effects (SALib)",
    "fast": "extended FAST (SALib)",
    "pawn": "PAWN and delta moment-independent indices on a Latin hypercube (SALib)",
}


def markdown(
    experiment: Experiment,
    runs: pd.DataFrame,
    table: pd.DataFrame,
    convergence: pd.DataFrame,
    skipped: dict[str, str],
    outputs: list[str],
    drawn: list[Path],
    out: Path,
) -> str:
    design = experiment.sensitivity
    assert design is not None
    kind, main = design.kind, MAIN[design.kind]
    ok = int((runs["status"] == "ok").sum())
    failed = len(runs) - ok
    options = ", ".join(f"{k} = {v}" for k, v in design.options.items())
    last = design.outputs.last_months
    lines = [
        f"# {experiment.title}",
        "",
        *([experiment.description, ""] if experiment.description else []),
        f"- **Method**: {WHAT[kind]}; {options}",
        f"- **Points**: {len(design.sample):,} over {len(design.factors)} parameters "
        f"({', '.join(f.name for f in design.factors)})"
        + (
            f", each under {' and '.join(design.regimes)} with the same seeds"
            if design.regimes
            else ""
        ),
        f"- **Runs**: {len(runs):,} ({ok:,} ok, {failed:,} failed), {experiment.replications} "
        f"replication(s) per point and regime (outputs are their mean), {experiment.steps} months, "
        f"seed {experiment.seed}",
        f"- **Outputs**: {', '.join(outputs)} — "
        + (
            f"each the mean over the last {last} months" if last else "each the final month's value"
        ),
        "",
    ]
    if failed:
        lines += [f"**{failed} run(s) failed** (see `runs.parquet`): run the same command again to "
                  "retry them; the outputs of their points are missing until then.", ""]  # fmt: skip
    warnings = _warnings(table, convergence, kind, main)
    lines += ["## Is the sample large enough?", ""]
    if table.empty:
        lines += ["Nothing was analysed (see below why): no check could be made."]
    elif warnings:
        lines += [f"- {w}" for w in warnings]
    else:
        checks = ["the intervals of the most influential parameters are narrow"]
        if kind in ("sobol", "fast"):
            checks += ["no index is clearly negative", "the first-order indices sum to at most 1"]
        if not convergence.empty and convergence["n"].nunique() >= 2:
            checks.append("the three most influential are the same at n/2 and n")
        else:
            checks.append("(the ranking's convergence could not be checked: "
                          + ("a FAST sample cannot be cut)" if kind == "fast"
                             else "the sample is too small to cut)"))  # fmt: skip
        lines += ["No warning from the checks that apply: " + "; ".join(checks) + "."]
    lines += ["", "## Which levers matter", ""]
    for output in outputs:
        if output in skipped:
            lines += [f"- **{output}**: not analysed: {skipped[output]}.", ""]
            continue
        lines += [f"- **{output}**: {_ranking(table[table['output'] == output], kind, main)}", ""]
    if drawn:
        lines += ["## Figures", ""]
        lines += [f"![{p.stem}]({p.relative_to(out).as_posix()})" for p in drawn] + [""]
    lines += [
        "## Files",
        "",
        "- `indices.csv`: output, index, parameter (and partner for a pair), value, 95 % "
        "interval (conf is its half-width), n",
        "- `convergence.csv`: the main index at n/4, n/2 and n",
        "- `points.parquet`: one row per point: the parameters and the outputs",
        "- `runs.parquet`, `timeseries.parquet`: every run, as in a sweep",
        "",
    ]
    return "\n".join(lines)


def _ranking(rows: pd.DataFrame, kind: str, main: str) -> str:
    """The levers of one output, most influential first, in words."""
    main_rows = rows[rows["index"] == main].sort_values("value", ascending=False)
    by = {name: part.set_index("parameter") for name, part in rows.groupby("index")}
    said = []
    for name in main_rows["parameter"][:RANKED]:
        said.append(f"{name} ({_describe(by, name, kind)})")
    text = "most influential first: " + ", ".join(said)
    cut = NEGLIGIBLE.get(main)
    if cut is None:  # Morris μ* has the output's units: negligible relative to the largest
        cut = 0.05 * float(main_rows["value"].max())
    small = main_rows[main_rows["value"] <= cut]["parameter"].tolist()
    if small:
        text += f". Barely matter ({SYMBOL.get(main, main)} ≤ {cut:.3g}): {', '.join(small)}"
    if kind in ("sobol", "fast") and "S1" in by:
        share = float(by["S1"]["value"].clip(lower=0).sum())
        text += (f". The parameters alone explain {min(share, 1):.0%} of the variance; the rest "
                 "is their interactions")  # fmt: skip
    if kind == "morris":
        bent = [n for n in main_rows["parameter"][:RANKED] if n not in small
                and by["sigma"].loc[n, "value"] > by["mu_star"].loc[n, "value"]]  # fmt: skip
        if bent:
            text += (f". σ above μ* (the effect depends on the other parameters, or bends): "
                     f"{', '.join(bent)}")  # fmt: skip
    return text + "."


def _describe(by: dict[str, pd.DataFrame], name: str, kind: str) -> str:
    def shown(index: str) -> str:
        row = by[index].loc[name]
        conf = "" if math.isnan(row["conf"]) else f" ± {row['conf']:.2g}"
        return f"{row['value']:.3g}{conf}"

    if kind in ("sobol", "fast"):
        return f"total {shown('ST')}, alone {shown('S1')}"
    if kind == "morris":
        return f"μ* {shown('mu_star')}, σ {shown('sigma')}"
    return f"delta {shown('delta')}, PAWN {shown('pawn')}"


def _warnings(table: pd.DataFrame, convergence: pd.DataFrame, kind: str, main: str) -> list[str]:
    found = []
    if table.empty:
        return found
    for output, rows in table.groupby("output", sort=False):
        main_rows = rows[rows["index"] == main]
        top = main_rows.nlargest(3, "value")
        if main in ("mu_star", "delta"):
            wide = top[top["conf"] > 0.5 * top["value"].abs()]
        else:
            wide = top[top["conf"] > 0.1]
        if not wide.empty:
            found.append(f"{output}: wide intervals for {', '.join(wide['parameter'])} "
                         f"(± {', '.join(f'{c:.2g}' for c in wide['conf'])}): more points would "
                         "narrow them")  # fmt: skip
        if kind in ("sobol", "fast"):
            shares = rows[rows["index"].isin(["S1", "ST"])]
            negative = shares[shares["high"] < 0]
            if not negative.empty:
                names = ", ".join(negative["index"] + " " + negative["parameter"])
                found.append(f"{output}: negative indices ({names}) "
                             "below zero by more than their interval: estimation noise, the "
                             "sample is too small")  # fmt: skip
            first = rows[rows["index"] == "S1"]
            total = float(first["value"].sum())
            spread = math.sqrt(float((first["conf"].fillna(0) ** 2).sum()))
            if total > 1 + spread:
                found.append(f"{output}: the first-order indices sum to {total:.2f}, above 1 by "
                             f"more than their interval (± {spread:.2f})")  # fmt: skip
    if not convergence.empty and convergence["n"].nunique() >= 2:
        sizes = sorted(convergence["n"].unique())
        for output, rows in convergence.groupby("output", sort=False):
            ranks = [
                rows[rows["n"] == n].nlargest(3, "value")["parameter"].tolist() for n in sizes[-2:]
            ]
            if ranks[0] != ranks[1]:
                before, after = (", ".join(r) for r in ranks)
                found.append(f"{output}: the three most influential changed from n = {sizes[-2]} "
                             f"({before}) to n = {sizes[-1]} ({after})")  # fmt: skip
    return found
