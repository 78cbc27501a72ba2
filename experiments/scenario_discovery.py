"""Scenario discovery: the regions of parameter space where a condition holds, as boxes of
parameter ranges a student can read, found by the EMA Workbench's PRIM or CART.

``samskaping discover RESULTS_DIR --where "accuracy_diff < 0"`` reads a sensitivity study's
``points.parquet`` or a sweep's runs (one point per set of the other factors' values, the regime
crossed as in ``outputs.py``), marks the points where the condition holds (the *cases of
interest*), and asks PRIM (Friedman & Fisher 1999, as used for scenario discovery by Bryant &
Lempert 2010) for a box: ranges of a few parameters inside which the condition mostly holds.

- **coverage**: the share of all cases of interest that lie inside the box;
- **density**: the share of the box's points that are cases of interest;
- **quasi-p value** of each restriction: the Workbench's one-sided binomial test of whether the
  restriction adds density by chance. It is computed on the same points PRIM chose the box from,
  with no correction for the many restrictions tried (hence "quasi"): a rough screen, not a
  significance test. Above 0.05 a restriction is taken as unsupported.

PRIM peels the space into a trajectory of ever smaller, denser boxes. The chosen box balances
coverage against *lift*, how far the box's density rises from the share of all points where the
condition holds (b) towards 1: (density − b) / (1 − b). It has the largest harmonic mean of
the two. For a rare condition lift is about the density, and this is the usual balance of
coverage and density; for a common one, a box barely denser than the whole space scores
nothing, however much it covers. This automates the reading of the trade-off that Bryant &
Lempert (2010) leave to the analyst; ``--box N`` makes that choice by hand. The restrictions of
the chosen box that the quasi-p values do not support are then dropped (the Workbench's
``drop_restriction``). CART (``--method cart``) grows a classification tree; its leaves where
the condition holds for most points are the boxes.

Written: ``boxes.csv`` (box, parameter, its range or values, quasi-p values, and the box's
coverage, density, mass and points), ``trajectory.csv`` (PRIM), figures and ``report.md``.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import logging
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from samskaping.experiments import outputs
from samskaping.experiments.figures import plt, save
from samskaping.experiments.single_run import PARAMETER_PREFIX
from samskaping.experiments.store import RUN_COLUMNS, atomic_write_text
from samskaping.scenarios.parameters import ScenarioError

METHODS = ("prim", "cart")
#: PRIM's smallest box, as a share of all points (the Workbench's default)
MASS_MIN = 0.05
#: a restriction whose quasi-p value is above this is dropped from the chosen box
QP_LIMIT = 0.05
#: a CART leaf is a box when the condition holds for more than this share of its points
CART_DENSITY = 0.5
#: ``limits``: which end of a range the box restricts ("lower", "upper", "both"), or "values"
BOX_COLUMNS = ["box", "parameter", "limits", "low", "high", "values", "qp_low", "qp_high",
               "coverage", "density", "mass", "points"]  # fmt: skip


@dataclass
class Discovery:
    """What scenario discovery found: the boxes, and where they were written."""

    out: Path
    where: str
    method: str
    points: int
    cases: int
    boxes: pd.DataFrame
    trajectory: pd.DataFrame | None
    #: PRIM's box chosen by the rule (not by ``--box``)
    automatic: bool = True


def load_points(folder: Path) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The points of a results folder, its parameter columns and its output columns."""
    folder = Path(folder)
    if (folder / "points.parquet").is_file():
        try:
            table = pd.read_parquet(folder / "points.parquet")
        except (OSError, ValueError) as error:  # pyarrow's errors are ValueErrors
            raise ScenarioError(f"{folder}/points.parquet: cannot be read "
                                f"({error.__class__.__name__})") from None  # fmt: skip
        parameters = [c for c in table.columns if c.startswith(PARAMETER_PREFIX)]
        others = [c for c in table.columns if c not in parameters and c != "point"]
        return table, parameters, others
    manifest, runs = folder / "manifest.json", folder / "runs.parquet"
    if not (manifest.is_file() and runs.is_file()):
        raise ScenarioError(f"{folder}: not a finished sweep or sensitivity folder (no "
                            "points.parquet, nor runs.parquet with manifest.json)")  # fmt: skip
    try:
        record = json.loads(manifest.read_text(encoding="utf-8"))["experiment"]
        arms = record["arms"]
        frame = pd.read_parquet(runs)
    except (OSError, ValueError, KeyError) as error:
        raise ScenarioError(f"{folder}: cannot be read ({error.__class__.__name__})") from None
    factors = list(record.get("factors", []))
    values = {f: list(dict.fromkeys(a["factors"].get(f) for a in arms)) for f in factors}
    regimes = values.get("regime", []) if len(values.get("regime", [])) > 1 else []
    others = [f for f in factors if f != "regime" or not regimes]
    key = {a["label"]: json.dumps({f: a["factors"].get(f) for f in others}, default=str)
           for a in arms}  # fmt: skip
    point_ids = {k: i for i, k in enumerate(dict.fromkeys(key.values()))}
    point_of = {label: point_ids[k] for label, k in key.items()}
    regime_of = {a["label"]: a["factors"].get("regime") for a in arms}
    metrics = [c for c in frame.columns
               if c not in RUN_COLUMNS and not c.startswith(PARAMETER_PREFIX)]  # fmt: skip
    if "scenario" in others:  # a comparison of scenarios: the scenario names a point
        frame[PARAMETER_PREFIX + "scenario"] = frame["scenario"]
    missing = [PARAMETER_PREFIX + f for f in others if PARAMETER_PREFIX + f not in frame.columns]
    if missing or not metrics:
        raise ScenarioError(f"{runs}: lacks the columns {', '.join(missing) or 'of the metrics'}")
    if regimes and len(set(point_of.values())) == len(arms):
        raise ScenarioError(f"{folder}: the regime was sampled, not crossed: no point ran under "
                            "two regimes, so there is no paired difference (list the regime in "
                            "a sensitivity design, or in a factorial sweep)")  # fmt: skip
    table = outputs.points(frame, point_of, regime_of, regimes, metrics, others)
    return table, [PARAMETER_PREFIX + f for f in others], outputs.names(metrics, regimes)


