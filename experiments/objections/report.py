"""Run the six objections and write one report: for each the claim, the seed's answer, the
hypothesis, the design, a figure and a verdict with 95 % intervals and its conditions.

The results folder holds one experiment folder per objection (``1-fit/`` …, each with
``runs.parquet``, ``timeseries.parquet``, ``summary.csv``, figures and its own report), and at the
top ``report.md``, ``verdicts.csv`` (every number a verdict rests on) and ``figures/``. Every
objection whose results are in the folder is reported, so ``--only 3`` adds to a full report
rather than replacing it. The report holds no times or dates: the same seed gives the same file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from samskaping.experiments.design import Experiment, load_experiment
from samskaping.experiments.figures import save
from samskaping.experiments.manifest import Manifest
from samskaping.experiments.objections.verdicts import OBJECTIONS, Finding, Verdict
from samskaping.experiments.progress import ProgressMode
from samskaping.experiments.runner import RESULTS, Results, run_experiment
from samskaping.experiments.store import atomic_write_text
from samskaping.scenarios.parameters import ScenarioError

FOLDER = Path(__file__).parent


def experiment(
    number: int,
    replications: int | None = None,
    seed: int | None = None,
    steps: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> Experiment:
    """Objection ``number``'s experiment, with the replications, seed, months and parameter
    changes the user asked for (a quick classroom version: fewer citizens, fewer months)."""
    stem, _ = OBJECTIONS[number]
    base = load_experiment(FOLDER / f"{stem}.toml")
    changes: dict[str, Any] = {}
    if replications is not None:
        changes["replications"] = replications
    if seed is not None:
        changes["seed"] = seed + number
    if steps is not None:
        changes["steps"] = steps
    if overrides:
        for name in overrides:
            if name in base.factors:
                raise ScenarioError(f"--set {name}: objection {number} varies it; it cannot be set")
        changes["arms"] = tuple(
            dataclasses.replace(arm, parameters=arm.parameters | overrides) for arm in base.arms
        )
    return dataclasses.replace(base, **changes)


def default_folder(
    replications: int | None,
    seed: int | None,
    steps: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> Path:
    """``results/objections-r10``, with the seed, and a tag for other changes, in the name."""
    name = f"objections-r{replications or experiment(1).replications}"
    if seed is not None:
        name += f"-s{seed}"
    if steps is not None or overrides:
        tag = json.dumps([steps, overrides], sort_keys=True)
        name += "-" + hashlib.sha256(tag.encode()).hexdigest()[:8]
    return RESULTS / name


def run_objections(
    numbers: list[int],
    out: Path,
    replications: int | None = None,
    seed: int | None = None,
    steps: int | None = None,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressMode = None,
) -> list[tuple[int, Experiment, Verdict]]:
    """Run the objections asked for (resuming what a folder holds), then report every objection
    whose results the folder holds."""
    studies = {n: experiment(n, replications, seed, steps, overrides) for n in OBJECTIONS}
    results = {
        number: run_experiment(studies[number], out / OBJECTIONS[number][0], workers, scheduler,
                               progress)
        for number in numbers
    }  # fmt: skip
    reported = []
    for number, (stem, rule) in OBJECTIONS.items():
        folder, study = out / stem, studies[number]
        if number not in results:  # run in an earlier session, or not yet
            if not (folder / "runs.parquet").is_file() or not Manifest.open(folder, study).complete:
                continue
            results[number] = Results.read(folder)
        if not results[number].failed.empty:  # a verdict needs every run
            continue
        reported.append((number, study, rule(results[number].runs)))
    write_report(reported, out)
    return reported


def write_report(reported: list[tuple[int, Experiment, Verdict]], out: Path) -> None:
    rows = [
        {"objection": number, "verdict": verdict.summary} | finding.record()
        for number, _, verdict in reported
        for finding in verdict.findings
    ]
    columns = ["objection", "verdict", *(f.name for f in dataclasses.fields(Finding))]
    atomic_write_text(out / "verdicts.csv", pd.DataFrame(rows, columns=columns).to_csv(index=False))
    lines = [
        "# Six objections to co-creation, put to the model",
        "",
        "The seed's slide 9 (seed.md §9) lists six common objections to co-creation and answers "
        "each in a sentence. Here each becomes an experiment: a hypothesis, a design with replications, a "
        "figure and a verdict. Every number is a paired difference between two arms (replication "
        "r has the same seed in both) with its 95 % confidence interval; a difference is *clear* "
        "when its interval excludes zero. The numbers are in `verdicts.csv`; each objection's "
        "runs, time series and summary are in its own folder.",
        "",
        "| # | objection | verdict |",
        "|---:|---|---|",
    ]
    lines += [f"| {n} | {e.notes.get('claim', e.title)} | {v.summary} |" for n, e, v in reported]
    lines.append("")
    for number, study, verdict in reported:
        stem, _ = OBJECTIONS[number]
        figure = figure_of(verdict.findings, out / "figures" / f"objection-{number}.png", study)
        lines += [
            f"## {study.title}",
            "",
            f"**Claim.** {study.notes.get('claim', '')}",
            "",
            f"**The seed's answer.** {study.notes.get('answer', '')}",
            "",
            f"**Hypothesis.** {study.notes.get('hypothesis', '')}",
            "",
            f"**Design.** {study.description} {len(study.arms)} arms × {study.replications} "
            f"replications, {study.steps} months each, seed {study.seed} "
            f"([`{stem}/report.md`]({stem}/report.md), [`{stem}/runs.parquet`]({stem}/runs.parquet)).",
            "",
            f"![objection {number}]({figure.relative_to(out).as_posix()})",
            "",
            f"**Verdict: {verdict.summary}** {verdict.text}",
            "",
            f"**Conditions.** {verdict.conditions}",
            "",
            "| finding | metric | difference [95 % CI] | n |",
            "|---|---|---|---:|",
            *(f"| {f.finding} | {f.metric} | {f} | {f.n} |" for f in verdict.findings),
            "",
        ]
        if "limits" in study.notes:
            lines += [f"*A note on what this experiment cannot do.* {study.notes['limits']}", ""]
    atomic_write_text(out / "report.md", "\n".join(lines))


def figure_of(findings: list[Finding], path: Path, study: Experiment) -> Path:
    """A forest plot: every finding with its 95 % interval, one panel per metric."""
    metrics = list(dict.fromkeys(f.metric for f in findings))
    sizes = [sum(f.metric == m for f in findings) for m in metrics]
    fig, axes = plt.subplots(
        len(metrics), 1, figsize=(8.5, 1.0 + 0.42 * sum(sizes) + 0.5 * len(metrics)),
        gridspec_kw={"height_ratios": sizes}, squeeze=False,
    )  # fmt: skip
    for ax, metric in zip(axes[:, 0], metrics, strict=True):
        mine = [f for f in findings if f.metric == metric]
        y = range(len(mine))
        colours = ["tab:green" if f.sign > 0 else "tab:red" if f.sign < 0 else "grey" for f in mine]
        for i, (f, colour) in enumerate(zip(mine, colours, strict=True)):
            ax.errorbar(f.mean, i, xerr=[[f.mean - f.ci_low], [f.ci_high - f.mean]], fmt="o",
                        ms=4, color=colour, capsize=3)  # fmt: skip
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks(list(y), [f.finding for f in mine], fontsize="small")
        ax.invert_yaxis()
        ax.set_title(metric, fontsize="medium", loc="left")
    fig.suptitle(study.title + "\n(difference and 95 % interval; green/red: clearly above/below 0)",
                 fontsize="medium")  # fmt: skip
    return save(fig, path, dpi=100)
