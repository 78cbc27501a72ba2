"""Claims put to the model, one report each: the six objections to co-creation and the seven evils
of its dark side.

A claim is an experiment file (its claim, the answer given to it if any, a hypothesis and a
design) and a verdict rule (``findings.py``) over each run's outcomes in its last year (the mean
of its last twelve months). :func:`run_claims` runs the claims asked for and
writes one report for every claim whose results the folder holds, so ``--only 3`` adds to a full
report rather than replacing it. The results folder holds one experiment folder per claim
(``runs.parquet``, ``timeseries.parquet``, ``summary.csv``, figures and its own report), and at
the top ``report.md``, ``verdicts.csv`` (every number a verdict rests on) and ``figures/``. The
report holds no times or dates: the same seed gives the same file. :func:`publish` copies it, with
its figures, into the documentation.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from samskaping.experiments.design import Experiment, load_experiment
from samskaping.experiments.figures import save
from samskaping.experiments.findings import Finding, Verdict
from samskaping.experiments.manifest import Manifest
from samskaping.experiments.progress import ProgressMode
from samskaping.experiments.runner import RESULTS, Results, run_experiment
from samskaping.experiments.store import atomic_write_text
from samskaping.scenarios.parameters import ScenarioError

Rule = Callable[[pd.DataFrame], Verdict]


@dataclass(frozen=True)
class Claims:
    """A set of claims and how its report reads."""

    #: the results folder's prefix and the command's name (``objections``, ``dark-side``)
    name: str
    #: one claim: "objection", "evil"; the first column of ``verdicts.csv``
    noun: str
    title: str
    introduction: str
    #: the folder of the experiment files
    folder: Path
    #: claim number → (experiment file stem, verdict rule)
    rules: dict[int, tuple[str, Rule]]
    #: the heading of the answer each claim was given ("The seed's answer"), if any
    answer: str | None = None
    #: the claims the model cannot represent: number → (title, claim, why not)
    absent: dict[int, tuple[str, str, str]] = dataclasses.field(default_factory=dict)

    def experiment(
        self,
        number: int,
        replications: int | None = None,
        seed: int | None = None,
        steps: int | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> Experiment:
        """Claim ``number``'s experiment, with the replications, seed, months and parameter
        changes the user asked for (a quick classroom version: fewer citizens, fewer months)."""
        stem, _ = self.rules[number]
        base = load_experiment(self.folder / f"{stem}.toml")
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
                    raise ScenarioError(
                        f"--set {name}: {self.noun} {number} varies it; it cannot be set"
                    )
            changes["arms"] = tuple(
                dataclasses.replace(arm, parameters=arm.parameters | overrides) for arm in base.arms
            )
        return dataclasses.replace(base, **changes)

    def default_folder(
        self,
        replications: int | None,
        seed: int | None,
        steps: int | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> Path:
        """``results/objections-r10``, with the seed, and a tag for other changes, in the name."""
        first = min(self.rules)
        name = f"{self.name}-r{replications or self.experiment(first).replications}"
        if seed is not None:
            name += f"-s{seed}"
        if steps is not None or overrides:
            tag = json.dumps([steps, overrides], sort_keys=True)
            name += "-" + hashlib.sha256(tag.encode()).hexdigest()[:8]
        return RESULTS / name


def run_claims(
    claims: Claims,
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
    """Run the claims asked for (resuming what a folder holds), then report every claim whose
    results the folder holds."""
    studies = {n: claims.experiment(n, replications, seed, steps, overrides) for n in claims.rules}
    results = {
        number: run_experiment(studies[number], out / claims.rules[number][0], workers, scheduler,
                               progress)
        for number in numbers
    }  # fmt: skip
    reported = []
    for number, (stem, rule) in claims.rules.items():
        folder, study = out / stem, studies[number]
        if number not in results:  # run in an earlier session, or not yet
            if not (folder / "runs.parquet").is_file() or not Manifest.open(folder, study).complete:
                continue
            results[number] = Results.read(folder)
        if not results[number].failed.empty:  # a verdict needs every run
            continue
        reported.append((number, study, rule(last_year(results[number]))))
    write_report(claims, reported, out)
    return reported


def last_year(results: Results, months: int = 12) -> pd.DataFrame:
    """Every run's row with each metric the mean of its last ``months`` months rather than the
    last month alone: a verdict should not rest on one noisy month (a unit's quality, an
    arena that met or not)."""
    series = results.timeseries
    last = series[series["step"] > series.groupby("run_id")["step"].transform("max") - months]
    means = last.drop(columns="step").groupby("run_id").mean()
    runs = results.runs.set_index("run_id")
    metrics = [name for name in means.columns if name in runs.columns]
    runs.loc[means.index, metrics] = means[metrics]
    return runs.reset_index()


def write_report(claims: Claims, reported: list[tuple[int, Experiment, Verdict]], out: Path):
    rows = [
        {claims.noun: number, "verdict": verdict.summary} | finding.record()
        for number, _, verdict in reported
        for finding in verdict.findings
    ]
    columns = [claims.noun, "verdict", *(f.name for f in dataclasses.fields(Finding))]
    atomic_write_text(out / "verdicts.csv", pd.DataFrame(rows, columns=columns).to_csv(index=False))
    lines = [
        f"# {claims.title}",
        "",
        claims.introduction,
        "",
        f"| # | {claims.noun} | verdict |",
        "|---:|---|---|",
    ]
    rows = {n: f"| {n} | {e.notes.get('claim', e.title)} | {v.summary} |" for n, e, v in reported}
    rows |= {n: f"| {n} | {claim} | Not represented in this model (see below). |"
             for n, (_, claim, _) in claims.absent.items()}  # fmt: skip
    lines += [rows[n] for n in sorted(rows)]
    lines.append("")
    for number, study, verdict in reported:
        stem, _ = claims.rules[number]
        figure = figure_of(verdict.findings, out / "figures" / f"{claims.noun}-{number}.png", study)
        lines += [
            f"## {study.title}",
            "",
            f"**Claim.** {study.notes.get('claim', '')}",
            "",
            *([f"**{claims.answer}.** {study.notes.get('answer', '')}", ""] if claims.answer
              else []),
            f"**Hypothesis.** {study.notes.get('hypothesis', '')}",
            "",
            f"**Design.** {study.description} {len(study.arms)} arms × {study.replications} "
            f"replications, {study.steps} months each, seed {study.seed} "
            f"([`{stem}/report.md`]({stem}/report.md), [`{stem}/runs.parquet`]({stem}/runs.parquet)).",
            "",
            f"![{claims.noun} {number}]({figure.relative_to(out).as_posix()})",
            "",
            f"**Verdict: {verdict.summary}** {verdict.text}",
            "",
            f"**Conditions.** {verdict.conditions}",
            "",
            "| finding | metric | difference [95 % CI] | n |",
            "|---|---|---|---:|",
            *(f"| {f.finding} | {f.metric} | {f} | {f.n} |" for f in verdict.findings),
            "",
        ]  # fmt: skip
        if "limits" in study.notes:
            lines += [f"*A note on what this experiment cannot do.* {study.notes['limits']}", ""]
    for title, claim, why in claims.absent.values():
        lines += [f"## {title}", "", f"**Claim.** {claim}", "", f"**Not represented.** {why}", ""]
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


def publish(claims: Claims, out: Path, docs: Path, how: str) -> Path:
    """Copy the report in ``out`` into ``docs/<name>.md`` with its figures (under
    ``docs/figures/<name>/``): the links into the results folder go (its data files stay there),
    and a first line says how it was made (``how``: the command and what it took)."""
    text = (out / "report.md").read_text(encoding="utf-8")
    text = re.sub(r" \(\[`[^`]+/report\.md`\]\([^)]*\), \[`[^`]+/runs\.parquet`\]\([^)]*\)\)", "",
                  text)  # fmt: skip
    text = text.replace("](figures/", f"](figures/{claims.name}/")
    figures = docs / "figures" / claims.name
    figures.mkdir(parents=True, exist_ok=True)
    for picture in sorted((out / "figures").glob("*.png")):
        shutil.copyfile(picture, figures / picture.name)
    page = docs / f"{claims.name}.md"
    comment = (
        f"<!-- Generated by {how} and copied here with its figures; run the command to get the "
        "data files. -->"
    )
    atomic_write_text(page, f"{comment}\n\n{text}")
    return page