def cases(table: pd.DataFrame, where: str, columns: list[str]) -> np.ndarray:
    """Where the condition holds (True), does not (False), or cannot be told (NaN values):
    a one-line error for an expression that does not parse, names an unknown column, or is not
    a condition. It may name the outputs and, without their prefix, the parameters."""
    shown = f'--where "{where}"'
    if not where.strip():
        raise ScenarioError(f'{shown}: empty (e.g. --where "accuracy_diff < 0")')
    try:
        tree = ast.parse(where.strip(), mode="eval")
    except SyntaxError as error:
        raise ScenarioError(f"{shown}: does not parse ({error.msg})") from None
    frame = table[columns].copy()
    for column in table.columns:
        name = column.removeprefix(PARAMETER_PREFIX)
        if column.startswith(PARAMETER_PREFIX) and name not in frame:
            frame[name] = table[column]
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    unknown = sorted(n for n in names - {"True", "False"} if n not in frame.columns)
    if unknown:
        raise ScenarioError(f"{shown}: unknown column {', '.join(map(repr, unknown))} (outputs: "
                            f"{', '.join(columns)}; or a varied parameter)")  # fmt: skip
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = frame.eval(where.strip(), engine="python")
    except Exception as error:  # pandas raises many kinds for an expression it cannot evaluate
        message = " ".join(str(error).split())
        raise ScenarioError(f"{shown}: cannot be evaluated ({message})") from None
    if not isinstance(found, pd.Series) or not pd.api.types.is_bool_dtype(found):
        raise ScenarioError(f"{shown}: is not a condition (true or false at each point), e.g. "
                            "accuracy_diff < 0")  # fmt: skip
    used = [c for c in columns if c in names]
    unknowable = frame[used].isna().any(axis=1).to_numpy() if used else np.zeros(len(frame), bool)
    return np.where(unknowable, np.nan, found.to_numpy(dtype=float))


def inputs(table: pd.DataFrame, parameters: list[str]) -> pd.DataFrame:
    """The parameters that vary, named without their prefix, as PRIM and CART read them:
    numbers as floats, text and true/false as categories."""
    x = pd.DataFrame(index=table.index)
    for column in parameters:
        values = table[column]
        if values.nunique(dropna=False) < 2:
            continue
        name = column.removeprefix(PARAMETER_PREFIX)
        if pd.api.types.is_bool_dtype(values):  # as the files and the command line write them
            x[name] = pd.Categorical(values.map({True: "true", False: "false"}))
        elif not pd.api.types.is_numeric_dtype(values):
            x[name] = pd.Categorical(values.astype(str))
        else:
            # whole numbers as floats too: the Workbench (3.0, on pandas 3) writes fractional
            # limits into the column when PRIM pastes and when CART splits
            x[name] = values.astype(float)
    return x


def discover(
    folder: Path | str,
    where: str,
    method: str = "prim",
    out: Path | str | None = None,
    box: int | None = None,
) -> Discovery:
    """Find the boxes where ``where`` holds; write them, figures and a report to ``out`` (by
    default ``<folder>/discovery/<the condition>``). Everything is checked before anything is
    written, and the folder appears whole or not at all."""
    folder = Path(folder)
    if method not in METHODS:
        raise ScenarioError(f"--method {method!r}: allowed: {', '.join(METHODS)}")
    if not folder.is_dir():
        raise ScenarioError(f"{folder}: no such results folder")
    table, parameters, columns = load_points(folder)
    flags = cases(table, where, columns)
    known = ~np.isnan(flags)
    x = inputs(table[known].reset_index(drop=True), parameters)
    y = flags[known].astype(bool)
    shown = f'--where "{where}"'
    if x.shape[1] == 0:
        raise ScenarioError(f"{folder}: no parameter varies between the points: nothing to explain")
    if y.sum() == 0 or y.all():
        holds = "no point" if y.sum() == 0 else "every point"
        raise ScenarioError(f"{shown}: holds at {holds} of {len(y)}: nothing to tell apart")
    if box is not None and method != "prim":
        raise ScenarioError("--box: only PRIM has a trajectory to choose from")
    out = Path(out) if out is not None else folder / "discovery" / _slug(where)
    _check_out(out, folder)
    with _quiet():
        if method == "prim":
            boxes, trajectory, drawn = _prim(x, y, box, shown)
        else:
            boxes, trajectory, drawn = _cart(x, y), None, {}
    result = Discovery(out, where, method, len(y), int(y.sum()), boxes, trajectory, box is None)
    _write(result, drawn, int((~known).sum()), folder)
    return result


def _prim(x: pd.DataFrame, y: np.ndarray, chosen: int | None, shown: str):
    from ema_workbench.analysis import prim

    found = prim.Prim(x, y, mass_min=MASS_MIN).find_box()
    if found is None:
        raise ScenarioError(f"{shown}: PRIM found no box (too few cases of interest)")
    peeled = len(found.peeling_trajectory)
    if chosen is None:
        trajectory, base = found.peeling_trajectory, float(y.mean())
        coverage = trajectory["coverage"]
        lift = ((trajectory["density"] - base) / (1 - base)).clip(lower=0)
        chosen = int((2 * coverage * lift / (coverage + lift)).fillna(0).idxmax())
        found.select(chosen)
        # drop the least supported restriction, recompute, until every one left is supported;
        # the quasi-p values: {parameter: [lower limit's, upper limit's]} (-1: not limited)
        while True:
            weakest = {
                name: min(p for p in qp if p >= 0)
                for name, qp in found.p_values[chosen].items()
                if any(p >= 0 for p in qp)
            }
            weakest = {name: p for name, p in weakest.items() if p > QP_LIMIT}
            if not weakest:
                break
            found.drop_restriction(max(weakest, key=weakest.get))  # appends the looser box
            chosen = len(found.peeling_trajectory) - 1
    elif not 0 <= chosen < peeled:
        raise ScenarioError(f"--box {chosen}: PRIM's trajectory has boxes 0 to {peeled - 1}")
    found.select(chosen)
    trajectory = found.peeling_trajectory.copy()
    trajectory["chosen"] = trajectory.index == chosen
    stats, limits = trajectory.loc[chosen], found.box_lims[chosen]
    rows = []
    for name, qp in found.p_values[chosen].items():
        qp_low, qp_high = (np.nan if p < 0 else float(p) for p in qp)
        if isinstance(x[name].dtype, pd.CategoricalDtype):
            values = " | ".join(sorted(map(str, limits[name].iloc[0])))
            rows.append({"parameter": name, "limits": "values", "low": np.nan, "high": np.nan,
                         "values": values})  # fmt: skip
        else:
            ends = {(True, False): "lower", (False, True): "upper"}.get(
                (qp[0] >= 0, qp[1] >= 0), "both"
            )
            rows.append({"parameter": name, "limits": ends, "low": float(limits[name].iloc[0]),
                         "high": float(limits[name].iloc[1]), "values": ""})  # fmt: skip
        rows[-1] |= {"box": 1, "qp_low": qp_low, "qp_high": qp_high}
    summary = {"coverage": stats["coverage"], "density": stats["density"], "mass": stats["mass"],
               "points": int(stats["n"])}  # fmt: skip
    boxes = pd.DataFrame([r | summary for r in rows], columns=BOX_COLUMNS)
    tradeoff = found.show_tradeoff()
    ax = tradeoff.axes[0]
    ax.scatter([stats["coverage"]], [stats["density"]], s=160, facecolors="none",
               edgecolors="red", linewidths=1.5, zorder=5)  # fmt: skip
    ax.annotate(f"chosen: box {chosen}", (stats["coverage"], stats["density"]),
                xytext=(8, -14), textcoords="offset points", color="red")  # fmt: skip
    ax.set_title("PRIM's peeling trajectory")
    drawn = {"tradeoff": tradeoff}
    if all(not isinstance(x[n].dtype, pd.CategoricalDtype) for n in found.p_values[chosen]):
        figure, ax = plt.subplots(figsize=(10, 1.4 + 0.6 * max(1, len(rows))))
        found.inspect(chosen, style="graph", ax=ax)  # (the Workbench draws no categories here)
        drawn["box"] = figure
    return boxes, trajectory, drawn


def _cart(x: pd.DataFrame, y: np.ndarray) -> pd.DataFrame:
    from ema_workbench.analysis import cart

    tree = cart.CART(x, y, mass_min=MASS_MIN)
    tree.build_tree()
    rows = []
    leaves = [(s, b) for s, b in zip(tree.stats, tree.boxes, strict=True)
              if s["density"] > CART_DENSITY]  # fmt: skip
    leaves.sort(key=lambda pair: -pair[0]["coverage"])
    full = {name: (x[name].min(), x[name].max()) for name in x.columns
            if not isinstance(x[name].dtype, pd.CategoricalDtype)}  # fmt: skip
    for number, (stats, limits) in enumerate(leaves, start=1):
        summary = {"coverage": stats["coverage"], "density": stats["density"],
                   "mass": stats["mass"], "points": round(stats["mass"] * len(y))}  # fmt: skip
        for name in limits.columns:
            if name in full:
                low, high = float(limits[name].iloc[0]), float(limits[name].iloc[1])
                lower, upper = low > float(full[name][0]), high < float(full[name][1])
                if not (lower or upper):
                    continue
                ends = "both" if lower and upper else "lower" if lower else "upper"
                rows.append({"box": number, "parameter": name, "limits": ends, "low": low,
                             "high": high, "values": ""} | summary)  # fmt: skip
            else:
                values = limits[name].iloc[0]
                if set(values) == set(x[name].cat.categories):
                    continue
                rows.append({"box": number, "parameter": name, "limits": "values", "low": np.nan,
                             "high": np.nan, "values": " | ".join(sorted(map(str, values)))}
                            | summary)  # fmt: skip
    return pd.DataFrame(rows, columns=BOX_COLUMNS)


def _check_out(out: Path, folder: Path) -> None:
    """``out`` may be new, empty, or an earlier discovery's folder (replaced); never the results
    folder, one that holds it, or any other folder with files."""
    here, there = out.resolve(), folder.resolve()
    if here == there or there.is_relative_to(here):
        raise ScenarioError(f"--out {out}: would replace the results folder {folder}")
    if here.is_dir() and any(here.iterdir()):
        earlier = (here / "boxes.csv").is_file() and (here / "report.md").is_file()
        foreign = any((here / name).exists() for name in ("runs.parquet", "points.parquet",
                                                           "manifest.json"))  # fmt: skip
        if not earlier or foreign:
            raise ScenarioError(f"--out {out}: not empty and not an earlier discovery's folder; "
                                "choose another --out")  # fmt: skip


def _write(result: Discovery, drawn: dict[str, Any], unknown: int, folder: Path) -> None:
    """Write the files into a fresh temporary folder beside ``out`` and rename it into place:
    an interrupted run leaves nothing half-written."""
    out = result.out
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        (staging / "figures").mkdir()
        result.boxes.to_csv(staging / "boxes.csv", index=False)
        if result.trajectory is not None:
            result.trajectory.to_csv(staging / "trajectory.csv", index_label="box")
        figures = {name: save(fig, staging / "figures" / f"{name}.png")
                   for name, fig in drawn.items()}  # fmt: skip
        text = report(result, unknown, folder, {k: out / "figures" / p.name
                                                for k, p in figures.items()})  # fmt: skip
        atomic_write_text(staging / "report.md", text)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def describe_box(boxes: pd.DataFrame, number: int = 1) -> str:
    """A box in words: "complexity at most 0.31 and need_heterogeneity at least 0.62"."""
    rows = boxes[boxes["box"] == number].itertuples()
    return (
        " and ".join(_restriction(row, inside=True) for row in rows) or "anywhere (no restriction)"
    )


def outside_box(boxes: pd.DataFrame, number: int = 1) -> str:
    """Where a box is not, in words: "need_heterogeneity is above 0.46 or service_quality is
    above 0.87"."""
    return " or ".join(_restriction(row, inside=False) for row in boxes[boxes["box"] == number]
                       .itertuples())  # fmt: skip


def _restriction(row, inside: bool) -> str:
    """One restriction of a box (a row of ``boxes.csv``) in words, or its opposite."""
    if row.limits == "values":
        values = " or ".join(row.values.split(" | "))
        switched = {"false": "true", "true": "false"}.get(row.values)
        if inside:
            return f"{row.parameter} is {values}"
        return f"{row.parameter} is {switched}" if switched else f"{row.parameter} is not {values}"
    low, high = f"{row.low:.3g}", f"{row.high:.3g}"
    words = {
        "lower": (f"at least {low}", f"is below {low}"),
        "upper": (f"at most {high}", f"is above {high}"),
        "both": (f"between {low} and {high}", f"is outside {low} to {high}"),
    }[row.limits]
    return f"{row.parameter} {words[0] if inside else words[1]}"


def report(result: Discovery, unknown: int, folder: Path, figures: dict[str, Path]) -> str:
    share = result.cases / result.points
    lines = [
        f"# Where {result.where}",
        "",
        f"Scenario discovery ({result.method.upper()}, EMA Workbench) on `{folder}`: the condition "
        f"holds at **{result.cases} of {result.points} points ({share:.0%})**"
        + (f"; {unknown} point(s) without a value were left out" if unknown else "")
        + ".",
        "",
    ]
    if result.boxes.empty:
        lines += [
            "No box. "
            + (
                "PRIM's best box restricts no parameter that its quasi-p values support: with "
                f"{result.points} points, no region where the condition holds stands out from "
                "chance."
                if result.method == "prim"
                else "No leaf of CART's tree has the condition hold at most of its points."
            ),
            "",
        ]
    for number, rows in result.boxes.groupby("box"):
        first = rows.iloc[0]
        lines += [
            f"## Box {number}: {describe_box(result.boxes, number)}",
            "",
            f"- **coverage {first['coverage']:.0%}**: of the points where it holds, this share "
            "lies in the box",
            f"- **density {first['density']:.0%}**: of the box's {int(first['points'])} points "
            f"({first['mass']:.0%} of all), it holds at this share (everywhere: {share:.0%})",
            "",
            "| parameter | from | to | values | quasi-p (low) | quasi-p (high) |",
            "|---|---:|---:|---|---:|---:|",
        ]
        for row in rows.itertuples():
            lines.append(f"| {row.parameter} | {_num(row.low)} | {_num(row.high)} | {row.values} "
                         f"| {_p(row.qp_low)} | {_p(row.qp_high)} |")  # fmt: skip
        lines.append("")
    if result.method == "prim" and result.trajectory is not None and result.automatic:
        lines += [
            "PRIM's chosen box balances coverage against lift, how far its density rises from "
            "the share everywhere towards 100 % (the largest harmonic mean of the two on the "
            f"peeling trajectory), without restrictions whose quasi-p value is above {QP_LIMIT} "
            "(`trajectory.csv` holds every box; `--box N` chooses another).",
            "",
        ]
    elif result.method == "prim" and result.trajectory is not None:
        chosen = int(result.trajectory.index[result.trajectory["chosen"]][0])
        lines += [f"Box {chosen} of PRIM's peeling trajectory, as chosen with `--box` "
                  "(`trajectory.csv` holds every box).", ""]  # fmt: skip
    for name, path in figures.items():
        lines.append(f"![{name}]({path.relative_to(result.out).as_posix()})")
    lines += ["", "Files: `boxes.csv` (every restriction of every box)"
              + (", `trajectory.csv`" if result.trajectory is not None else "") + ".", ""]  # fmt: skip
    return "\n".join(lines)


def _num(value: float) -> str:
    return "" if value is None or np.isnan(value) else f"{value:.3g}"


def _p(value: float) -> str:
    return "" if value is None or np.isnan(value) else f"{value:.2g}"


def _slug(where: str) -> str:
    """A folder name for a condition: ``accuracy_diff < -0.05`` → ``accuracy-diff-lt-minus-0.05``
    (long ones are cut and end with a hash, so two conditions never share a folder)."""
    words = {"<": "lt", ">": "gt", "<=": "le", ">=": "ge", "==": "eq", "!=": "ne"}
    text = re.sub(r"[<>=!]=?", lambda m: f" {words.get(m.group(0), 'op')} ", where)
    text = re.sub(r"-(?=[\d.])", " minus ", text)
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-").lower() or "condition"
    if len(slug) > 60 or not re.fullmatch(r"[a-z0-9.-]+", slug):
        slug = f"{slug[:60]}-{hashlib.sha1(where.encode()).hexdigest()[:8]}"
    return slug


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The Workbench logs and warns as it goes; a command's output is its files and one line."""
    logger = logging.getLogger("EMA")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
